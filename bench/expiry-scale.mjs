#!/usr/bin/env node
/**
 * Scale benchmark of the account-expiry loop (issue 5).
 *
 *   npm run build && node bench/expiry-scale.mjs [accounts=1000000] [duePercent=1] [batch=200]
 *
 * Fills a file database with `accounts` verified accounts (each with its nick), `duePercent` of
 * them unseen for longer than nickserv.nick_expire, the rest seen within the last 50 days; then
 * runs the expiry loop once under a ManualClock and prints: the loop's total time, the longest
 * single pause of the event loop while it ran (perf_hooks.monitorEventLoopDelay, 1 ms
 * resolution, max; also p99 and p50), the longest batch (one transaction, commit included), the
 * rows it touched, and the database size. SLICE_MS=<ms> sets the loop's target batch time and
 * NO_BG=1 turns off the background WAL checkpoints, for comparison. The breaker limit is raised so that the run proceeds.
 */
import { mkdtempSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { openDatabase } from "../dist/db/connection.js";
import { defaultMigrationsDir, migrate } from "../dist/db/migrate.js";
import { createDomain } from "../dist/domain.js";
import { foldName } from "../dist/services/accounts/names.js";
import { Outbox } from "../dist/services/mail/outbox.js";
import { accountExpiryLoop, yieldToEventLoop } from "../dist/loops/account-expiry.js";
import { ManualClock } from "../dist/util/clock.js";
import { silentLogger } from "../dist/util/logger.js";
import { benchConfig } from "./lib/config.mjs";

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const DUE_PERCENT = Number(process.argv[3] ?? 1);
const BATCH = Number(process.argv[4] ?? 200);
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 1);

const config = benchConfig({ extra: `[maintenance]\nbreaker_limit = ${Math.max(TOTAL, 1)}` });

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const fileSize = (path) => (existsSync(path) ? statSync(path).size : 0);

const dir = mkdtempSync(join(tmpdir(), "custodian-bench-expiry-"));
const dbPath = join(dir, "bench.db");
try {
  const db = openDatabase(dbPath);
  migrate(db, defaultMigrationsDir());

  // ---- fill ----
  const fillStarted = performance.now();
  const fakeHash = "scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";
  const insertAccount = db.prepare(
    `INSERT INTO accounts (id, name, name_key, password_hash, email, email_canonical, status, created_at, verified_at, last_seen_at, last_mask, last_real_mask)
     VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)`,
  );
  const insertNick = db.prepare("INSERT INTO account_nicks (nick_key, nick, account_id, registered_at, last_seen_at) VALUES (?, ?, ?, ?, ?)");
  const dueEvery = DUE_PERCENT > 0 ? Math.round(100 / DUE_PERCENT) : Number.POSITIVE_INFINITY;
  let due = 0;
  const fill = db.transaction(() => {
    for (let i = 0; i < TOTAL; i++) {
      const id = `1${i.toString(36).toUpperCase().padStart(8, "0")}`;
      const name = `user${i}`;
      const isDue = i % dueEvery === 0;
      if (isDue) due++;
      // Due: unseen 61-400 days; the rest: seen within the last 50 days (outside the warning window).
      const lastSeen = isDue ? NOW - (61 + (i % 340)) * DAY : NOW - (i % 50) * DAY - (i % 86_400) * 1000;
      const created = lastSeen - 30 * DAY;
      insertAccount.run(id, name, foldName(name), fakeHash, `${name}@example.org`, `${name}@example.org`, created, created, lastSeen, `${name}!u@cloak.example`, `${name}!u@192.0.2.1`);
      insertNick.run(foldName(name), name, id, created, lastSeen);
    }
  });
  fill();
  db.pragma("wal_checkpoint(TRUNCATE)");
  const fillMs = performance.now() - fillStarted;
  const sizeBefore = fileSize(dbPath) + fileSize(`${dbPath}-wal`);

  // ---- services ----
  const clock = new ManualClock(NOW);
  const log = silentLogger();
  const outbox = new Outbox(db, clock, config.mail);
  const mail = {
    queue: (template, to, data, opts = {}) => outbox.enqueue({ template, to, data, ...opts }),
    cancel: (ref) => outbox.cancel(ref),
    status: () => undefined,
  };
  const noop = () => {};
  const network = { user: () => undefined, usersOnAccount: () => [], presence: () => undefined, channelMembers: () => [], channelExists: () => false, isSplit: () => false, isLinked: () => true };
  const actions = { notify: noop, alertOpers: noop, setLogin: noop, forceNick: noop, holdNick: noop, releaseNick: noop, joinChannel: noop, partChannel: noop, channelMode: noop, killUser: noop };
  const domain = createDomain({ db, config, clock, log, network, actions, mail });
  const { expiry } = domain;
  const services = { config, clock, log, network, actions, ...domain };

  let yields = 0;
  const pause = async () => {
    yields++;
    await yieldToEventLoop();
  };
  const loop = accountExpiryLoop(expiry, { batchSize: BATCH, pause, ...(process.env.SLICE_MS ? { sliceMs: Number(process.env.SLICE_MS) } : {}), ...(process.env.NO_BG ? { backgroundCheckpointFrom: Infinity } : {}) });

  const counts = expiry.countDue(NOW);
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  // A timer that keeps the event loop busy-ish, as command handling would.
  const ticker = setInterval(noop, 1);
  histogram.enable();
  const started = performance.now();
  const report = await loop.run(services);
  const total = performance.now() - started;
  histogram.disable();
  clearInterval(ticker);

  const nicksLeft = db.prepare("SELECT count(*) AS n FROM account_nicks").get().n;
  const expired = db.prepare("SELECT count(*) AS n FROM expired_nicks").get().n;
  const mails = db.prepare("SELECT count(*) AS n FROM mail_outbox").get().n;
  const audits = db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'account.degraded'").get().n;
  const sizeAfter = fileSize(dbPath) + fileSize(`${dbPath}-wal`);
  db.pragma("wal_checkpoint(TRUNCATE)");
  const sizeCheckpointed = fileSize(dbPath);

  const plans = expiry.queryPlans();
  const out = {
    accounts: TOTAL,
    dueAtStart: counts,
    batchSize: BATCH,
    fillSeconds: +(fillMs / 1000).toFixed(1),
    loopTotalMs: +total.toFixed(1),
    eventLoopMaxPauseMs: +(histogram.max / 1e6).toFixed(2),
    eventLoopP99Ms: +(histogram.percentile(99) / 1e6).toFixed(2),
    eventLoopP50Ms: +(histogram.percentile(50) / 1e6).toFixed(2),
    longestBatchMs: report.details?.longestBatchMs,
    yields,
    rowsTouched: {
      accountsChanged: report.changed,
      nicksDeleted: TOTAL - nicksLeft,
      expiredNicksInserted: expired,
      mailsQueued: mails,
      auditRecords: audits,
    },
    report,
    dbSize: { beforeRun: mb(sizeBefore), afterRunWithWal: mb(sizeAfter), afterCheckpoint: mb(sizeCheckpointed) },
    plans: { dueDegrade: plans.dueDegrade, countDegrade: plans.countDegrade },
  };
  console.log(JSON.stringify(out, null, 2));
  if (report.changed !== due) {
    console.error(`expected ${due} accounts degraded, the loop changed ${report.changed}`);
    process.exitCode = 1;
  }
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
