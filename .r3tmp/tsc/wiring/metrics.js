import { errorStack } from "../util/logger.js";
/** Events that arrive while the metrics modules load (a few ms at start-up) wait, up to this many. */
const MAX_EARLY_EVENTS = 10_000;
/**
 * Starts metrics and the HTTP server when [metrics] listen is set; null when it is off. prom-client
 * and node:http are imported only then: importing node:http alone cost some 100 ms of start-up
 * (its module facade loads fetch's implementation).
 */
export function installMetrics(deps) {
    const listen = deps.config.metrics.listen;
    if (listen === "")
        return null;
    const { link, router, maintenance, mail, sasl, accounts, breaker, db } = deps;
    let ready = null;
    let early = [];
    const record = (event) => {
        if (ready)
            event(ready);
        else if (early && early.length < MAX_EARLY_EVENTS)
            early.push(event);
    };
    const onCommand = (e) => record((m) => m.commandHandled(e.service, e.command ?? "(none)", e.outcome, e.seconds));
    const onLoop = (loop, outcome) => record((m) => m.loopRan(loop, outcome));
    const onSent = () => record((m) => m.mailDelivered());
    const onFailed = (kind) => record((m) => m.mailFailure(kind));
    const onSasl = (mechanism, outcome) => record((m) => m.login(`SASL ${mechanism}`, outcome));
    const onIdentify = (outcome) => record((m) => m.login("IDENTIFY", outcome));
    router.on("handled", onCommand);
    maintenance.on("ran", onLoop);
    mail.delivery.on("sent", onSent);
    mail.delivery.on("failed", onFailed);
    sasl.on("attempt", onSasl);
    accounts.on("identifyAttempt", onIdentify);
    const probe = db.prepare("SELECT count(*) FROM sqlite_schema");
    const loaded = Promise.all([import("../metrics/registry.js"), import("../metrics/server.js")]).then(([registry, http]) => {
        const metrics = new registry.ServiceMetrics();
        metrics.setSources({
            linkUp: () => link.isReady,
            outboxPending: () => mail.outbox.pendingByPriority(),
            reviewPending: () => deps.reviewPending(),
            breaker: () => ({ loops: maintenance.names(), held: breaker.held().map((h) => h.loop) }),
        });
        const server = http.startMetricsServer(listen, metrics, {
            linkReady: () => link.isReady,
            linkSilentMs: () => link.silentMs,
            pingTimeoutMs: deps.config.uplink.ping_timeout,
            queryDatabase: () => void probe.get(),
        }, deps.log);
        ready = metrics;
        for (const event of early ?? [])
            event(metrics);
        early = null;
        return { metrics, server };
    });
    const failed = loaded.catch((error) => {
        deps.log.error({ err: errorStack(error) }, "metrics could not be loaded; services run on without them");
        return null;
    });
    return {
        metrics: failed.then((l) => l?.metrics ?? null),
        server: {
            listening: failed.then((l) => (l ? l.server.listening : false)),
            close: async () => {
                await (await failed)?.server.close();
            },
        },
        async stop() {
            router.off("handled", onCommand);
            maintenance.off("ran", onLoop);
            mail.delivery.off("sent", onSent);
            mail.delivery.off("failed", onFailed);
            sasl.off("attempt", onSasl);
            accounts.off("identifyAttempt", onIdentify);
            await (await failed)?.server.close();
        },
    };
}
//# sourceMappingURL=metrics.js.map