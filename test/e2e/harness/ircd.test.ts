import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, inspircdConfig, startInspircd, type RunningIrcd } from "../../../src/sandbox/inspircd.js";
import { connectClient } from "./client.js";

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("sandbox InspIRCd", () => {
  let dir: string;
  let ircd: RunningIrcd | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "custodian-ircd-"));
  });

  afterAll(async () => {
    await ircd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes the link block with the passwords seen from the services' side", () => {
    const conf = inspircdConfig({
      serverName: "irc.sandbox.test",
      clientPort: 6667,
      linkPort: 7000,
      servicesName: "services.sandbox.test",
      sendPassword: "services-send",
      receivePassword: "services-receive",
      dir: "/tmp/x",
    });
    expect(conf).toMatch(/<link name="services\.sandbox\.test"[^>]* sendpass="services-receive" recvpass="services-send">/);
    expect(conf).toContain('<uline server="services.sandbox.test" silent="yes">');
    expect(conf).toContain('<module name="services_account">');
    expect(conf).toContain('resolvehostnames="no"');
  });

  it("starts, registers an irc-framework client, restarts and stops leaving nothing running", async () => {
    const [clientPort, linkPort] = [await freePort(), await freePort()];
    ircd = await startInspircd({
      serverName: "irc.sandbox.test",
      clientPort,
      linkPort,
      servicesName: "services.sandbox.test",
      sendPassword: "services-send",
      receivePassword: "services-receive",
      dir,
    });
    const firstPid = ircd.process.pid!;
    expect(isAlive(firstPid)).toBe(true);
    expect(readFileSync(join(dir, "ircd.pid"), "utf8").trim()).toBe(String(firstPid));

    const alice = await connectClient({ port: clientPort, nick: "alice" });
    expect(alice.nick).toBe("alice");
    expect(alice.raw.network.name).toBe("SandboxNet");
    const whois = await alice.whois("alice");
    expect(whois.nick).toBe("alice");
    await alice.join("#sandbox");

    // Notices that arrive before waitNotice is called are found, and each is consumed once.
    const dave = await connectClient({ port: clientPort, nick: "dave" });
    dave.raw.notice("alice", "early notice");
    // The ircd has relayed dave's notice once it answers dave's PING; alice has it after her own.
    await dave.roundTrip();
    await alice.roundTrip();
    const fromDave = (): string[] => alice.pendingNotices().filter((n) => n.from === "dave").map((n) => n.message);
    expect(fromDave()).toEqual(["early notice"]);
    await expect(alice.waitNotice("Dave", (t) => t.startsWith("early"))).resolves.toBe("early notice");
    expect(fromDave()).toEqual([]);
    const later = alice.waitNotice("dave", (t) => t === "later notice");
    dave.raw.notice("alice", "later notice");
    await expect(later).resolves.toBe("later notice");
    await dave.quit();
    await alice.quit();

    await ircd.restart();
    const secondPid = ircd.process.pid!;
    expect(secondPid).not.toBe(firstPid);
    expect(isAlive(firstPid)).toBe(false);
    const bob = await connectClient({ port: clientPort, nick: "bob" });
    await bob.quit();

    await ircd.stop();
    expect(ircd.process.exitCode !== null || ircd.process.signalCode !== null).toBe(true);
    expect(isAlive(secondPid)).toBe(false);
    await expect(connectClient({ port: clientPort, nick: "carol", timeoutMs: 3000 })).rejects.toThrow(/carol/);
  }, 60_000);

  it("fails with the ircd's own output when the config is wrong", async () => {
    const badDir = join(dir, "bad");
    await expect(
      startInspircd({
        serverName: "irc.sandbox.test",
        clientPort: await freePort(),
        linkPort: await freePort(),
        servicesName: "services.sandbox.test",
        sendPassword: "a",
        receivePassword: "b",
        dir: badDir,
        extraConf: '<module name="no_such_module_here">',
      }),
    ).rejects.toThrow(/m_no_such_module_here\.so/);
  }, 30_000);
});
