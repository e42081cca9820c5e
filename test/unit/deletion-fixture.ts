/**
 * A deletion world for unit tests: the real migrations (in memory, or in a database file), a
 * ManualClock, the real domain (createDomain) with the real mail outbox on the same database,
 * fake network ports, and NickServ, X2 and OperServ commands through the real dispatcher.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandTable, dispatch } from "../../src/commands/dispatcher.js";
import { nickservCommands } from "../../src/commands/nickserv/index.js";
import { operservCommands } from "../../src/commands/operserv/index.js";
import { x2Commands } from "../../src/commands/x2/index.js";
import type { Config } from "../../src/config/schema.js";
import { openDatabase, type Database } from "../../src/db/connection.js";
import { defaultMigrationsDir, migrate } from "../../src/db/migrate.js";
import { deletionLoops } from "../../src/loops/deletion.js";
import type { LoopReport } from "../../src/loops/scheduler.js";
import type { Account } from "../../src/services/accounts/store.js";
import { createMailService, type MailService } from "../../src/services/mail/index.js";
import type { OnlineUser } from "../../src/services/ports.js";
import type { Services } from "../../src/services/registry.js";
import { ManualClock } from "../../src/util/clock.js";
import { silentLogger } from "../../src/util/logger.js";
import { accountFailureText } from "../../src/commands/nickserv/failures.js";
import { wording } from "../../src/commands/words.js";
import { commandContext, memoryDb, requester, testConfig, testDomain, type FakeNetwork, type RecordingActions, type TestDomain } from "../support.js";

export const PASSWORD = "correct-horse-battery";

export function deletionConfig(deletion = "", extra = ""): Config {
  return testConfig(`[security]
scrypt_n = 1024

[opers]
StaffOne = "admin"
Caseworker = "cases"

[oper_classes.cases]
privileges = ["case", "account:delete"]

[mail]
network_name = "TestNet"
contact = "staff@test.local"

[channels]
registrations_per_host_per_day = 100
registrations_per_account_per_day = 100

[nickserv]
resend_interval = "1s"

[deletion]
${deletion}

${extra}
`);
}

export interface MailRow {
  id: number;
  template: string;
  recipient: string;
  data: Record<string, unknown>;
  status: string;
}

export interface DeletionWorld extends TestDomain {
  clock: ManualClock;
  config: Config;
  mail: MailService;
  /** The database file, when the world has one. */
  file: string | null;
  user(nick: string): OnlineUser;
  /** A new online user logged in to a new verified account. */
  member(nick: string, email?: string): Promise<OnlineUser>;
  /** A member who registered `channel` (active at once). */
  founder(nick: string, channel: string, email?: string): Promise<OnlineUser>;
  account(reference: string): Account;
  ns(user: OnlineUser, text: string): Promise<string[]>;
  os(user: OnlineUser, text: string): Promise<string[]>;
  x2(user: OnlineUser, text: string): Promise<string[]>;
  mails(template?: string): MailRow[];
  lastMail(template: string): MailRow;
  /** Marks every due mail sent, as the delivery loop would. */
  deliverMail(): number;
  runLoops(): Promise<Record<string, LoopReport>>;
  advance(ms: number): Promise<Record<string, LoopReport>>;
  close(): void;
}

export function makeDeletionWorld(o: { config?: Config; file?: boolean } = {}): DeletionWorld {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const config = o.config ?? deletionConfig();
  const log = silentLogger();
  const dir = o.file ? mkdtempSync(join(tmpdir(), "custodian-deletion-")) : null;
  const file = dir ? join(dir, "custodian.db") : null;
  let db: Database;
  if (file) {
    db = openDatabase(file);
    migrate(db, defaultMigrationsDir());
  } else db = memoryDb();
  const mail = createMailService({
    db,
    clock,
    config: config.mail,
    log,
    hooks: { onPermanentFailure: () => {}, onGiveUp: () => {} },
    sender: { send: () => Promise.reject(new Error("unit tests send no mail")) },
  });
  const td = testDomain({ config, clock, mail, db });
  const { net, domain, services } = td;
  const loops = deletionLoops(domain.deletion);
  const tables = { nickserv: new CommandTable(nickservCommands), operserv: new CommandTable(operservCommands), x2: new CommandTable(x2Commands) };
  let emails = 0;

  async function command(service: "nickserv" | "operserv" | "x2", user: OnlineUser, text: string): Promise<string[]> {
    const { ctx, replies } = commandContext(service, requester(user, domain), services);
    await dispatch(tables[service], ctx, text, log);
    return replies;
  }

  const world: DeletionWorld = {
    ...td,
    clock,
    config,
    mail,
    file,
    user: (nick) => net.add(nick),
    async member(nick, email) {
      const u = net.add(nick);
      const address = email ?? `${nick.toLowerCase()}.${++emails}@example.com`;
      const actor = { ...u, displayHost: u.displayHost };
      const r = await domain.accounts.register(actor, PASSWORD, address);
      if (!r.ok) throw new Error(accountFailureText(r.error, wording(config)));
      const code = mail.outbox.pending().filter((m) => m.template === "account_verify").pop()?.data.code;
      const v = domain.accounts.verifyRegistration(nick, String(code), actor);
      if (!v.ok) throw new Error(accountFailureText(v.error, wording(config)));
      if (!domain.accounts.accountOf(u.uid)) domain.accounts.login(u.uid, v.value.account, "identify", false);
      return u;
    },
    async founder(nick, channel, email) {
      const address = email ?? `${nick.toLowerCase()}.${++emails}@example.com`;
      const u = await world.member(nick, address);
      net.join(channel, u.uid, { op: true });
      const replies = await world.x2(u, `REGISTER ${channel} ${address}`);
      if (domain.channels.live(channel)?.state !== "active") throw new Error(`${channel} is not active: ${replies.join(" | ")}`);
      return u;
    },
    account(reference) {
      const a = domain.accounts.resolve(reference);
      if (!a) throw new Error(`no account ${reference}`);
      return a;
    },
    ns: (user, text) => command("nickserv", user, text),
    os: (user, text) => command("operserv", user, text),
    x2: (user, text) => command("x2", user, text),
    mails(template) {
      return db
        .prepare<[], { id: number; template: string; recipient: string; data: string; status: string }>("SELECT id, template, recipient, data, status FROM mail_outbox ORDER BY id")
        .all()
        .filter((r) => template === undefined || r.template === template)
        .map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
    },
    lastMail(template) {
      const row = world.mails(template).pop();
      if (!row) throw new Error(`no ${template} mail`);
      return row;
    },
    deliverMail() {
      let n = 0;
      for (const row of mail.outbox.due(1000)) {
        if (mail.outbox.markSending(row.id)) {
          mail.outbox.markSent(row.id, `<${row.id}@test>`);
          n++;
        }
      }
      return n;
    },
    async runLoops() {
      const reports: Record<string, LoopReport> = {};
      for (const loop of loops) reports[loop.name] = await loop.run(services as Services);
      return reports;
    },
    advance(ms) {
      clock.advance(ms);
      return world.runLoops();
    },
    close() {
      domain.dispose();
      db.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

export type { FakeNetwork, RecordingActions };
