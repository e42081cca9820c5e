#!/usr/bin/env node
/**
 * Scale benchmark of FREEZE and UNFREEZE (issue 17).
 *
 *   npm run build && node bench/freeze-scale.mjs [channels=2000] [activeChannels=20000]
 *
 * Fills a file database with `activeChannels` active channel registrations of other owners, and
 * `channels` more where one member has access: owner alone in half of them (FREEZE suspends
 * those), op in the other half. Then, under a ManualClock with network ports that only count what
 * they are asked: FREEZE of that member (one transaction, commit included), UNFREEZE (the same),
 * and what suspended channels cost everyone else: the time of the visits scan over every active
 * channel (it reads the suspended ones once and skips them), against the same scan told nothing is
 * suspended, and the time of one suspension lookup (a join, an X2 command), averaged.
 * Prints the figures; asserts nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openDatabase } from "../dist/db/connection.js";
import { defaultMigrationsDir, migrate } from "../dist/db/migrate.js";
import { createDomain } from "../dist/domain.js";
import { FreezeStore } from "../dist/services/lifecycle/freeze/store.js";
import { ManualClock } from "../dist/util/clock.js";
import { silentLogger } from "../dist/util/logger.js";
import { benchConfig } from "./lib/config.mjs";

const CHANNELS = Number(process.argv[2] ?? 2000);
const ACTIVE = Number(process.argv[3] ?? 20_000);
const NOW = Date.UTC(2026, 0, 1);

const config = benchConfig();

const counts = { notify: 0, setLogin: 0, joinChannel: 0, partChannel: 0, channelMode: 0 };
const actions = {
  notify: () => counts.notify++,
  alertOpers: () => {},
  setLogin: () => counts.setLogin++,
  forceNick: () => {},
  holdNick: () => {},
  releaseNick: () => {},
  joinChannel: () => counts.joinChannel++,
  partChannel: () => counts.partChannel++,
  channelMode: () => counts.channelMode++,
  killUser: () => {},
};
const network = {
  user: () => undefined,
  usersOnAccount: () => [],
  presence: () => undefined,
  // Everyone's channels have two members the scan looks up.
  channelMembers: () => ["001AAAAAA", "001AAAAAB"],
  channelExists: () => true,
  channelTs: () => 1_700_000_000,
  isSplit: () => false,
  isLinked: () => true,
};
let mails = 0;
const mail = { queue: () => ++mails, cancel: () => 0, status: () => undefined };

const ms = (t) => `${t.toFixed(1)} ms`;
const dir = mkdtempSync(join(tmpdir(), "custodian-bench-freeze-"));
try {
  const db = openDatabase(join(dir, "bench.db"));
  migrate(db, defaultMigrationsDir());
  const insertAccount = db.prepare(
    `INSERT INTO accounts (id, name, name_key, password_hash, email, email_canonical, status, created_at, verified_at, last_seen_at)
     VALUES (?, ?, ?, 'x', ?, ?, 'active', ?, ?, ?)`,
  );
  const insertChannel = db.prepare(
    `INSERT INTO channels (name, name_key, state, owner_id, email, email_canonical, requested_at, registered_at, verified_at, established_at, last_visit_at, reg_uid, reg_nick, reg_ident, reg_host, reg_ip)
     VALUES (?, ?, 'active', ?, 'o@example.org', 'o@example.org', ?, ?, ?, ?, ?, '001AAAAAA', 'n', 'i', 'h', '127.0.0.1')`,
  );
  const insertAccess = db.prepare("INSERT INTO channel_access (channel_id, account_id, level, added_by, added_at, last_seen_at) VALUES (?, ?, ?, 'system', ?, ?)");
  const member = "1MEMBER00";
  const other = "1OTHER000";
  db.transaction(() => {
    for (const [id, name] of [[member, "member"], [other, "other"]]) insertAccount.run(id, name, name, `${name}@example.org`, `${name}@example.org`, NOW, NOW, NOW);
    const channel = (name, owner) => Number(insertChannel.run(name, name, owner, NOW, NOW, NOW, NOW, NOW).lastInsertRowid);
    for (let i = 0; i < ACTIVE; i++) insertAccess.run(channel(`#c${i}`, other), other, 500, NOW, NOW);
    for (let i = 0; i < CHANNELS; i++) {
      const sole = i % 2 === 0;
      const id = channel(`#m${i}`, sole ? member : other);
      insertAccess.run(id, member, sole ? 500 : 200, NOW, NOW);
      if (!sole) insertAccess.run(id, other, 500, NOW, NOW);
    }
  })();

  const clock = new ManualClock(NOW);
  const domain = createDomain({ db, config, clock, log: silentLogger(), network, actions, mail });
  const by = { id: "1STAFF000", name: "Staff" };

  let started = performance.now();
  const frozen = domain.freeze.freeze({ reference: member, reason: "benchmark", durationMs: null, by });
  const freezeMs = performance.now() - started;
  if (!frozen.ok) throw new Error(JSON.stringify(frozen.error));
  const freezeMails = mails;

  // The scan as it runs, and told nothing is suspended; alternated, the median of 7 of each (the
  // order of two runs alone shows in their times).
  const visitsPart = domain.channels.visits;
  const port = visitsPart.deps.suspensions;
  const nothing = { isSuspended: () => false, suspendedIds: () => new Set(), lastResumedAt: () => null };
  const timeScan = (suspensions) => {
    visitsPart.deps.suspensions = suspensions;
    const t = performance.now();
    visitsPart.scan();
    return performance.now() - t;
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  timeScan(port);
  const withSuspended = [];
  const withoutSuspended = [];
  for (let i = 0; i < 7; i++) {
    withSuspended.push(timeScan(port));
    withoutSuspended.push(timeScan(nothing));
  }
  visitsPart.deps.suspensions = port;
  const scan = { ms: median(withSuspended) };
  const bare = { ms: median(withoutSuspended) };

  const store = new FreezeStore(db);
  const lookups = 100_000;
  started = performance.now();
  for (let i = 0; i < lookups; i++) store.isSuspended((i % (ACTIVE + CHANNELS)) + 1);
  const lookupUs = ((performance.now() - started) / lookups) * 1000;

  clock.advance(60_000);
  started = performance.now();
  const thawed = domain.freeze.unfreeze({ reference: member, by });
  const unfreezeMs = performance.now() - started;
  if (!thawed.ok) throw new Error(JSON.stringify(thawed.error));

  console.log(`channels with the member's access: ${CHANNELS} (${CHANNELS / 2} owned alone); other active channels: ${ACTIVE}`);
  console.log(`FREEZE:   ${ms(freezeMs)}  (entries taken ${frozen.value.record.access.length}, channels suspended ${frozen.value.record.channels.length}, X2 parts ${counts.partChannel}, mails ${freezeMails})`);
  console.log(`UNFREEZE: ${ms(unfreezeMs)}  (restored ${thawed.value.report.restored.length}, skipped ${thawed.value.report.skipped.length}, resumed ${thawed.value.report.resumed.length}, X2 joins ${counts.joinChannel}, mails ${mails - freezeMails})`);
  console.log(`visits scan over ${ACTIVE + CHANNELS} active channels while ${CHANNELS / 2} are suspended: ${ms(scan.ms)} (median of 7); the same scan told nothing is suspended: ${ms(bare.ms)}`);
  console.log(`one suspension lookup (ChannelSuspensions.isSuspended): ${lookupUs.toFixed(2)} µs`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
