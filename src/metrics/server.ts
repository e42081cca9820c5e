/** The HTTP server of [metrics] listen: GET /metrics (Prometheus text format) and GET /healthz. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseListenAddress } from "../config/schema.js";
import { errorMessage, errorStack, type Logger } from "../util/logger.js";
import { checkHealth, type HealthSources } from "./health.js";
import type { ServiceMetrics } from "./registry.js";

export interface MetricsServer {
  /** Resolves once listening (or once listening failed, which is logged: services run on without it). */
  listening: Promise<boolean>;
  close(): Promise<void>;
}

export function startMetricsServer(listen: string, metrics: ServiceMetrics, health: HealthSources, log: Logger): MetricsServer {
  const address = parseListenAddress(listen);
  if (!address) throw new Error(`metrics.listen: not host:port: ${listen}`);

  const send = (res: ServerResponse, status: number, type: string, body: string): void => {
    res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
    res.end(res.req.method === "HEAD" ? undefined : body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics" && path !== "/healthz") return send(res, 404, "text/plain; charset=utf-8", "Not found: try /metrics or /healthz\n");
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
    handle(req, res).catch((error: unknown) => {
      log.error({ err: errorStack(error), url: req.url }, "metrics request failed");
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "Internal error\n");
      else res.destroy();
    });
  });
  // Scrapers are quick; a connection that dawdles is not one.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 5_000;

  const listening = new Promise<boolean>((resolve) => {
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
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
