/**
 * A channel-registration world for unit tests: the real migrations in memory, a ManualClock, the
 * real accounts service, outbox, abuse policy and channel service, and fake network ports that
 * know channels and membership. `x2(uid, text)` and `os(uid, text)` run commands through the
 * real dispatcher.
 */
import type { Config } from "../../src/config/schema.js";
import { CommandTable, dispatch } from "../../src/commands/dispatcher.js";
import { x2Commands } from "../../src/commands/x2/index.js";
import { operservCommands } from "../../src/commands/operserv/index.js";
import type { Database } from "../../src/db/connection.js";
import type { AuditLog } from "../../src/services/audit.js";
import type { EmailBlacklist } from "../../src/services/abuse/email-blacklist.js";
import type { FailedVerifications } from "../../src/services/abuse/failed-verifications.js";
import type { RegistrationPolicy } from "../../src/services/abuse/registration-policy.js";
import type { AccountService } from "../../src/services/accounts/service.js";
import type { AccountStore, Account } from "../../src/services/accounts/store.js";
import type { ChannelActor, ChannelService } from "../../src/services/channels/service.js";
import { createMailService, type MailService, type Outbox } from "../../src/services/mail/index.js";
import type { MailTemplate } from "../../src/services/mail/templates.js";
import type { OnlineUser } from "../../src/services/ports.js";
import type { Services } from "../../src/services/registry.js";
import { channelLoops } from "../../src/loops/channel-loops.js";
import type { LoopReport } from "../../src/loops/scheduler.js";
import { ManualClock } from "../../src/util/clock.js";
import { silentLogger } from "../../src/util/logger.js";
import { accountFailureText } from "../../src/commands/nickserv/failures.js";
import { wording } from "../../src/commands/words.js";
import { commandContext, memoryDb, requester, testConfig, testDomain, type FakeNetwork, type RecordingActions } from "../support.js";

function channelConfig(sections: { channels?: string; mail?: string; maintenance?: string }): Config {
  return testConfig(`[security]
scrypt_n = 1024

[opers]
StaffOne = "admin"

[mail]
network_name = "TestNet"
contact = "staff@test.local"
blacklist = ["*@mailinator.com"]
${sections.mail ?? ""}

[channels]
registrations_per_host_per_day = 100
registrations_per_account_per_day = 100
${sections.channels ?? ""}

[maintenance]
${sections.maintenance ?? "breaker_limit = 50"}
`);
}

export interface ChannelWorld {
  db: Database;
  clock: ManualClock;
  config: Config;
  net: FakeNetwork;
  actions: RecordingActions;
  outbox: Outbox;
  /** The real mail service (its delivery loop is never started: deliverDueMail stands in for it). */
  mail: MailService;
  audit: AuditLog;
  accounts: AccountService;
  accountStore: AccountStore;
  blacklist: EmailBlacklist;
  failed: FailedVerifications;
  policy: RegistrationPolicy;
  channels: ChannelService;
  services: Services;
  /** A new online user. */
  user(nick: string): OnlineUser;
  /** A new online user logged in to a new verified account with `email`. */
  member(nick: string, email?: string): Promise<OnlineUser>;
  /** Joins and ops the user, as a live op (or from a burst). */
  opIn(channel: string, user: OnlineUser, fromBurst?: boolean): void;
  /** A new user without an account, opped in `channel`, registers it with `email`; throws unless it is recorded. */
  registerWithoutAccount(nick: string, channel: string, email: string): Promise<OnlineUser>;
  /** A new member, opped in `channel`, registers it with their own email: active at once. */
  registerActive(nick: string, channel: string): Promise<OnlineUser>;
  actor(user: OnlineUser): ChannelActor;
  x2(user: OnlineUser, text: string): Promise<string[]>;
  os(user: OnlineUser, text: string): Promise<string[]>;
  /** Marks queued mail as sent (as the delivery loop would). */
  deliverDueMail(): number;
  mails(template?: MailTemplate): Array<{ id: number; template: string; recipient: string; data: Record<string, unknown>; status: string; notBefore: number }>;
  runLoops(): Promise<Record<string, LoopReport>>;
  advance(ms: number): Promise<Record<string, LoopReport>>;
  account(nameOrId: string): Account | undefined;
  close(): void;
}

export function makeChannelWorld(sections: { channels?: string; mail?: string; maintenance?: string } = {}): ChannelWorld {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const config = channelConfig(sections);
  const log = silentLogger();
  // The mail service needs the database before the domain is built: share one.
  const shared = memoryDb();
  const mail = createMailService({
    db: shared,
    clock,
    config: config.mail,
    log,
    hooks: { onPermanentFailure: () => {}, onGiveUp: () => {} },
    sender: { send: () => Promise.reject(new Error("unit tests send no mail")) },
  });
  const { db, net, actions, domain, services } = testDomain({ config, clock, mail, db: shared });
  const { accounts, channels, audit, blacklist, failedVerifications: failed, registrationPolicy: policy } = domain;
  const outbox = mail.outbox;
  const accountStore = accounts.deps.store;
  const loops = channelLoops(channels);
  const tables = { x2: new CommandTable(x2Commands), operserv: new CommandTable(operservCommands) };

  const actor = (u: OnlineUser): ChannelActor => requester(u, domain);

  async function command(service: "x2" | "operserv", user: OnlineUser, text: string): Promise<string[]> {
    const { ctx, replies } = commandContext(service, actor(user), services);
    await dispatch(tables[service], ctx, text, log);
    return replies;
  }

  let emails = 0;
  const world: ChannelWorld = {
    db,
    clock,
    config,
    net,
    actions,
    outbox,
    mail,
    audit,
    accounts,
    accountStore,
    blacklist,
    failed,
    policy,
    channels,
    services,
    user: (nick) => net.add(nick),
    async member(nick, email) {
      const u = net.add(nick);
      const address = email ?? `${nick.toLowerCase()}.${++emails}@example.com`;
      const r = await accounts.register({ ...u, displayHost: u.displayHost }, "correct horse battery", address);
      if (!r.ok) throw new Error(accountFailureText(r.error, wording(config)));
      const code = outbox.pending().filter((m) => m.template === "account_verify").pop()?.data.code;
      const v = accounts.verifyRegistration(nick, String(code), { ...u, displayHost: u.displayHost });
      if (!v.ok) throw new Error(accountFailureText(v.error, wording(config)));
      if (!accounts.accountOf(u.uid)) accounts.login(u.uid, v.value.account, "identify", false);
      return u;
    },
    opIn(channel, user, fromBurst = false) {
      net.join(channel, user.uid, { op: true, statusFromBurst: fromBurst });
    },
    async registerWithoutAccount(nick, channel, email) {
      const u = net.add(nick);
      world.opIn(channel, u);
      const replies = await world.x2(u, `REGISTER ${channel} ${email}`);
      if (!channels.store.live(channel)) throw new Error(replies.join("\n"));
      return u;
    },
    async registerActive(nick, channel) {
      const email = `${nick.toLowerCase()}@example.com`;
      const u = await world.member(nick, email);
      world.opIn(channel, u);
      await world.x2(u, `REGISTER ${channel} ${email}`);
      if (channels.store.live(channel)?.state !== "active") throw new Error(`${channel} is not active`);
      return u;
    },
    actor,
    x2: (user, text) => command("x2", user, text),
    os: (user, text) => command("operserv", user, text),
    deliverDueMail() {
      let n = 0;
      for (const row of outbox.due(1000)) {
        if (outbox.markSending(row.id)) {
          outbox.markSent(row.id, `<${row.id}@test>`);
          n++;
        }
      }
      return n;
    },
    mails(template) {
      const rows = db
        .prepare<[], { id: number; template: string; recipient: string; data: string; status: string; not_before: number }>(
          "SELECT id, template, recipient, data, status, not_before FROM mail_outbox ORDER BY id",
        )
        .all();
      return rows
        .filter((r) => template === undefined || r.template === template)
        .map((r) => ({ id: r.id, template: r.template, recipient: r.recipient, data: JSON.parse(r.data) as Record<string, unknown>, status: r.status, notBefore: r.not_before }));
    },
    async runLoops() {
      const reports: Record<string, LoopReport> = {};
      for (const loop of loops) reports[loop.name] = await loop.run(services);
      return reports;
    },
    async advance(ms) {
      clock.advance(ms);
      return world.runLoops();
    },
    account: (ref) => accountStore.resolve(ref),
    close: () => db.close(),
  };
  return world;
}
