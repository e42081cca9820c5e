#!/usr/bin/env node
/**
 * Scale benchmark of the operations features (issue 14) on a large audit log.
 *
 *   npm run build && node bench/ops-scale.mjs [entries=1000000] [targets=50000]
 *
 * Fills a file database with `entries` audit log rows spread over `targets` targets (entity IDs
 * and channel names) and 200 actors, with the migrations before 0012; then prints:
 *   - how long migration 0012 (the audit indexes) takes on that log (what an upgrade costs);
 *   - OperServ AUDIT's queries (AuditLog.query): pages of a target, with and without a period,
 *     and of an actor, near and deep: p50/p99/max over 2000 random lookups each;
 *   - `custodian backup` of the database (backupDatabase: copy, integrity_check, rename): time
 *     and size.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, mkdirSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openDatabase } from "../dist/db/connection.js";
import { defaultMigrationsDir, migrate } from "../dist/db/migrate.js";
import { backupDatabase } from "../dist/db/backup.js";
import { AuditLog } from "../dist/services/audit.js";
import { ManualClock } from "../dist/util/clock.js";

const ENTRIES = Number(process.argv[2] ?? 1_000_000);
const TARGETS = Number(process.argv[3] ?? 50_000);
const ACTORS = 200;
const NOW = Date.UTC(2026, 0, 1);
const YEAR = 365 * 86_400_000;

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const ms = (x) => `${x.toFixed(2)} ms`;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const target = (i) => (i % 2 === 0 ? `1${String(i).padStart(8, "0")}` : `#channel${i}`);
const actor = (i) => `9${String(i).padStart(8, "0")}`;

/** The migrations folder without 0012 and later: the database as it was before the upgrade. */
function migrationsBefore(version, into) {
  mkdirSync(into);
  for (const name of readdirSync(defaultMigrationsDir())) {
    if (Number(name.slice(0, 4)) < version) copyFileSync(join(defaultMigrationsDir(), name), join(into, name));
  }
  return into;
}

function timeQueries(label, count, run) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(44)} p50 ${ms(percentile(times, 50))}  p99 ${ms(percentile(times, 99))}  max ${ms(times.at(-1))}`);
}

const dir = mkdtempSync(join(tmpdir(), "custodian-bench-ops-"));
try {
  const dbPath = join(dir, "bench.db");
  const db = openDatabase(dbPath);
  migrate(db, migrationsBefore(12, join(dir, "old-migrations")));

  let started = performance.now();
  const insert = db.prepare("INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)");
  const fill = db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      insert.run(NOW - YEAR + Math.floor((i / ENTRIES) * YEAR), actor(i % ACTORS), "bench.action", target((i * 7919) % TARGETS), '{"n":1}');
    }
  });
  for (let from = 0; from < ENTRIES; from += 50_000) fill(from, Math.min(ENTRIES, from + 50_000));
  db.pragma("wal_checkpoint(TRUNCATE)");
  console.log(`Audit log: ${ENTRIES} entries over ${TARGETS} targets and ${ACTORS} actors, filled in ${((performance.now() - started) / 1000).toFixed(1)} s; database ${mb(statSync(dbPath).size)}`);

  started = performance.now();
  const applied = migrate(db, defaultMigrationsDir());
  console.log(`Migration ${applied.applied.join(", ")}: ${((performance.now() - started) / 1000).toFixed(2)} s`);

  const audit = new AuditLog(db, new ManualClock(NOW));
  const pick = (i) => target((i * 104729) % TARGETS);
  console.log("OperServ AUDIT queries (page of 15 and the total):");
  timeQueries("target, page 1", 2000, (i) => audit.query({ by: "target", key: pick(i), limit: 15 }));
  timeQueries("target, page 2", 2000, (i) => audit.query({ by: "target", key: pick(i), limit: 15, offset: 15 }));
  timeQueries("actor, page 300 (offset 4485)", 2000, (i) => audit.query({ by: "actor", key: actor(i % ACTORS), limit: 15, offset: 299 * 15 }));
  timeQueries("target, last 30 days", 2000, (i) => audit.query({ by: "target", key: pick(i), since: NOW - 30 * 86_400_000, limit: 15 }));
  timeQueries(`actor (${ENTRIES / ACTORS} entries each), page 1`, 2000, (i) => audit.query({ by: "actor", key: actor(i % ACTORS), limit: 15 }));
  timeQueries("actor, last 7 days", 2000, (i) => audit.query({ by: "actor", key: actor(i % ACTORS), since: NOW - 7 * 86_400_000, limit: 15 }));

  started = performance.now();
  const result = await backupDatabase(dbPath, join(dir, "backup.db"));
  const backupMs = performance.now() - started;
  if (!result.ok) throw new Error(result.error);
  console.log(`Backup (copy, integrity_check, rename): ${(backupMs / 1000).toFixed(2)} s for ${mb(result.value.bytes)} (${result.value.pages} pages)`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
