/** The HTTP server of [metrics] listen: GET /metrics (Prometheus text format) and GET /healthz. */
import { createServer } from "node:http";
import { parseListenAddress } from "../config/schema.js";
import { errorMessage, errorStack } from "../util/logger.js";
import { checkHealth } from "./health.js";
export function startMetricsServer(listen, metrics, health, log) {
    const address = parseListenAddress(listen);
    if (!address)
        throw new Error(`metrics.listen: not host:port: ${listen}`);
    const send = (res, status, type, body) => {
        res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
        res.end(res.req.method === "HEAD" ? undefined : body);
    };
    const handle = async (req, res) => {
        const path = (req.url ?? "/").split("?")[0];
        if (path !== "/metrics" && path !== "/healthz")
            return send(res, 404, "text/plain; charset=utf-8", "Not found: try /metrics or /healthz\n");
        if (req.method !== "GET" && req.method !== "HEAD") {
            res.setHeader("Allow", "GET, HEAD");
            return send(res, 405, "text/plain; charset=utf-8", "Method not allowed\n");
        }
        if (path === "/healthz") {
            const report = checkHealth(health);
            return send(res, report.healthy ? 200 : 503, "application/json", JSON.stringify(report.body) + "\n");
        }
        const { contentType, body } = await metrics.scrape();
        send(res, 200, contentType, body);
    };
    const server = createServer((req, res) => {
        handle(req, res).catch((error) => {
            log.error({ err: errorStack(error), url: req.url }, "metrics request failed");
            if (!res.headersSent)
                send(res, 500, "text/plain; charset=utf-8", "Internal error\n");
            else
                res.destroy();
        });
    });
    // Scrapers are quick; a connection that dawdles is not one.
    server.requestTimeout = 10_000;
    server.headersTimeout = 5_000;
    server.keepAliveTimeout = 5_000;
    const listening = new Promise((resolve) => {
        server.once("error", (error) => {
            log.error({ listen, err: errorMessage(error) }, "metrics server could not listen; services run on without it");
            resolve(false);
        });
        server.listen(address.port, address.host, () => {
            log.info({ listen }, "metrics server listening (GET /metrics, GET /healthz)");
            resolve(true);
        });
    });
    return {
        listening,
        async close() {
            if (!server.listening)
                return;
            await new Promise((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            });
        },
    };
}
//# sourceMappingURL=server.js.map