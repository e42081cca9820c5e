import { describe, expect, it } from "vitest";
import { checkHealth, type HealthSources } from "../../src/metrics/health.js";

const sources = (over: Partial<HealthSources> = {}): HealthSources => ({
  linkReady: () => true,
  linkSilentMs: () => 1_000,
  pingTimeoutMs: 120_000,
  queryDatabase: () => {},
  ...over,
});

describe("checkHealth", () => {
  it("is healthy while the link is up and the database answers", () => {
    expect(checkHealth(sources())).toEqual({ healthy: true, body: { status: "ok", link: "up", database: "ok" } });
  });

  it("reports a link that is not ready as down", () => {
    expect(checkHealth(sources({ linkReady: () => false }))).toEqual({ healthy: false, body: { status: "unavailable", link: "down", database: "ok" } });
  });

  it("reports an uplink silent for longer than the ping timeout, before the link is dropped", () => {
    expect(checkHealth(sources({ linkSilentMs: () => 120_001 })).body.link).toBe("silent");
    expect(checkHealth(sources({ linkSilentMs: () => 120_000 })).healthy).toBe(true);
  });

  it("reports a database that throws", () => {
    const report = checkHealth(
      sources({
        queryDatabase: () => {
          throw new Error("The database connection is not open");
        },
      }),
    );
    expect(report).toEqual({ healthy: false, body: { status: "unavailable", link: "up", database: "error" } });
  });
});
