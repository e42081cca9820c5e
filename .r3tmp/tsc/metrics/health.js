/**
 * GET /healthz: healthy while the link is up and the database answers. A link counts as up only
 * while the uplink has been heard from within the ping timeout, so an ircd that hangs or whose
 * host went away shows here as soon as the timeout passes, even before the link is dropped.
 */
export function checkHealth(sources) {
    let link = "down";
    if (sources.linkReady())
        link = sources.linkSilentMs() > sources.pingTimeoutMs ? "silent" : "up";
    let database = "ok";
    try {
        sources.queryDatabase();
    }
    catch {
        database = "error";
    }
    const healthy = link === "up" && database === "ok";
    return { healthy, body: { status: healthy ? "ok" : "unavailable", link, database } };
}
//# sourceMappingURL=health.js.map