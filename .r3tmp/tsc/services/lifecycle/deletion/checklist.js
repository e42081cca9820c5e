import { rfc1459Fold } from "../../../util/casefold.js";
import { LEVELS } from "../../channels/levels.js";
import { staffEntryOf } from "./opers.js";
/** An item's key as CASE RULE names it: `@K` is added in cases of several accounts. */
export function itemKey(base, k, multi) {
    return multi ? `${base}@${k}` : base;
}
/** How item keys compare (as typed, as stored in rulings): case-insensitively, channel names as IRC folds them. */
export function normalItemKey(key) {
    return rfc1459Fold(key.trim());
}
/** Why an account cannot succeed to a channel in this case, or null when it can. */
export function successorProblem(ctx, c, accountId) {
    const account = ctx.accounts.byId(accountId);
    if (!account)
        return "unknown";
    if (c.accounts.some((a) => a.accountId === account.id))
        return "this-case";
    if (account.status !== "active")
        return "unverified";
    if (account.frozen)
        return "frozen";
    if (ctx.openCasesOf(account.id).length > 0)
        return "in-case";
    return null;
}
/** The successor the configured rule picks among the channel's access list, or null. */
function ruleSuccessor(ctx, c, channelId) {
    const rule = ctx.config.deletion.successor;
    if (rule === "none")
        return null;
    const min = rule === "coowner" ? LEVELS.coowner : LEVELS.manager;
    const candidates = ctx.channels
        .accessEntries(channelId)
        .filter((e) => e.level >= min && e.accountStatus === "active" && successorProblem(ctx, c, e.accountId) === null)
        .sort((a, b) => b.level - a.level || a.addedAt - b.addedAt || (a.accountId < b.accountId ? -1 : 1));
    return candidates[0]?.accountId ?? null;
}
/** The checklist of the account `k` of case `c`, with the rulings given (normalised key -> ruling). */
export function computeChecklist(ctx, c, k, account, rulings) {
    const multi = c.accounts.length > 1;
    const key = (base) => itemKey(base, k, multi);
    const ruled = (itemKeyText) => rulings.get(normalItemKey(itemKeyText));
    const items = [];
    const owned = ctx.channels.ownedBy(account.id);
    for (const record of owned) {
        const itemKeyText = `channel:${record.name}`;
        const ruling = ruled(itemKeyText);
        const base = { kind: "channel", key: itemKeyText, k, channel: record.name, channelId: record.id, state: record.state };
        if (ruling === "drop")
            items.push({ ...base, successor: null, by: "ruling" });
        else if (record.state !== "active")
            items.push({ ...base, successor: null, by: "not-active" });
        else if (ruling?.startsWith("successor:")) {
            const successor = ruling.slice("successor:".length);
            const unfit = successorProblem(ctx, c, successor) !== null;
            items.push({ ...base, successor, by: "ruling", ...(unfit ? { unfit: true } : {}) });
        }
        else if (ctx.config.deletion.successor === "none")
            items.push({ ...base, successor: null, by: "rule-none" });
        else {
            const successor = ruleSuccessor(ctx, c, record.id);
            items.push({ ...base, successor, by: successor ? "rule" : "no-candidate" });
        }
    }
    const ownedIds = new Set(owned.map((r) => r.id));
    for (const { channel, level } of ctx.channels.accessHeldBy(account.id)) {
        if (ownedIds.has(channel.id))
            continue;
        items.push({ kind: "access", key: key(`access:${channel.name}`), k, channel: channel.name, level });
    }
    const authored = ctx.channels.authoredBy(account.id, account.name);
    const auditEntries = ctx.audit.counts(account.id).by;
    if (authored.granted + authored.notes + auditEntries > 0) {
        items.push({ kind: "granted", key: key("granted"), k, granted: authored.granted, notes: authored.notes, auditEntries });
    }
    const staff = staffEntryOf(ctx.staff, ctx.config, account);
    if (staff) {
        const staffKey = key("staff");
        items.push({
            kind: "staff",
            key: staffKey,
            k,
            operKey: staff.key,
            cls: staff.cls,
            via: staff.via,
            privileges: staff.privileges,
            revoke: ruled(staffKey) === "revoke",
            // The directory lists only keys still in [opers]: a name key would give its class to whoever takes the name next.
            keyListed: staff.via === "name",
        });
    }
    const hold = (base, cause) => {
        const holdKey = key(base);
        items.push({ kind: "hold", key: holdKey, k, cause, waived: ruled(holdKey) === "waive" });
    };
    for (const request of ctx.channels.heldRequestsOf(account.id))
        hold(`hold:review:${request.id}`, { kind: "review", requestId: request.id, channel: request.name });
    for (const other of ctx.openCasesOf(account.id)) {
        if (other.number === c.number)
            continue;
        const earlier = other.openedAt < c.openedAt || (other.openedAt === c.openedAt && other.number < c.number);
        if (earlier)
            hold(`hold:case:${other.number}`, { kind: "case", other: other.number });
    }
    // The freeze signal is the account's frozen flag (kept equal to an active freeze record); the
    // record says why, since when and until when.
    if (account.frozen) {
        const freeze = ctx.freezes.active(account.id);
        hold("hold:frozen", { kind: "frozen", reason: freeze?.reason ?? null, since: freeze?.frozenAt ?? null, until: freeze?.expiresAt ?? null });
    }
    return items;
}
/** Why the case cannot be carried out now (empty: it can). */
export function blockersOf(c, items, now) {
    const blockers = [];
    if (now < c.windowEndsAt)
        blockers.push({ kind: "window", until: c.windowEndsAt });
    if (c.hold)
        blockers.push({ kind: "manual-hold", reason: c.hold.reason });
    for (const item of items) {
        if (item.kind === "hold" && !item.waived)
            blockers.push({ kind: "hold", key: item.key, cause: item.cause });
        else if (item.kind === "staff" && !item.revoke)
            blockers.push({ kind: "needs-ruling", key: item.key });
        else if (item.kind === "staff" && item.keyListed)
            blockers.push({ kind: "opers-entry", key: item.key, operKey: item.operKey });
        else if (item.kind === "channel" && item.unfit)
            blockers.push({ kind: "needs-ruling", key: item.key });
    }
    return blockers;
}
/** Trivial: nothing to hand over, remove, revoke or wait for (DESIGN §3: such accounts go at once). */
export function isTrivial(items) {
    return items.every((item) => item.kind === "granted");
}
//# sourceMappingURL=checklist.js.map