/**
 * Pseudo-clients under attack on a live network: X2 killed by an oper (after servprotect was
 * unloaded, the one way a real InspIRCd lets a KILL through) comes back within seconds, with its
 * channels and its op, and the event is logged.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectOperWatcher, OPER_IRCD_CONF, type OperWatcher } from "./harness/oper.js";
import { eventually, SERVICES_NAME, startStack, withTimeout, type Stack } from "./harness/stack.js";
import { x2 } from "./channels-helpers.js";

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
    await eventually(() => stack.app.network.getChannel("#kept")?.members.has(x2uid), 5000, "X2 in #kept");

    const rejoined = new Promise<void>((resolve) =>
      owner.raw.on("join", (e: { nick: string; channel: string }) => {
        if (e.nick === "X2" && e.channel.toLowerCase() === "#kept") resolve();
      }),
    );
    const killedAt = performance.now();
    const left = new Promise<string>((resolve) =>
      owner.raw.on("quit", (e: { nick: string; message: string }) => {
        if (e.nick === "X2") resolve(e.message);
      }),
    );
    oper.client.raw.raw("KILL X2 :testing the services");
    expect(await left).toMatch(/Killed/);
    await withTimeout(rejoined, 15_000, "X2 back in #kept");
    const backInMs = performance.now() - killedAt;
    expect(backInMs).toBeLessThan(10_000);

    expect((await owner.whois("X2")).server).toBe(SERVICES_NAME);
    expect((await owner.names("#kept")).find((m) => m.nick === "X2")?.modes).toContain("o");
    // It answers commands again.
    expect(await x2(owner, "HELP")).toMatch(/X2 Help/);

    const log = await eventually(() => {
      const lines = readFileSync(stack.logPath, "utf8").split("\n").filter((l) => l.includes("pseudo-client removed from the network"));
      return lines.length > 0 ? lines : null;
    }, 5000, "the removal in the log");
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0] as string)).toMatchObject({ client: "X2", reason: expect.stringContaining("testing the services") });
  });
});
