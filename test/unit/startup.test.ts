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

  it("stop() waits for a maintenance loop in progress before it closes the database", async () => {
    const port = await freePort();
    const config = testConfig();
    const started = startServices({ ...config, uplink: { ...config.uplink, port } }, { clock: new ManualClock(Date.UTC(2026, 0, 1)), log: silentLogger() });
    app = started;
    const outcomes: string[] = [];
    started.maintenance.on("ran", (loop, outcome) => outcomes.push(`${loop}: ${outcome}`));
    const { promise: inside, resolve: entered } = Promise.withResolvers<void>();
    const { promise: gate, resolve: release } = Promise.withResolvers<void>();
    let accountsSeen = -1;
    // Appended after the real loops: it runs last, when they have all finished.
    started.maintenance.add({
      name: "probe",
      async run(services) {
        entered();
        await gate;
        accountsSeen = services.accounts.counts().total;
        return { changed: 0 };
      },
    });
    // With the link (which has no uplink here) already stopped and the mail delivery idle, nothing
    // of stop() but the maintenance loop waits on I/O: a stop() that did not wait for the loop
    // would close the database before the next macrotask.
    await started.link.stop();
    await started.mail.delivery.runOnce();
    void started.maintenance.runOnce();
    await inside;

    const stopping = started.stop().then(() => "stopped" as const);
    const later = new Promise<"later">((resolve) => setImmediate(() => resolve("later")));
    expect(await Promise.race([stopping, later])).toBe("later");
    expect(started.db.open).toBe(true);

    release();
    expect(await stopping).toBe("stopped");
    app = null;
    expect(accountsSeen).toBe(0);
    expect(outcomes.filter((o) => !o.endsWith(": ok") && !o.endsWith(": held"))).toEqual([]);
    expect(outcomes.at(-1)).toBe("probe: ok");
    expect(started.db.open).toBe(false);
  });
});
