/**
 * A channel-registration world for unit tests: the real migrations in memory, a ManualClock, the
 * real accounts service, outbox, abuse policy and channel service, and fake network ports that
 * know channels and membership. `x2(uid, text)` and `os(uid, text)` run commands through the
 * real dispatcher.
 */
import { parseConfig } from "../../src/config/load.js";
import { privilegesOf, type Config } from "../../src/config/schema.js";
import { CommandTable, dispatch } from "../../src/commands/dispatcher.js";
import { x2Commands } from "../../src/commands/x2/index.js";
import { operservCommands } from "../../src/commands/operserv/index.js";
import type { CommandContext } from "../../src/commands/types.js";
import { openDatabase, type Database } from "../../src/db/connection.js";
import { defaultMigrationsDir, migrate } from "../../src/db/migrate.js";
import { AuditLog } from "../../src/services/audit.js";
import { LoopBreaker } from "../../src/services/breaker.js";
import { EmailBlacklist } from "../../src/services/abuse/email-blacklist.js";
import { FailedVerifications } from "../../src/services/abuse/failed-verifications.js";
import { RegistrationPolicy } from "../../src/services/abuse/registration-policy.js";
import { AccountService } from "../../src/services/accounts/service.js";
import { Sessions } from "../../src/services/accounts/sessions.js";
import { AccountStore, type Account } from "../../src/services/accounts/store.js";
import { ChannelService, type ChannelActor, type ChannelMail } from "../../src/services/channels/service.js";
import { ChannelStore } from "../../src/services/channels/store.js";
import { Outbox } from "../../src/services/mail/outbox.js";
import type { MailTemplate, MailTemplateData } from "../../src/services/mail/templates.js";
import type { ChannelPresence, NetworkActions, NetworkView, OnlineUser } from "../../src/services/ports.js";
import type { Services } from "../../src/services/registry.js";
import { channelLoops } from "../../src/loops/channel-loops.js";
import type { LoopReport } from "../../src/loops/scheduler.js";
import { ManualClock } from "../../src/util/clock.js";
import { silentLogger } from "../../src/util/logger.js";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const BASE = `[server]
name = "services.test.local"
sid = "42X"

[uplink]
host = "127.0.0.1"
port = 7000
send_password = "out-secret"
receive_password = "in-secret"

[database]
path = ":memory:"

[security]
scrypt_n = 1024

[opers]
StaffOne = "admin"
`;

export function channelConfig(sections: { channels?: string; mail?: string; maintenance?: string } = {}): Config {
  const text =
    BASE +
    `\n[mail]\nnetwork_name = "TestNet"\ncontact = "staff@test.local"\nblacklist = ["*@mailinator.com"]\n${sections.mail ?? ""}\n` +
    `\n[channels]\nregistrations_per_host_per_day = 100\nregistrations_per_account_per_day = 100\n${sections.channels ?? ""}\n` +
    `\n[maintenance]\n${sections.maintenance ?? "breaker_limit = 50"}\n`;
  const parsed = parseConfig(text);
  if (!parsed.ok) throw new Error(parsed.error.join("\n"));
  return parsed.value;
}

interface FakeChannel {
  ts: number;
  members: Map<string, ChannelPresence>;
}

/** Users, channels and membership, as the ports show them. */
export class ChannelNet implements NetworkView {
  readonly users = new Map<string, OnlineUser>();
  readonly channels = new Map<string, FakeChannel>();
  split = false;
  private next = 1;

  add(nick: string, extra: Partial<OnlineUser> = {}): OnlineUser {
    const n = this.next++;
    const uid = extra.uid ?? `001AAAA${String(n).padStart(2, "0")}`;
    const user: OnlineUser = {
      uid,
      nick,
      ident: nick.toLowerCase().slice(0, 10),
      host: `host${n}.example.net`,
      displayHost: `cloak${n}.example.net`,
      ip: `192.0.2.${n}`,
      accountName: null,
      accountId: null,
      certfp: null,
      isIrcOper: false,
      connectedAt: 0,
      ...extra,
    };
    this.users.set(uid, user);
    return user;
  }
  quit(uid: string): void {
    this.users.delete(uid);
    for (const c of this.channels.values()) c.members.delete(uid);
  }
  join(channel: string, uid: string, status: Partial<ChannelPresence> = {}): void {
    const key = channel.toLowerCase();
    let c = this.channels.get(key);
    if (!c) {
      c = { ts: 1_700_000_000, members: new Map() };
      this.channels.set(key, c);
    }
    c.members.set(uid, { op: false, voice: false, statusFromBurst: false, ...status });
  }
  part(channel: string, uid: string): void {
    this.channels.get(channel.toLowerCase())?.members.delete(uid);
  }
  user(uidOrNick: string): OnlineUser | undefined {
    const direct = this.users.get(uidOrNick);
    if (direct) return direct;
    for (const u of this.users.values()) if (u.nick.toLowerCase() === uidOrNick.toLowerCase()) return u;
    return undefined;
  }
  usersOnAccount(accountId: string): OnlineUser[] {
    return [...this.users.values()].filter((u) => u.accountId === accountId);
  }
  presence(channel: string, uid: string): ChannelPresence | undefined {
    return this.channels.get(channel.toLowerCase())?.members.get(uid);
  }
  channelMembers(channel: string): string[] {
    return [...(this.channels.get(channel.toLowerCase())?.members.keys() ?? [])];
  }
  channelExists(channel: string): boolean {
    return this.channels.has(channel.toLowerCase());
  }
  channelTs(channel: string): number | undefined {
    return this.channels.get(channel.toLowerCase())?.ts;
  }
  isSplit(): boolean {
    return this.split;
  }
  isLinked(): boolean {
    return true;
  }
}

export const X2_UID = "42XAAAAAA";

export class ChannelActions implements NetworkActions {
  readonly calls: Array<{ action: string; args: unknown[] }> = [];
  constructor(private readonly net: ChannelNet) {}
  of(action: string): unknown[][] {
    return this.calls.filter((c) => c.action === action).map((c) => c.args);
  }
  noticesTo(uid: string): string[] {
    return this.of("notice").filter((a) => a[1] === uid).map((a) => String(a[2]));
  }
  notice(...args: unknown[]): void {
    this.calls.push({ action: "notice", args });
  }
  setLogin(uid: string, account: { id: string; name: string } | null): void {
    this.calls.push({ action: "setLogin", args: [uid, account] });
    const u = this.net.users.get(uid);
    if (u) {
      u.accountId = account?.id ?? null;
      u.accountName = account?.name ?? null;
    }
  }
  forceNick(...args: unknown[]): void {
    this.calls.push({ action: "forceNick", args });
  }
  holdNick(...args: unknown[]): void {
    this.calls.push({ action: "holdNick", args });
  }
  releaseNick(...args: unknown[]): void {
    this.calls.push({ action: "releaseNick", args });
  }
  joinChannel(service: string, channel: string, ts?: number): void {
    this.calls.push({ action: "joinChannel", args: [service, channel, ts] });
    this.net.join(channel, X2_UID, { op: true });
  }
  partChannel(service: string, channel: string, reason: string): void {
    this.calls.push({ action: "partChannel", args: [service, channel, reason] });
    this.net.part(channel, X2_UID);
  }
  channelMode(service: string, channel: string, modes: string, params: string[] = []): void {
    this.calls.push({ action: "channelMode", args: [service, channel, modes, params] });
    const member = this.net.presence(channel, params[0] ?? "");
    if (!member) return;
    if (modes === "+o") member.op = true;
    if (modes === "-o") member.op = false;
    if (modes === "+v") member.voice = true;
    if (modes === "-v") member.voice = false;
    member.statusFromBurst = false;
  }
  operNotice(text: string): void {
    this.calls.push({ action: "operNotice", args: [text] });
  }
}

export interface ChannelWorld {
  db: Database;
  clock: ManualClock;
  config: Config;
  net: ChannelNet;
  actions: ChannelActions;
  outbox: Outbox;
  mail: ChannelMail;
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
  const db = openDatabase(":memory:");
  migrate(db, defaultMigrationsDir());
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const config = channelConfig(sections);
  const log = silentLogger();
  const net = new ChannelNet();
  const actions = new ChannelActions(net);
  const audit = new AuditLog(db, clock);
  const outbox = new Outbox(db, clock, config.mail);
  const mail = {
    outbox,
    queue<T extends MailTemplate>(template: T, to: string, data: MailTemplateData[T], opts: { ref?: string; delayMs?: number } = {}): number {
      return outbox.enqueue({ template, to, data, delayMs: opts.delayMs ?? config.mail.delay, ...(opts.ref !== undefined ? { ref: opts.ref } : {}) });
    },
    cancel: (ref: string) => outbox.cancel(ref),
  };
  const accountStore = new AccountStore(db);
  const blacklist = new EmailBlacklist(db, clock);
  const failed = new FailedVerifications(db, clock);
  const accounts = new AccountService({
    store: accountStore,
    sessions: new Sessions(),
    mail: mail as never,
    audit,
    clock,
    config,
    log,
    network: net,
    actions,
    emailBlacklist: blacklist,
  });
  const store = new ChannelStore(db);
  const policy = new RegistrationPolicy({
    db,
    clock,
    config,
    audit,
    actions,
    blacklist,
    failed,
    channelsForEmail: (c) => store.countForEmail(c),
    pendingCount: () => store.pendingCount(),
  });
  const channels = new ChannelService({ store, accounts, mail, policy, blacklist, failed, audit, clock, config, log, network: net, actions });
  const breaker = new LoopBreaker(config.maintenance.breaker_limit, clock, audit, (text) => actions.operNotice(text));
  const services = {
    config,
    clock,
    log,
    audit,
    network: net,
    actions,
    breaker,
    accounts,
    mail,
    blacklist,
    failedVerifications: failed,
    registrationPolicy: policy,
    channels,
  } as unknown as Services;
  const loops = channelLoops(channels);
  const tables = { x2: new CommandTable(x2Commands), operserv: new CommandTable(operservCommands) };

  const actor = (u: OnlineUser): ChannelActor => {
    const a = accounts.accountOf(u.uid);
    const account = a ? { id: a.id, name: a.name } : null;
    return {
      uid: u.uid,
      nick: u.nick,
      ident: u.ident,
      host: u.host,
      ip: u.ip,
      account,
      privileges: account ? privilegesOf(config, account.name) : new Set<string>(),
    };
  };

  async function command(service: "x2" | "operserv", user: OnlineUser, text: string): Promise<string[]> {
    const replies: string[] = [];
    const ctx: CommandContext = {
      service,
      serviceNick: service === "x2" ? "X2" : "OperServ",
      source: actor(user),
      services,
      reply: (t) => replies.push(t),
    };
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
      if (!r.ok) throw new Error(r.error);
      const code = outbox.pending().filter((m) => m.template === "account_verify").pop()?.data.code;
      const v = accounts.verifyRegistration(nick, String(code), { ...u, displayHost: u.displayHost });
      if (!v.ok) throw new Error(v.error);
      if (!accounts.accountOf(u.uid)) accounts.login(u.uid, v.value.account, "identify", false);
      return u;
    },
    opIn(channel, user, fromBurst = false) {
      net.join(channel, user.uid, { op: true, statusFromBurst: fromBurst });
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
