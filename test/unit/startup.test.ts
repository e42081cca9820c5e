/**
 * Start-up and shutdown of the whole program (src/main.ts) without an uplink: stop() detaches
 * every listener start-up attached, so nothing of a stopped instance reacts any more.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startServices, type App } from "../../src/main.js";
import { freePort } from "../../src/sandbox/inspircd.js";
import { silentLogger } from "../../src/util/logger.js";
import { ManualClock } from "../../src/util/clock.js";
import { testConfig } from "../support.js";

/** Listeners an emitter holds, by event name (the ones with any). */
function listeners(emitter: { eventNames(): (string | symbol)[]; listenerCount(event: string | symbol): number }): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of emitter.eventNames()) counts[String(event)] = emitter.listenerCount(event);
  return counts;
}

let app: App | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
});

describe("start-up", () => {
  it("wires the link, the network, the pseudo-clients and the domain, and stop() detaches all of it", async () => {
    // Nothing listens on the uplink port: the link keeps trying until stopped.
    const port = await freePort();
    const config = testConfig();
    app = startServices({ ...config, uplink: { ...config.uplink, port } }, { clock: new ManualClock(Date.UTC(2026, 0, 1)), log: silentLogger() });
    const { link, network, clients, services } = app;
    expect(Object.keys(listeners(link)).sort()).toEqual(expect.arrayContaining(["bursting", "ready", "message", "sasl", "disconnected"]));
    // userQuit and nickChanged: the pseudo-clients follow them too (a KILL or a SAVE of one of ours).
    expect(listeners(network)).toMatchObject({ userConnected: 2, userQuit: 4, joined: 1, left: 1, nickChanged: 2 });
    expect(listeners(clients)).toEqual({ command: 1, ctcp: 1 });
    expect(services.accounts.listenerCount("loggedIn")).toBe(2);

    await app.stop();
    app = null;
    expect(listeners(link)).toEqual({});
    expect(listeners(network)).toEqual({});
    expect(listeners(clients)).toEqual({});
    expect(listeners(services.accounts)).toEqual({});
  });

  it("with metrics and REHASH, stop() detaches their listeners and closes the metrics port", async () => {
    const [uplinkPort, metricsPort] = [await freePort(), await freePort()];
    const config = testConfig(`[metrics]\nlisten = "127.0.0.1:${metricsPort}"\n`);
    app = startServices({ ...config, uplink: { ...config.uplink, port: uplinkPort } }, { clock: new ManualClock(Date.UTC(2026, 0, 1)), log: silentLogger() });
    const { services, maintenance } = app;
    expect(await app.metrics?.server.listening).toBe(true);
    expect(services.accounts.listenerCount("identifyAttempt")).toBe(1);
    expect(maintenance.listenerCount("ran")).toBe(1);
    expect((services.configuration as unknown as { listenerCount(e: string): number }).listenerCount("reloaded")).toBe(1);

    await app.stop();
    app = null;
    expect(services.accounts.listenerCount("identifyAttempt")).toBe(0);
    expect(maintenance.listenerCount("ran")).toBe(0);
    expect((services.configuration as unknown as { listenerCount(e: string): number }).listenerCount("reloaded")).toBe(0);
    await expect(fetch(`http://127.0.0.1:${metricsPort}/healthz`)).rejects.toThrow();
  });
});
