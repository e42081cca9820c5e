export function retentionDate(events, settings) {
    const candidates = [{ until: events.ruledAt + settings.retention, rule: "ruling" }];
    if (settings.retain_after_grant > 0 && events.lastGrantAt !== null) {
        candidates.push({ until: events.lastGrantAt + settings.retain_after_grant, rule: "grant" });
    }
    if (settings.retain_after_authored > 0 && events.lastAuthoredAt !== null) {
        candidates.push({ until: events.lastAuthoredAt + settings.retain_after_authored, rule: "authored" });
    }
    return candidates.reduce((a, b) => (b.until > a.until ? b : a));
}
//# sourceMappingURL=retention.js.map