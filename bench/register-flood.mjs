#!/usr/bin/env node
/**
 * Register flood (issue 4): 100 clones connected through a real InspIRCd send X2 REGISTER with
 * random channels and emails, 50 lines a second in total, while one ordinary user asks X2 INFO
 * once a second and times the first reply.
 *
 * Custodian runs as a child process (dist/cli.js with a temporary services.conf) so that its
 * peak RSS (VmHWM) is its own. After the flood it is stopped and the bench delivers the outbox
 * itself with a clock moved past mail.delay, so "mails sent" shows what the rate limits let out.
 *
 *   npm run build && node bench/register-flood.mjs
 *
 * Environment: BENCH_SECONDS (60), BENCH_CLONES (100), BENCH_RATE (REGISTER lines a second, 50),
 * BENCH_DISTINCT_HOSTS (1: clone i connects from 127.0.0.(2+i), like a botnet; 0: all from
 * 127.0.0.1), BENCH_CHANNELS_TOML / BENCH_MAIL_TOML (extra lines for [channels] / [mail]),
 * BENCH_KEEP=1 (keep the temporary directory), INSPIRCD_BIN.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import ircFramework from "irc-framework";
import { quitIrc } from "./lib/irc-clients.mjs";
import { memory as procStatus } from "./lib/proc.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist");
if (!existsSync(join(DIST, "cli.js"))) {
  console.error("dist/ is missing: build first with `npm run build`.");
  process.exit(2);
}
const distUrl = (p) => new URL(`file://${join(DIST, p)}`).href;
const { startInspircd, freePort } = await import(distUrl("sandbox/inspircd.js"));
const { parseConfig } = await import(distUrl("config/load.js"));
const { openDatabase } = await import(distUrl("db/connection.js"));
const { createMailService } = await import(distUrl("services/mail/index.js"));
const { OffsetClock } = await import(distUrl("util/clock.js"));
const { silentLogger } = await import(distUrl("util/logger.js"));

const envInt = (name, def, min = 1) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`${name} must be an integer of at least ${min}, got "${raw}"`);
    process.exit(2);
  }
  return n;
};
const SECONDS = envInt("BENCH_SECONDS", 60);
const CLONES = envInt("BENCH_CLONES", 100);
const RATE = envInt("BENCH_RATE", 50);
const DISTINCT = process.env.BENCH_DISTINCT_HOSTS !== "0";
const KEEP = process.env.BENCH_KEEP === "1";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rand = (n) => randomBytes(n).toString("hex");
const letters = (n) => Array.from(randomBytes(n), (b) => String.fromCharCode(97 + (b % 26))).join("");
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function fileSize(path) {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The database's logical size (pages in use, WAL included) seen by a read-only connection. */
function logicalDbSize(path) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.pragma("page_count", { simple: true }) * db.pragma("page_size", { simple: true });
  } finally {
    db.close();
  }
}

/** Whether a socket can be bound to 127.0.0.2 (Linux routes all of 127/8 to loopback). */
function canBindLoopbackAlias(port) {
  return new Promise((resolve) => {
    const sock = createConnection({ host: "127.0.0.1", port, localAddress: "127.0.0.2" });
    const done = (ok) => {
      sock.removeAllListeners();
      sock.on("error", () => {});
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(2000, () => done(false));
    sock.once("connect", () => done(true));
    sock.once("error", () => done(false));
  });
}

// ---------------------------------------------------------------------------------------------
// IRC clients

/** Connects an irc-framework client; resolves once registered. */
function connectIrc({ port, nick, localAddress }) {
  const irc = new ircFramework.Client();
  if (process.env.BENCH_DEBUG) irc.on("raw", (e) => console.log(nick, e.from_server ? "<" : ">", e.line.trim()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      irc.connection?.end?.();
      reject(new Error(`${nick}: not registered within 20 s`));
    }, 20_000);
    irc.once("registered", () => {
      clearTimeout(timer);
      resolve(irc);
    });
    irc.on("close", () => {
      clearTimeout(timer);
      reject(new Error(`${nick}: connection closed before registration`));
    });
    irc.connect({
      host: "127.0.0.1",
      port,
      nick,
      username: nick.slice(0, 10),
      gecos: "register-flood bench",
      auto_reconnect: false,
      ping_interval: 0,
      ping_timeout: 0,
      ...(localAddress ? { outgoing_addr: localAddress } : {}),
    });
  });
}

const X2 = "x2";
const fromX2 = (e) => (e.nick ?? "").toLowerCase() === X2;

/** Groups reply texts: digits, channel names and addresses folded, first 70 characters. */
const replyKind = (text) =>
  text
    .replace(/#[^\s,.;:]+/g, "#chan")
    .replace(/\bc[a-z]{8}\b/g, "<clone>")
    .replace(/[^\s@]+@[^\s@]+/g, "<email>")
    .replace(/\d+[smhdw]?/g, "N")
    .slice(0, 70);

// ---------------------------------------------------------------------------------------------
// The run

const dir = mkdtempSync(join(tmpdir(), "custodian-bench-"));
let ircd = null;
let child = null;
let stopping = false;
const ircs = [];

async function cleanup() {
  await Promise.allSettled(ircs.map((irc) => quitIrc(irc)));
  if (child && child.exitCode === null && child.signalCode === null) {
    stopping = true;
    child.kill("SIGTERM");
    await Promise.race([new Promise((r) => child.once("exit", r)), sleep(5000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  if (ircd) await ircd.stop().catch(() => {});
  if (KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

let interrupted = false;
process.on("SIGINT", () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  console.error("interrupted; cleaning up");
  void cleanup().then(() => process.exit(130));
});

async function main() {
  const [clientPort, linkPort] = [await freePort(), await freePort()];
  const SEND = `bench-out-${rand(6)}`;
  const RECEIVE = `bench-in-${rand(6)}`;
  const servicesName = "services.bench.local";
  log(`starting InspIRCd on 127.0.0.1:${clientPort} (link ${linkPort}) in ${dir}`);
  ircd = await startInspircd({
    serverName: "irc.bench.local",
    sid: "001",
    clientPort,
    linkPort,
    servicesName,
    sendPassword: SEND,
    receivePassword: RECEIVE,
    dir: join(dir, "ircd"),
  });

  const dbPath = join(dir, "custodian.db");
  const mailDir = join(dir, "mail");
  const confPath = join(dir, "services.conf");
  const logPath = join(dir, "custodian.log");
  const toml = `
[server]
name = "${servicesName}"
sid = "42X"
description = "Custodian under a register flood"

[uplink]
host = "127.0.0.1"
port = ${linkPort}
send_password = "${SEND}"
receive_password = "${RECEIVE}"

[database]
path = "${dbPath}"

[log]
level = "info"
file = "${logPath}"

[mail]
transport = "file"
dir = "${mailDir}"
from = "services@bench.local"
network_name = "BenchNet"
${process.env.BENCH_MAIL_TOML ?? ""}

[channels]
${process.env.BENCH_CHANNELS_TOML ?? ""}

[flood]
# The ordinary user asks once a second; the default (8 per 10 s) would ignore it. Clones send
# one REGISTER every ${(CLONES / RATE).toFixed(1)} s each, under this limit as well.
messages = 15
`;
  const parsed = parseConfig(toml, confPath);
  if (!parsed.ok) throw new Error(`bench config invalid:\n${parsed.error.join("\n")}`);
  const config = parsed.value;
  writeFileSync(confPath, toml, { mode: 0o600 });

  log("starting Custodian (dist/cli.js) as a child process");
  child = spawn(process.execPath, [join(DIST, "cli.js"), "--config", confPath], { stdio: ["ignore", "pipe", "pipe"] });
  let childOutput = "";
  child.stdout.on("data", (d) => (childOutput = (childOutput + d).slice(-8000)));
  child.stderr.on("data", (d) => (childOutput = (childOutput + d).slice(-8000)));
  child.on("exit", (code, signal) => {
    if (!stopping) console.error(`Custodian exited early (code ${code}, signal ${signal}):\n${childOutput}`);
  });
  let peakRss = 0;
  const rssTimer = setInterval(() => {
    const { rss } = procStatus(child.pid);
    if (Number.isFinite(rss)) peakRss = Math.max(peakRss, rss);
  }, 100);

  // Connect users only once services have linked: a client registering while the link comes up
  // sees CAP NEW sasl, and irc-framework then re-opens capability negotiation and never ends it.
  const linkBy = Date.now() + 30_000;
  while (!/link ready/.test(existsSync(logPath) ? readFileSync(logPath, "utf8") : "")) {
    if (Date.now() > linkBy) throw new Error(`Custodian did not link within 30 s:\n${childOutput}`);
    if (child.exitCode !== null) throw new Error(`Custodian exited (code ${child.exitCode}):\n${childOutput}`);
    await sleep(100);
  }

  // The ordinary user; Custodian is ready when X2 answers it.
  const user = await connectIrc({ port: clientPort, nick: `user${letters(5)}` });
  ircs.push(user);
  let waiting = null;
  user.on("notice", (e) => {
    if (fromX2(e) && waiting) {
      const w = waiting;
      waiting = null;
      w(performance.now());
    }
  });
  const ask = (text, timeoutMs) =>
    new Promise((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        waiting = null;
        resolve(null);
      }, timeoutMs);
      waiting = (at) => {
        clearTimeout(timer);
        resolve(at - started);
      };
      user.say("X2", text);
    });
  const readyBy = Date.now() + 30_000;
  for (;;) {
    if ((await ask("HELP", 1000)) !== null) break;
    if (Date.now() > readyBy) throw new Error(`X2 did not answer within 30 s:\n${childOutput}`);
  }
  await sleep(500); // let the rest of the HELP reply arrive before timing anything
  waiting = null;
  const sizeBefore = logicalDbSize(dbPath);
  log(`Custodian is answering; database ${kib(sizeBefore)}`);

  // Clones.
  const distinct = DISTINCT && (await canBindLoopbackAlias(clientPort));
  if (DISTINCT && !distinct) log("cannot bind 127.0.0.2: all clones connect from 127.0.0.1");
  log(`connecting ${CLONES} clones${distinct ? " from 127.0.0.2 onwards (one address each)" : " from 127.0.0.1"}`);
  const clones = [];
  for (let start = 0; start < CLONES; start += 20) {
    const batch = [];
    for (let i = start; i < Math.min(CLONES, start + 20); i++) {
      const localAddress = distinct ? `127.0.${Math.floor((i + 2) / 250)}.${((i + 2) % 250) + 1}` : undefined;
      batch.push(
        connectIrc({ port: clientPort, nick: `c${letters(8)}`, localAddress }).then((irc) => {
          ircs.push(irc);
          return irc;
        }),
      );
    }
    for (const irc of await Promise.all(batch)) clones.push(makeClone(irc));
  }
  await Promise.all(clones.map((c) => c.prepare()));
  log(`${clones.length} clones connected, each opped in a fresh channel`);

  // The flood: one REGISTER every 1000/RATE ms, round robin over the clones; the ordinary user
  // asks INFO once a second.
  const latencies = [];
  let infoTimeouts = 0;
  let infoSent = 0;
  const infoLoop = (async () => {
    const end = Date.now() + SECONDS * 1000;
    while (Date.now() < end) {
      const tick = Date.now();
      infoSent += 1;
      const ms = await ask("INFO #benchmark", 5000);
      if (ms === null) infoTimeouts += 1;
      else latencies.push(ms);
      await sleep(Math.max(0, 1000 - (Date.now() - tick)));
    }
  })();

  let sent = 0;
  let skipped = 0;
  const floodStart = performance.now();
  const total = SECONDS * RATE;
  let next = 0;
  while (sent + skipped < total) {
    const due = floodStart + ((sent + skipped) * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const clone = clones[next];
    next = (next + 1) % clones.length;
    if (clone.register()) sent += 1;
    else skipped += 1;
  }
  const floodSeconds = (performance.now() - floodStart) / 1000;
  await infoLoop;
  await sleep(3000); // the last replies
  log(`flood over: ${sent} REGISTER lines in ${floodSeconds.toFixed(1)} s (${skipped} slots skipped: clone not ready)`);

  const replied = clones.reduce((n, c) => n + c.stats.replied, 0);
  const regLatencies = clones.flatMap((c) => c.stats.latencies).sort((a, b) => a - b);
  const kinds = new Map();
  for (const c of clones) for (const [k, n] of c.stats.kinds) kinds.set(k, (kinds.get(k) ?? 0) + n);

  // Figures from the database while Custodian still runs.
  const sizeAfter = logicalDbSize(dbPath);
  const ro = new Database(dbPath, { readonly: true });
  const states = Object.fromEntries(ro.prepare("SELECT state, count(*) AS n FROM channels GROUP BY state").all().map((r) => [r.state, r.n]));
  const attempts = Object.fromEntries(
    ro.prepare("SELECT outcome, count(*) AS n FROM registration_attempts GROUP BY outcome").all().map((r) => [r.outcome, r.n]),
  );
  ro.close();
  const hwm = procStatus(child.pid).hwm;
  clearInterval(rssTimer);

  // Stop the clients and Custodian, then deliver the outbox past mail.delay.
  await Promise.allSettled(ircs.splice(0).map((irc) => quitIrc(irc)));
  stopping = true;
  child.kill("SIGTERM");
  await Promise.race([new Promise((r) => child.once("exit", r)), sleep(8000)]);
  const fileAfter = fileSize(dbPath) + fileSize(`${dbPath}-wal`);

  const db = openDatabase(dbPath);
  const clock = new OffsetClock();
  clock.advance(config.mail.delay + 1000);
  const mail = createMailService({
    db,
    clock,
    config: config.mail,
    log: silentLogger(),
    hooks: { onPermanentFailure() {}, onGiveUp() {} },
  });
  let delivered = 0;
  for (let i = 0; i < 10_000; i++) {
    const report = await mail.delivery.runOnce();
    delivered += report.sent;
    if (report.sent === 0) break;
  }
  const outbox = mail.outbox.stats();
  await mail.stop();
  db.close();
  const mailFiles = existsSync(mailDir) ? readdirSync(mailDir).filter((f) => f.endsWith(".eml")).length : 0;

  // Report.
  const lat = [...latencies].sort((a, b) => a - b);
  const accepted = (states.unverified ?? 0) + (states.active ?? 0);
  const held = states.held ?? 0;
  const ch = config.channels;
  console.log("");
  console.log("==== register-flood ====");
  console.log(`clones ${clones.length}${distinct ? " (one address each)" : " (one address)"}, ${sent} REGISTER lines in ${floodSeconds.toFixed(1)} s (${(sent / floodSeconds).toFixed(1)}/s)`);
  console.log(`limits: per hour ${ch.registrations_per_hour}, per host/day ${ch.registrations_per_host_per_day}, pending cap ${ch.pending_cap}, mail per hour ${config.mail.per_hour}, per address/hour ${config.mail.per_address_per_hour}, mail delay ${config.mail.delay / 1000}s`);
  console.log(
    `ordinary user INFO latency: p50 ${percentile(lat, 0.5)?.toFixed(1)} ms, p99 ${percentile(lat, 0.99)?.toFixed(1)} ms, max ${lat.at(-1)?.toFixed(1)} ms (${lat.length} answered, ${infoTimeouts} unanswered of ${infoSent})`,
  );
  console.log(`REGISTER reply latency: p50 ${percentile(regLatencies, 0.5)?.toFixed(1)} ms, p99 ${percentile(regLatencies, 0.99)?.toFixed(1)} ms (${replied} of ${sent} answered)`);
  console.log(`registrations: accepted ${accepted}, held ${held}, refused ${Math.max(0, replied - accepted - held)}`);
  console.log(`  channels table by state: ${JSON.stringify(states)}; registration_attempts rows: ${JSON.stringify(attempts)} (refusals capped per host)`);
  console.log("  replies by kind:");
  for (const [k, n] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`    ${String(n).padStart(6)}  ${k}`);
  console.log(`mail: ${delivered} sent after moving the clock past mail.delay (${mailFiles} .eml files); outbox ${JSON.stringify(outbox)}`);
  console.log(`database: ${kib(sizeBefore)} before, ${kib(sizeAfter)} after (pages in use); files after close ${kib(fileAfter)}`);
  console.log(`Custodian peak RSS: ${(Math.max(peakRss, Number.isFinite(hwm) ? hwm : 0) / 1048576).toFixed(1)} MiB (VmHWM ${(hwm / 1048576).toFixed(1)} MiB; sampled every 100 ms ${(peakRss / 1048576).toFixed(1)} MiB)`);
}

/** A clone: always opped in a fresh channel of its own, ready to register it. */
function makeClone(irc) {
  const stats = { replied: 0, unanswered: 0, latencies: [], kinds: new Map() };
  let channel = null;
  let ready = false;
  let sentAt = null;

  const joinFresh = () =>
    new Promise((resolve) => {
      const name = `#b${rand(6)}`;
      const timer = setTimeout(() => {
        irc.removeListener("join", onJoin);
        resolve(false);
      }, 5000);
      const onJoin = (e) => {
        if ((e.channel ?? "").toLowerCase() !== name || (e.nick ?? "").toLowerCase() !== (irc.user?.nick ?? "").toLowerCase()) return;
        clearTimeout(timer);
        irc.removeListener("join", onJoin);
        channel = name;
        ready = true;
        resolve(true);
      };
      irc.on("join", onJoin);
      irc.join(name);
    });

  let noReply = null;
  // Next round: leave the old channel, take a fresh nick (the last one may now own an account)
  // and open a fresh channel.
  const nextRound = () => {
    sentAt = null;
    clearTimeout(noReply);
    if (channel) irc.part(channel);
    channel = null;
    irc.changeNick(`c${letters(8)}`);
    void joinFresh();
  };
  irc.on("notice", (e) => {
    if (!fromX2(e) || sentAt === null) return;
    stats.replied += 1;
    stats.latencies.push(performance.now() - sentAt);
    const kind = replyKind(e.message ?? "");
    stats.kinds.set(kind, (stats.kinds.get(kind) ?? 0) + 1);
    nextRound();
  });

  return {
    stats,
    prepare: () => joinFresh(),
    /** Sends REGISTER for its channel; false when it is not ready (still waiting or joining). */
    register() {
      if (!ready || channel === null) return false;
      ready = false;
      sentAt = performance.now();
      irc.say("X2", `REGISTER ${channel} ${letters(6)}${rand(2)}@example${rand(3)}.com`);
      noReply = setTimeout(() => {
        stats.unanswered += 1;
        nextRound();
      }, 5000);
      return true;
    },
  };
}

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
