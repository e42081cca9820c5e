/**
 * A whole network for one e2e test file: a real InspIRCd on free loopback ports, an in-test SMTP
 * server, and Custodian running in this process with an OffsetClock the test can move forward.
 * For tests that need Custodian as a separate process (restarts), see process.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startInspircd, type RunningIrcd } from "../../../src/sandbox/inspircd.js";
import { loadConfigFile } from "../../../src/config/load.js";
import type { Config } from "../../../src/config/schema.js";
import { startServices, type App } from "../../../src/main.js";
import type { DeliveryReport } from "../../../src/services/mail/index.js";
import { OffsetClock } from "../../../src/util/clock.js";
import { createLogger } from "../../../src/util/logger.js";
import { startSmtp, type SmtpSink } from "./smtp.js";
import { connectClient, type ConnectOptions, type TestClient } from "./client.js";

export interface Stack {
  dir: string;
  ircd: RunningIrcd;
  smtp: SmtpSink;
  app: App;
  clock: OffsetClock;
  config: Config;
  /** The services.conf the stack was started from (REHASH and `custodian backup` read it). */
  configPath: string;
  clientPort: number;
  /** Connects an irc-framework client to the ircd. */
  connect(nick: string, options?: Partial<ConnectOptions>): Promise<TestClient>;
  /** Moves the services' clock forward and runs the maintenance loops once. */
  advance(ms: number): Promise<void>;
  /**
   * Waits until the ircd has acted on every line services sent so far (a PING over the server
   * link, answered in order), then until each client given has received what the ircd sent it
   * meanwhile (a PING of its own). Use it after services act by themselves (a loop run, a call
   * into the app) and before checking what the ircd or the clients saw.
   */
  settle(...clients: TestClient[]): Promise<void>;
  /** Runs the mail delivery once now (after a run under way, if any) and reports what it sent. */
  deliverMail(): Promise<DeliveryReport>;
  /** Every mail in the outbox for `address`, whatever its status, oldest first. */
  outboxFor(address: string): OutboxEntry[];
  /** Custodian's own log file (JSON lines), for debugging a failure. */
  logPath: string;
  stop(): Promise<void>;
}

/** A row of the mail outbox, as outboxFor shows it. */
export interface OutboxEntry {
  template: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

export interface StackOptions {
  /** Extra TOML appended to the generated services.conf (tables not already present). */
  extraToml?: string;
  /** Extra InspIRCd configuration (modules, binds) for the ircd. */
  ircdConf?: string;
  /** Replaces keys in generated tables: e.g. { mail: 'delay = "0"' } adds lines to [mail]. */
  sections?: Partial<Record<"uplink" | "mail" | "nickserv" | "channels" | "security" | "flood" | "maintenance" | "log", string>>;
  /**
   * Runs once the ircd and the SMTP server are up and before Custodian starts (and opens its
   * database): e.g. to link other services to the ircd, or to import data into the database.
   */
  beforeServices?: (setup: { dir: string; clientPort: number; linkPort: number; toml: string; dbPath: string }) => Promise<void>;
}

export const SERVICES_NAME = "services.test.local";
export const SEND_PASSWORD = "link-secret-out";
export const RECEIVE_PASSWORD = "link-secret-in";

/**
 * The services.conf for a stack. Mail goes over SMTP to `smtpPort`, or with `mailDir` to files
 * there (for a network without an SMTP server). NickServ's per-address registration limit is off
 * unless `sections.nickserv` sets it: every test client connects from 127.0.0.1.
 */
export function servicesToml(o: { linkPort: number; dbPath: string; smtpPort?: number; mailDir?: string; logLevel?: string } & StackOptions): string {
  const s = o.sections ?? {};
  const transport = o.mailDir !== undefined ? `transport = "file"\ndir = "${o.mailDir}"` : `transport = "smtp"\nsmtp_url = "smtp://127.0.0.1:${o.smtpPort}"`;
  return `
[server]
name = "${SERVICES_NAME}"
sid = "42X"
description = "Custodian under test"

[uplink]
host = "127.0.0.1"
port = ${o.linkPort}
send_password = "${SEND_PASSWORD}"
receive_password = "${RECEIVE_PASSWORD}"
reconnect_delay = "1s"
max_reconnect_delay = "3s"
${s.uplink ?? ""}

[database]
path = "${o.dbPath}"

[log]
level = "${o.logLevel ?? "debug"}"
${s.log ?? ""}

[mail]
from = "services@test.local"
${transport}
network_name = "TestNet"
contact = "staff@test.local"
retry_base = "2s"
${s.mail ?? ""}

[nickserv]
${s.nickserv ?? ""}
${/\bregistrations_per_host_per_day\b/.test(s.nickserv ?? "") ? "" : "# Every test client connects from 127.0.0.1: one address.\nregistrations_per_host_per_day = 0"}

[channels]
${s.channels ?? ""}

[security]
scrypt_n = 1024
${s.security ?? ""}

[flood]
${s.flood ?? ""}

[maintenance]
${s.maintenance ?? ""}

[opers]
StaffOne = "admin"

${o.extraToml ?? ""}
`;
}

/** The network's ircd (irc.test.local, SID 001) on free loopback ports, with a link block for services. */
export async function startIrcd(dir: string, extraConf?: string): Promise<{ ircd: RunningIrcd; clientPort: number; linkPort: number }> {
  const [clientPort, linkPort] = [await freePort(), await freePort()];
  const ircd = await startInspircd({
    serverName: "irc.test.local",
    sid: "001",
    clientPort,
    linkPort,
    servicesName: SERVICES_NAME,
    sendPassword: SEND_PASSWORD,
    receivePassword: RECEIVE_PASSWORD,
    dir,
    extraConf,
  });
  return { ircd, clientPort, linkPort };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), "custodian-e2e-"));
  const { ircd, clientPort, linkPort } = await startIrcd(dir, options.ircdConf);
  const smtp = await startSmtp();
  const dbPath = join(dir, "custodian.db");
  const toml = servicesToml({ linkPort, dbPath, smtpPort: smtp.port, ...options });
  const configPath = join(dir, "services.conf");
  writeFileSync(configPath, toml);
  const parsed = loadConfigFile(configPath);
  if (!parsed.ok) {
    await ircd.stop();
    await smtp.stop();
    throw new Error(`test config invalid:\n${parsed.error.join("\n")}`);
  }
  if (options.beforeServices) {
    try {
      await options.beforeServices({ dir, clientPort, linkPort, toml, dbPath });
    } catch (error) {
      await ircd.stop();
      await smtp.stop();
      throw error;
    }
  }
  const config = parsed.value;
  const clock = new OffsetClock();
  const logPath = join(dir, "custodian.log");
  const app = startServices(config, { configPath, clock, log: createLogger({ level: config.log.level, file: logPath }) });
  await withTimeout(app.ready, 15_000, "Custodian did not finish linking");
  // With [metrics] listen set, the metrics modules load after start-up: wait until they listen.
  if (app.metrics) await withTimeout(app.metrics.server.listening, 15_000, "the metrics server did not listen");
  const clients: TestClient[] = [];
  return {
    dir,
    ircd,
    smtp,
    app,
    clock,
    config,
    configPath,
    clientPort,
    logPath,
    async connect(nick, extra = {}) {
      const client = await connectClient({ port: clientPort, nick, ...extra });
      clients.push(client);
      return client;
    },
    async advance(ms) {
      clock.advance(ms);
      await app.maintenance.runOnce();
    },
    async settle(...waiting) {
      await app.link.ping();
      for (const client of waiting) await client.roundTrip();
    },
    deliverMail() {
      return app.mail.delivery.runOnce();
    },
    outboxFor(address) {
      return app.db
        .prepare("SELECT template, status, attempts, last_error AS lastError FROM mail_outbox WHERE lower(recipient) = lower(?) ORDER BY id")
        .all(address) as OutboxEntry[];
    },
    async stop() {
      await Promise.allSettled(clients.map((c) => c.quit()));
      await app.stop();
      await ircd.stop();
      await smtp.stop();
      if (!process.env.KEEP_E2E_DIRS) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Polls until `check` returns a truthy value, and returns it. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000, what = "condition"): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms${last ? `: ${String(last)}` : ""}`);
}
