/**
 * The link through faults, end to end: the real InspIRCd stopped and started again while clients
 * are registering, and a services restart met by 200 clients reconnecting at once with SASL.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServices, type App } from "../../src/main.js";
import { AccountStore } from "../../src/services/accounts/store.js";
import { hashPassword } from "../../src/services/accounts/password.js";
import { createLogger } from "../../src/util/logger.js";
import { makeAccount } from "./harness/accounts.js";
import { connectClient, type TestClient } from "./harness/client.js";
import { eventually, SERVICES_NAME, startStack, withTimeout, type Stack } from "./harness/stack.js";

/** Resolves on the next `count` emissions of `event` on the link. */
function nextEvents(app: App, event: "disconnected" | "ready", count = 1): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const on = (): void => {
      if (++seen < count) return;
      app.link.off(event, on);
      resolve();
    };
    app.link.on(event, on);
  });
}

describe("InspIRCd restarted while clients register", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ sections: { mail: 'delay = "0"', flood: "messages = 40" } });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("relinks with backoff, bursts again and serves; every acknowledged registration is kept and can be verified", async () => {
    const nicks = Array.from({ length: 12 }, (_, i) => `Regi${String.fromCharCode(97 + i)}`);
    const address = (nick: string) => `${nick.toLowerCase()}@example.org`;
    const clients = await Promise.all(nicks.map((nick) => stack.connect(nick)));
    const acknowledged = new Set<string>();
    // A client's answer, or its connection closing without one (when the ircd goes down).
    const replies = clients.map(
      (client, i) =>
        new Promise<void>((settle) => {
          client.raw.once("close", () => settle());
          client
            .waitNotice("NickServ", (t) => t.includes("is now registered"), 30_000)
            .then(() => acknowledged.add(nicks[i] as string))
            .catch(() => undefined)
            .finally(() => settle());
        }),
    );

    // Half the clients register; the other half send REGISTER and the ircd dies (SIGKILL) at once,
    // with their lines somewhere between the clients, the ircd, services and back.
    const linkLost = nextEvents(stack.app, "disconnected");
    const twoRetriesFailed = nextEvents(stack.app, "disconnected", 3);
    const register = (i: number) => clients[i]!.say("NickServ", `REGISTER ${nicks[i]!.toLowerCase()}-pass-1 ${address(nicks[i] as string)}`);
    for (let i = 0; i < 6; i++) register(i);
    await Promise.all(replies.slice(0, 6));
    for (let i = 6; i < nicks.length; i++) register(i);
    stack.ircd.process.kill("SIGKILL");
    await stack.ircd.stop();
    await linkLost;
    // Services keep trying while the ircd is down: the link lost, then two reconnects refused.
    await withTimeout(twoRetriesFailed, 20_000, "two reconnect attempts");
    const relinked = nextEvents(stack.app, "ready");
    await stack.ircd.restart();
    await withTimeout(relinked, 20_000, "services relinked after the ircd restart");
    await Promise.all(replies);
    expect(acknowledged.size).toBeGreaterThanOrEqual(6);
    console.log(`registrations acknowledged before the ircd stopped: ${acknowledged.size} of ${nicks.length}`);

    // The reconnect delays grew: 1 s, 2 s, then the 3 s cap (the stack's reconnect_delay and max_reconnect_delay).
    const delays = await eventually(
      () => {
        const lines = readFileSync(stack.logPath, "utf8").split("\n").filter((l) => l.includes("will reconnect"));
        const found = lines.map((l) => (JSON.parse(l) as { retryInMs: number }).retryInMs);
        return found.length >= 3 ? found : null;
      },
      5_000,
      "reconnect delays in the log",
    );
    expect(delays.slice(0, 3)).toEqual([1000, 2000, 3000]);

    // Burst again: the pseudo-clients are back on the network.
    const watcher = await stack.connect("Relinker");
    for (const nick of ["X2", "NickServ", "OperServ"]) expect((await watcher.whois(nick)).server).toBe(SERVICES_NAME);

    // Nothing half-written: an account exists exactly when its verification mail was queued or sent.
    const store = new AccountStore(stack.app.db);
    const mails = stack.app.mail.outbox;
    for (const nick of nicks) {
      const account = store.byName(nick);
      const mailed = stack.app.db.prepare("SELECT count(*) AS n FROM mail_outbox WHERE recipient = ?").get(address(nick)) as { n: number };
      expect({ nick, mailed: mailed.n }).toEqual({ nick, mailed: account ? 1 : 0 });
      if (acknowledged.has(nick)) expect(account?.status, nick).toBe("unverified");
    }
    expect(mails.stats().failed).toBe(0);

    // Every registration that was made (all acknowledged ones, and any whose answer was lost) can
    // be completed with the code it was sent, once; any that was not made can be made now.
    await Promise.all(nicks.map(async (nick) => {
      const client = await stack.connect(nick);
      if (!store.byName(nick)) {
        client.say("NickServ", `REGISTER ${nick.toLowerCase()}-pass-1 ${address(nick)}`);
        await client.waitNotice("NickServ", (t) => t.includes("is now registered"), 10_000);
      }
      const mail = await stack.smtp.waitFor((m) => m.to.includes(address(nick)), 15_000);
      const code = /VERIFY REGISTER \S+ ([A-Z2-9]{20})/.exec(mail.text)?.[1];
      client.say("NickServ", `VERIFY REGISTER ${nick} ${code}`);
      await client.waitNotice("NickServ", (t) => t === `You are now logged in as ${nick}.`, 10_000);
      expect(stack.smtp.messages.filter((m) => m.to.includes(address(nick)))).toHaveLength(1);
    }));
  });
});

describe("a services restart met by 200 clients with SASL", () => {
  let stack: Stack;
  let restarted: App | null = null;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.quit()));
    await restarted?.stop();
    await stack?.stop();
  });

  it("logs all 200 in within 30 seconds of services coming back", async () => {
    const COUNT = 200;
    const password = "mass-password-1";
    // One hash at the default cost (scrypt N=16384), shared: each login pays a full verification.
    const hash = await hashPassword(password, { N: 16384, r: 8, p: 1 });
    const names = Array.from({ length: COUNT }, (_, i) => `Mass${String(i).padStart(3, "0")}`);
    for (const name of names) await makeAccount(stack, name, password, { passwordHash: hash });

    await stack.app.stop("Restarting");
    restarted = startServices(stack.config, { clock: stack.clock, log: createLogger({ level: "info", file: stack.logPath }) });
    await withTimeout(restarted.ready, 20_000, "services relinked after the restart");

    const started = performance.now();
    const connected = await Promise.allSettled(
      names.map((name) => connectClient({ port: stack.clientPort, nick: name, sasl: { account: name, password }, timeoutMs: 60_000 })),
    );
    const elapsedMs = performance.now() - started;
    for (const result of connected) if (result.status === "fulfilled") clients.push(result.value);
    const failures = connected.flatMap((r, i) => (r.status === "rejected" ? [`${names[i]}: ${String(r.reason)}`] : []));
    expect(failures).toEqual([]);
    const notLoggedIn = clients.filter((c) => c.account?.toLowerCase() !== c.nick.toLowerCase()).map((c) => `${c.nick}: ${c.account} ${c.saslFailure}`);
    expect(notLoggedIn).toEqual([]);
    console.log(`200 SASL logins after a services restart: ${(elapsedMs / 1000).toFixed(1)} s`);
    expect(elapsedMs).toBeLessThan(30_000);
  });
});
