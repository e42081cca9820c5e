#!/usr/bin/env node
/**
 * Cost of carrying out one deletion case (issue 18) on a large database.
 *
 *   npm run build && node bench/deletion-execute.mjs [accounts=100000] [auditRows=1000000] [outboxRows=100000]
 *
 * Fills a file database with `accounts` verified accounts (each with its nick), `auditRows` audit
 * entries whose details name accounts (as the real writers do: names, nicks, masks), and
 * `outboxRows` sent mails; the account to delete owns a channel with a coowner, has grouped nicks,
 * access elsewhere and its share of audit entries and mails. Then it opens a staff case, moves
 * the clock past the objection window and carries the case out, printing: the execution time
 * (one immediate transaction: the event loop waits that long), the rows the scrub rewrote by
 * table, the export's time and size, and the database size. The scrub reads every text column
 * of every table, so its time grows with the database: this shows by how much.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openDatabase } from "../dist/db/connection.js";
import { defaultMigrationsDir, migrate } from "../dist/db/migrate.js";
import { createDomain } from "../dist/domain.js";
import { createMailService } from "../dist/services/mail/index.js";
import { ManualClock } from "../dist/util/clock.js";
import { silentLogger } from "../dist/util/logger.js";
import { benchConfig } from "./lib/config.mjs";

const ACCOUNTS = Number(process.argv[2] ?? 100_000);
const AUDIT = Number(process.argv[3] ?? 1_000_000);
const OUTBOX = Number(process.argv[4] ?? 100_000);
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 1);

const config = benchConfig();

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const idOf = (i) => `1${i.toString(36).toUpperCase().padStart(8, "0")}`;
const TARGET = 42;

const dir = mkdtempSync(join(tmpdir(), "custodian-bench-deletion-"));
const dbPath = join(dir, "bench.db");
try {
  const db = openDatabase(dbPath);
  migrate(db, defaultMigrationsDir());
  const fillStarted = performance.now();
  const hash = "scrypt$16384$8$1$c2FsdA==$aGFzaA==";
  const insertAccount = db.prepare(
    `INSERT INTO accounts (id, name, name_key, password_hash, email, email_canonical, status, created_at, verified_at, last_seen_at, last_mask)
     VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)`,
  );
  const insertNick = db.prepare("INSERT INTO account_nicks (nick_key, nick, account_id, registered_at, last_seen_at) VALUES (?, ?, ?, ?, ?)");
  const insertAudit = db.prepare("INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)");
  const insertMail = db.prepare(
    "INSERT INTO mail_outbox (template, recipient, data, ref, not_before, status, attempts, created_at, sent_at) VALUES ('account_verify', ?, '{}', NULL, ?, 'sent', 1, ?, ?)",
  );
  db.transaction(() => {
    for (let i = 0; i < ACCOUNTS; i++) {
      const name = `user${i}`;
      const email = `${name}@example.net`;
      insertAccount.run(idOf(i), name, name, hash, email, email, NOW - 400 * DAY, NOW - 400 * DAY, NOW - (i % 50) * DAY, `${name}!${name}@host${i}.example`);
      insertNick.run(name, name, idOf(i), NOW - 400 * DAY, NOW);
    }
    insertNick.run("user42away", "user42away", idOf(TARGET), NOW, NOW);
    for (let i = 0; i < AUDIT; i++) {
      const who = i % ACCOUNTS;
      const name = `user${who}`;
      insertAudit.run(NOW - (AUDIT - i), idOf(who), "account.group", idOf(who), JSON.stringify({ nick: `${name}_x`, mask: `${name}!${name}@host.example`, name }));
    }
    for (let i = 0; i < OUTBOX; i++) insertMail.run(`user${i % ACCOUNTS}@example.net`, NOW, NOW, NOW);
  })();
  const fillMs = performance.now() - fillStarted;

  const clock = new ManualClock(NOW);
  const log = silentLogger();
  const mail = createMailService({ db, clock, config: config.mail, log, hooks: { onPermanentFailure() {}, onGiveUp() {} }, sender: { send: () => Promise.reject(new Error("no mail")) } });
  const network = { user: () => undefined, usersOnAccount: () => [], presence: () => undefined, channelMembers: () => [], channelExists: () => false, isSplit: () => false, isLinked: () => true };
  const actions = { notify() {}, alertOpers() {}, setLogin() {}, forceNick() {}, holdNick() {}, releaseNick() {}, joinChannel() {}, partChannel() {}, channelMode() {}, killUser() {} };
  const domain = createDomain({ db, config, clock, log, network, actions, mail });

  // The target owns a channel with a coowner and has op access elsewhere.
  const channel = (name, owner) => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO channels (name, name_key, state, owner_id, email, email_canonical, requested_at, registered_at, verified_at, reg_uid, reg_nick, reg_ident, reg_host, reg_ip, reg_account_id)
           VALUES (?, ?, 'active', ?, ?, ?, ?, ?, ?, '001AAAAAA', ?, 'x', 'h', '192.0.2.1', ?)`,
        )
        .run(name, name, idOf(owner), `user${owner}@example.net`, `user${owner}@example.net`, NOW, NOW, NOW, `user${owner}`, idOf(owner)).lastInsertRowid,
    );
    db.prepare("INSERT INTO channel_access (channel_id, account_id, level, added_by, added_at) VALUES (?, ?, 500, 'system', ?)").run(id, idOf(owner), NOW);
    return id;
  };
  const own = channel("#target", TARGET);
  db.prepare("INSERT INTO channel_access (channel_id, account_id, level, added_by, added_at) VALUES (?, ?, 400, ?, ?)").run(own, idOf(43), idOf(TARGET), NOW);
  const other = channel("#other", 44);
  db.prepare("INSERT INTO channel_access (channel_id, account_id, level, added_by, added_at) VALUES (?, ?, 200, ?, ?)").run(other, idOf(TARGET), idOf(44), NOW);

  const exportStarted = performance.now();
  const opened = domain.deletion.openStaffCase({ id: idOf(0) }, [idOf(TARGET)], "benchmark");
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  const number = opened.value.caseNumber;
  const exported = domain.deletion.exportCase(number, { id: idOf(0) });
  const exportMs = performance.now() - exportStarted;
  clock.advance(15 * DAY);
  const started = performance.now();
  const result = domain.deletion.execute(number, "system");
  const executeMs = performance.now() - started;
  if (!result.ok) throw new Error(JSON.stringify(result.error));

  console.log(`accounts ${ACCOUNTS}, audit entries ${AUDIT}, outbox rows ${OUTBOX} (filled in ${(fillMs / 1000).toFixed(1)} s)`);
  console.log(`database file: ${mb(statSync(dbPath).size)}`);
  console.log(`open case + CASE EXPORT: ${exportMs.toFixed(1)} ms, export ${exported.ok ? `${(exported.value.bytes / 1024).toFixed(1)} KiB` : "failed"}`);
  console.log(`execution (one transaction, event loop blocked): ${executeMs.toFixed(1)} ms`);
  console.log(`rows rewritten by the scrub: ${JSON.stringify(result.value.scrubbed)}`);
  console.log(`channel #target now owned by: ${domain.channels.live("#target")?.ownerId}`);
  domain.dispose();
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
