/**
 * Pseudo-clients under attack on a live network: X2 killed by an oper (after servprotect was
 * unloaded, the one way a real InspIRCd lets a KILL or a KICK of it through) comes back within
 * seconds, with its channels and its op, and the event is logged; X2 kicked from a registered
 * channel rejoins with backoff, stays out after the third kick in ten minutes (opers told once) and
 * comes back when an oper asks.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectOperWatcher, OPER_IRCD_CONF, type OperWatcher } from "./harness/oper.js";
import { eventually, SERVICES_NAME, startStack, withTimeout, type Stack } from "./harness/stack.js";
import { x2 } from "./channels-helpers.js";
import { makeAccount } from "./harness/accounts.js";
import type { TestClient } from "./harness/client.js";

describe("pseudo-clients removed from the network", () => {
  let stack: Stack;
  let oper: OperWatcher;

  beforeAll(async () => {
    stack = await startStack({ ircdConf: OPER_IRCD_CONF, sections: { mail: 'delay = "0"' } });
    oper = await connectOperWatcher(stack, "Killer");
    await oper.command("UNLOADMODULE m_servprotect.so", (l) => / 973 /.test(l));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("introduces X2 again after a KILL, back in its channels with op, and logs it", async () => {
    const owner = await stack.connect("Chanowner");
    await owner.join("#kept");
    expect(await x2(owner, "REGISTER #kept chanowner@example.org")).toMatch(/^#kept is registered/);
    const x2uid = stack.app.clients.uid("x2");
    // X2 joins while services handle the REGISTER, before they answer it.
    expect(stack.app.network.getChannel("#kept")?.members.has(x2uid)).toBe(true);

    const rejoined = new Promise<void>((resolve) =>
      owner.raw.on("join", (e: { nick: string; channel: string }) => {
        if (e.nick === "X2" && e.channel.toLowerCase() === "#kept") resolve();
      }),
    );
    const left = new Promise<string>((resolve) =>
      owner.raw.on("quit", (e: { nick: string; message: string }) => {
        if (e.nick === "X2") resolve(e.message);
      }),
    );
    oper.client.raw.raw("KILL X2 :testing the services");
    expect(await left).toMatch(/Killed/);
    await withTimeout(rejoined, 15_000, "X2 back in #kept");

    expect((await owner.whois("X2")).server).toBe(SERVICES_NAME);
    expect((await owner.names("#kept")).find((m) => m.nick === "X2")?.modes).toContain("o");
    // It answers commands again.
    expect(await x2(owner, "HELP")).toMatch(/X2 Help/);

    const log = await eventually(() => {
      const lines = readFileSync(stack.logPath, "utf8").split("\n").filter((l) => l.includes("pseudo-client removed from the network"));
      return lines.length > 0 ? lines : null;
    }, 5000, "the removal in the log");
    expect(log).toHaveLength(1);
    // "Within seconds" is the wait services chose, as logged (a first displacement: the shortest), not a stopwatch.
    expect(JSON.parse(log[0] as string)).toMatchObject({ client: "X2", reason: expect.stringContaining("testing the services"), restoreInMs: 1000 });
  });

  it("rejoins a registered channel after a kick with backoff, stays out after three kicks in ten minutes, and comes back on REJOIN", async () => {
    // InspIRCd refuses any KICK of a U-lined client: X2 can be kicked only on a server that lacks
    // the <uline> for services (a misconfigured network). Make ours such a server.
    const confPath = join(stack.dir, "inspircd.conf");
    writeFileSync(confPath, readFileSync(confPath, "utf8").replace(/^<uline [^\n]*\n/m, ""));
    await oper.command("REHASH", (l) => / 382 /.test(l));
    await stack.settle();
    const owner = await stack.connect("Kicker");
    await owner.join("#noisy");
    expect(await x2(owner, "REGISTER #noisy kicker@example.org")).toMatch(/^#noisy is registered/);
    const x2uid = stack.app.clients.uid("x2");
    expect(stack.app.network.getChannel("#noisy")?.members.has(x2uid)).toBe(true);
    // The owner is opped in the channel they created: they can kick.
    const x2Events = (client: TestClient, what: "join" | "kick") =>
      new Promise<void>((resolve) => {
        const on = (e: { nick?: string; kicked?: string; channel: string }) => {
          const who = what === "kick" ? e.kicked : e.nick;
          if (who === "X2" && e.channel.toLowerCase() === "#noisy") {
            client.raw.removeListener(what, on);
            resolve();
          }
        };
        client.raw.on(what, on);
      });
    const kick = async (): Promise<void> => {
      const kicked = x2Events(owner, "kick");
      const lines: string[] = [];
      const onRaw = (e: { line: string; from_server: boolean }) => void (e.from_server && lines.push(e.line));
      owner.raw.on("raw", onRaw);
      owner.raw.raw("KICK #noisy X2 :go away");
      await withTimeout(kicked, 10_000, "X2 kicked").catch((error: Error) => {
        throw new Error(`${error.message}; the ircd said:\n${lines.join("\n")}`);
      });
      owner.raw.removeListener("raw", onRaw);
      // Services have the KICK too (the ircd answered a PING sent after it) before the clock moves.
      await stack.settle();
    };

    for (const waitMs of [2_000, 30_000]) {
      await kick();
      const back = x2Events(owner, "join");
      stack.clock.advance(waitMs);
      await withTimeout(back, 10_000, `X2 back in #noisy after ${waitMs} ms`);
    }
    await kick();
    await oper.waitSnotice((t) => t.includes("X2 was kicked from #noisy 3 times within 10m (last by Kicker)") && t.includes("REJOIN #noisy"));
    stack.clock.advance(10 * 60_000);
    expect(stack.app.channelNetwork.tick()).toEqual([]);
    expect(stack.app.network.getChannel("#noisy")?.members.has(x2uid) ?? false).toBe(false);

    // An oper with channel:admin sends it back.
    await makeAccount(stack, "StaffOne", "staff-password-1");
    const staff = await stack.connect("StaffOne", { sasl: { account: "StaffOne", password: "staff-password-1" } });
    expect(staff.account).toBe("StaffOne");
    staff.say("OperServ", "REJOIN");
    expect(await staff.waitNotice("OperServ")).toBe("X2 stays out of 1 channel after repeated kicks:");
    const back = x2Events(owner, "join");
    staff.say("OperServ", "REJOIN #noisy");
    expect(await staff.waitNotice("OperServ", (t) => t.startsWith("X2 rejoins"))).toBe("X2 rejoins #noisy; its kick count there starts over.");
    await withTimeout(back, 10_000, "X2 back in #noisy after REJOIN");
  });
});
