/**
 * A sandbox a newcomer can try (issue 19): Custodian run with the services.conf the sandbox
 * writes (src/sandbox/config.ts, from services.conf.example; only the ports are this run's), linked
 * to a real InspIRCd whose clients all come from 127.0.0.1. The fourth channel registration and the
 * sixth account registration from loopback succeed (the example's per-host limits are 3 and 5),
 * registration mail waits 30 s, and the .eml files read as plain text naming the sandbox network.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfigFile } from "../../src/config/load.js";
import type { Config } from "../../src/config/schema.js";
import { startServices, type App } from "../../src/main.js";
import { sandboxConfigText } from "../../src/sandbox/config.js";
import { freePort, SANDBOX_NETWORK, startInspircd, type RunningIrcd } from "../../src/sandbox/inspircd.js";
import { OffsetClock } from "../../src/util/clock.js";
import { createLogger } from "../../src/util/logger.js";
import { connectClient, type TestClient } from "./harness/client.js";
import { withTimeout } from "./harness/stack.js";

const EXAMPLE = readFileSync(fileURLToPath(new URL("../../services.conf.example", import.meta.url)), "utf8");

let dir: string;
let ircd: RunningIrcd;
let app: App;
let config: Config;
let clientPort: number;
const clock = new OffsetClock();
const clients: TestClient[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "custodian-sandbox-"));
  clientPort = await freePort();
  const linkPort = await freePort();
  // The sandbox's own config; the ports are this run's (the sandbox itself uses 6667 and 7000).
  const configPath = join(dir, "services.conf");
  writeFileSync(configPath, sandboxConfigText(EXAMPLE).replace(/^port = 7000$/m, `port = ${linkPort}`));
  const loaded = loadConfigFile(configPath);
  if (!loaded.ok) throw new Error(loaded.error.join("\n"));
  config = loaded.value;
  ircd = await startInspircd({
    serverName: "irc.sandbox.local",
    sid: "001",
    clientPort,
    linkPort,
    servicesName: config.server.name,
    sendPassword: config.uplink.send_password,
    receivePassword: config.uplink.receive_password,
    dir: join(dir, "ircd"),
  });
  app = startServices(config, { configPath, clock, log: createLogger({ level: "debug", file: join(dir, "custodian.log") }) });
  await withTimeout(app.ready, 15_000, "Custodian did not finish linking");
});

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.quit()));
  await app?.stop();
  await ircd?.stop();
  if (dir && !process.env.KEEP_E2E_DIRS) rmSync(dir, { recursive: true, force: true });
});

async function connect(nick: string): Promise<TestClient> {
  const client = await connectClient({ port: clientPort, nick });
  clients.push(client);
  return client;
}

const outbox = (template: string) =>
  app.db.prepare("SELECT recipient, status FROM mail_outbox WHERE template = ? ORDER BY id").all(template) as { recipient: string; status: string }[];

describe("the sandbox", () => {
  it("takes a fourth channel registration and a sixth account registration from loopback", async () => {
    expect(config.channels.registrations_per_host_per_day).toBe(3);
    expect(config.nickserv.registrations_per_host_per_day).toBe(5);
    for (let i = 1; i <= 4; i++) {
      const user = await connect(`Reg${i}`);
      await user.join(`#sandbox${i}`);
      user.say("X2", `REGISTER #sandbox${i} reg${i}@example.org`);
      expect(await user.waitNotice("X2")).toBe(
        `#sandbox${i} is registered but not verified yet. An account named Reg${i} was created for you; its password will be mailed to ` +
          `reg${i}@example.org in about 30s. Within 2d, log in with it (/msg NickServ IDENTIFY Reg${i} <password>) to activate the channel, ` +
          "or the registration and the account are dropped.",
      );
    }
    for (let i = 1; i <= 6; i++) {
      const user = await connect(`Nick${i}`);
      user.say("NickServ", `REGISTER nick${i}-password nick${i}@example.org`);
      expect(await user.waitNotice("NickServ")).toMatch(new RegExp(`^Nick${i} is now registered \\(entity ID \\w{9}\\)`));
    }
  });

  it("holds registration mail 30 s, then writes it as plain text naming the sandbox network", async () => {
    await app.mail.delivery.runOnce();
    expect(outbox("channel_register_password").map((m) => m.status)).toEqual(["queued", "queued", "queued", "queued"]);
    clock.advance(30_000);
    await app.mail.delivery.runOnce();
    expect(outbox("channel_register_password").map((m) => m.status)).toEqual(["sent", "sent", "sent", "sent"]);

    const files = readdirSync(config.mail.dir).filter((f) => f.endsWith(".eml"));
    const eml = files.map((f) => readFileSync(join(config.mail.dir, f), "utf8")).find((t) => t.includes("To: reg4@example.org"));
    expect(eml).toBeDefined();
    const text = eml!;
    expect(text).toContain(`From: ${SANDBOX_NETWORK} <services@localhost>`);
    expect(text).toContain("\nContent-Transfer-Encoding: 7bit\n");
    expect(text).toContain(`Someone, hopefully you, registered the channel #sandbox4 on ${SANDBOX_NETWORK}\n`);
    expect(text).toContain("\nThe channel stays unverified until you log in to that account. Within 2d, type this on IRC:\n");
    expect(text).toMatch(/\n {2}\/msg NickServ IDENTIFY Reg4 \S+\n/);
    expect(text).not.toMatch(/quoted-printable|=\n|=3D/);
  });
});
