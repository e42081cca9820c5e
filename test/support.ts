/**
 * What the test fixtures share: an in-memory database with the real migrations, a minimal
 * services.conf, fake network ports that record what services asked of them, a fake mail queue,
 * and command contexts. The unit worlds (test/unit/*-fixture.ts) are built from these.
 */
import { holdReasonText, killReasonText, messageService, messageText, operAlertText, partReasonText } from "../src/commands/notices.js";
import { accountFailureText } from "../src/commands/nickserv/failures.js";
import { requesterOf } from "../src/commands/requester.js";
import { wording, type ServiceNicks, type Wording } from "../src/commands/words.js";
import { parseConfig } from "../src/config/load.js";
import type { Config } from "../src/config/schema.js";
import type { CommandContext, Requester } from "../src/commands/types.js";
import { openDatabase, type Database } from "../src/db/connection.js";
import { defaultMigrationsDir, migrate } from "../src/db/migrate.js";
import { foldName } from "../src/services/accounts/names.js";
import type { AccountFailure, AccountService } from "../src/services/accounts/service.js";
import { createDomain, type Domain, type DomainMail } from "../src/domain.js";
import type { ExpiryOptions } from "../src/services/accounts/expiry.js";
import type { Clock } from "../src/util/clock.js";
import { silentLogger } from "../src/util/logger.js";
import { undeliverableTo, type FailingAddress, type MailStatus, type QueuedMail } from "../src/services/mail/index.js";
import type { HoldReason, KillReason, OperAlert, PartReason, UserMessage } from "../src/services/messages.js";
import { rfc1459Fold } from "../src/util/casefold.js";
import type { ChannelPresence, NetworkActions, NetworkView, OnlineUser, ServiceName } from "../src/services/ports.js";
import type { DomainServices, Services } from "../src/services/registry.js";
import { ConfigReloader } from "../src/wiring/rehash.js";
import type { Result } from "../src/util/result.js";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const YEAR = 365 * DAY;

/** An in-memory database with the project's real migrations applied. */
export function memoryDb(): Database {
  const db = openDatabase(":memory:");
  migrate(db, defaultMigrationsDir());
  return db;
}

/** The tables every services.conf needs: [server], [uplink] and [database]. */
export const CONFIG_PREAMBLE = `[server]
name = "services.test.local"
sid = "42X"

[uplink]
host = "127.0.0.1"
port = 7000
send_password = "out-secret"
receive_password = "in-secret"

[database]
path = ":memory:"
`;

/** Parses a whole services.conf; throws with the errors when it is invalid. */
export function parseOk(text: string): Config {
  const result = parseConfig(text);
  if (!result.ok) throw new Error(`expected the config to parse, got:\n${result.error.join("\n")}`);
  return result.value;
}

/** The config of CONFIG_PREAMBLE followed by `toml` (more tables). */
export function testConfig(toml = ""): Config {
  return parseOk(`${CONFIG_PREAMBLE}\n${toml}`);
}

/** An online user without account, certificate or oper status, connected at time 0 unless given. */
function onlineUser(fields: Pick<OnlineUser, "uid" | "nick" | "ident" | "host" | "displayHost" | "ip"> & Partial<OnlineUser>): OnlineUser {
  return { accountName: null, accountId: null, certfp: null, isIrcOper: false, connectedAt: 0, ...fields };
}

interface FakeChannel {
  ts: number;
  members: Map<string, ChannelPresence>;
}

/** Users, channels and membership, as the NetworkView port shows them; names fold as the ircd folds them (RFC 1459). */
export class FakeNetwork implements NetworkView {
  readonly users = new Map<string, OnlineUser>();
  readonly channels = new Map<string, FakeChannel>();
  split = false;
  /** What isLinked() answers (the link's burst is complete). */
  linked = true;
  private added = 0;

  /** `shape` overrides the made-up fields of the n-th user `add` makes. */
  constructor(private readonly shape: (n: number) => Partial<OnlineUser> = () => ({})) {}

  /** A new user: uid 001AAAA<nn>, ident from the nick, host<n>/cloak<n>.example.net, 192.0.2.<n>. */
  add(nick: string, extra: Partial<OnlineUser> = {}): OnlineUser {
    const n = ++this.added;
    const user = onlineUser({
      uid: `001AAAA${String(n).padStart(2, "0")}`,
      nick,
      ident: nick.toLowerCase().slice(0, 10),
      host: `host${n}.example.net`,
      displayHost: `cloak${n}.example.net`,
      ip: `192.0.2.${n}`,
      ...this.shape(n),
      ...extra,
    });
    this.users.set(user.uid, user);
    return user;
  }
  quit(uid: string): void {
    this.users.delete(uid);
    for (const c of this.channels.values()) c.members.delete(uid);
  }
  rename(uid: string, nick: string): void {
    const u = this.users.get(uid);
    if (u) u.nick = nick;
  }
  join(channel: string, uid: string, status: Partial<ChannelPresence> = {}): void {
    const key = rfc1459Fold(channel);
    let c = this.channels.get(key);
    if (!c) {
      c = { ts: 1_700_000_000, members: new Map() };
      this.channels.set(key, c);
    }
    c.members.set(uid, { op: false, voice: false, statusFromBurst: false, ...status });
  }
  part(channel: string, uid: string): void {
    this.channels.get(rfc1459Fold(channel))?.members.delete(uid);
  }
  user(uidOrNick: string): OnlineUser | undefined {
    return this.users.get(uidOrNick) ?? [...this.users.values()].find((u) => foldName(u.nick) === foldName(uidOrNick));
  }
  usersOnAccount(accountId: string): OnlineUser[] {
    return [...this.users.values()].filter((u) => u.accountId === accountId);
  }
  presence(channel: string, uid: string): ChannelPresence | undefined {
    return this.channels.get(rfc1459Fold(channel))?.members.get(uid);
  }
  channelMembers(channel: string): string[] {
    return [...(this.channels.get(rfc1459Fold(channel))?.members.keys() ?? [])];
  }
  channelExists(channel: string): boolean {
    return this.channels.has(rfc1459Fold(channel));
  }
  channelTs(channel: string): number | undefined {
    return this.channels.get(rfc1459Fold(channel))?.ts;
  }
  isSplit(): boolean {
    return this.split;
  }
  isLinked(): boolean {
    return this.linked;
  }
}

/** The uid of services' X2 client, which joins the channels it looks after. */
export const X2_UID = "42XAAAAAA";

/** The pseudo-client nicks of the test config (the defaults). */
export const SERVICE_NICKS: ServiceNicks = { x2: "X2", nickserv: "NickServ", operserv: "OperServ" };

/** The words' context of the test config: its nicks and its staff contact. */
export const TEST_WORDING: Wording = { nicks: SERVICE_NICKS, contact: "staff@test.local" };

/** A recorded call, with what the domain passed typed already worded as the wiring words it. */
export type RecordedAction = "notice" | "operNotice" | Exclude<keyof NetworkActions, "notify" | "alertOpers">;

/**
 * NetworkActions that record every call and apply it to a FakeNetwork as the ircd would. Notices
 * and reasons are recorded in words (src/commands/notices.ts), as users would read them; the
 * typed messages are kept in `messages` and `alerts`.
 */
export class RecordingActions implements NetworkActions {
  readonly calls: Array<{ action: RecordedAction; args: unknown[] }> = [];
  readonly messages: Array<{ uid: string; message: UserMessage }> = [];
  readonly alerts: OperAlert[] = [];
  constructor(
    private readonly net: FakeNetwork,
    private readonly words: Wording = TEST_WORDING,
  ) {}

  /** The arguments of each call of `action`, oldest first. */
  of(action: RecordedAction): unknown[][] {
    return this.calls.filter((c) => c.action === action).map((c) => c.args);
  }
  /** The texts of the notices sent to `uid`. */
  noticesTo(uid: string): string[] {
    return this.of("notice").filter((a) => a[1] === uid).map((a) => String(a[2]));
  }
  /** The texts of the oper notices. */
  get operNotices(): string[] {
    return this.of("operNotice").map((a) => String(a[0]));
  }
  private record(action: RecordedAction, ...args: unknown[]): void {
    this.calls.push({ action, args });
  }

  notify(uid: string, message: UserMessage): void {
    this.messages.push({ uid, message });
    this.record("notice", messageService(message), uid, messageText(message, this.words));
  }
  alertOpers(alert: OperAlert): void {
    this.alerts.push(alert);
    this.record("operNotice", operAlertText(alert, this.words));
  }
  setLogin(uid: string, account: { id: string; name: string } | null): void {
    this.record("setLogin", uid, account);
    const u = this.net.users.get(uid);
    if (u) {
      u.accountId = account?.id ?? null;
      u.accountName = account?.name ?? null;
    }
  }
  forceNick(uid: string, nick: string): void {
    this.record("forceNick", uid, nick);
    this.net.rename(uid, nick);
  }
  holdNick(nick: string, seconds: number, reason: HoldReason): void {
    this.record("holdNick", nick, seconds, holdReasonText(reason, this.words));
  }
  releaseNick(nick: string): void {
    this.record("releaseNick", nick);
  }
  joinChannel(service: ServiceName, channel: string, fallbackTs?: number): void {
    this.record("joinChannel", service, channel, fallbackTs);
    this.net.join(channel, X2_UID, { op: true });
  }
  partChannel(service: ServiceName, channel: string, reason: PartReason): void {
    this.record("partChannel", service, channel, partReasonText(reason));
    this.net.part(channel, X2_UID);
  }
  channelMode(service: ServiceName, channel: string, modes: string, params: string[] = []): void {
    this.record("channelMode", service, channel, modes, params);
    const member = this.net.presence(channel, params[0] ?? "");
    if (!member) return;
    if (modes === "+o") member.op = true;
    if (modes === "-o") member.op = false;
    if (modes === "+v") member.voice = true;
    if (modes === "-v") member.voice = false;
    member.statusFromBurst = false;
  }
  killUser(uid: string, reason: KillReason): void {
    this.record("killUser", uid, killReasonText(reason));
    this.net.quit(uid);
  }
}

export interface SentMail {
  id: number;
  template: string;
  to: string;
  data: Record<string, unknown>;
  ref: string | undefined;
  priority: "urgent" | "bulk";
  cancelled: boolean;
}

/** A mail queue that keeps what it was given; `cancel` marks mails cancelled. */
export class FakeMail implements DomainMail {
  readonly sent: SentMail[] = [];
  queue(template: string, to: string, data: Record<string, unknown>, options?: { ref?: string; delayMs?: number; priority?: "urgent" | "bulk" }): QueuedMail {
    const id = this.sent.length + 1;
    this.sent.push({ id, template, to, data, ref: options?.ref, priority: options?.priority ?? "urgent", cancelled: false });
    // As the outbox: an address the rules refuse is recorded, not sent.
    return { id, undeliverable: undeliverableTo(to) };
  }
  cancel(ref: string): number {
    let n = 0;
    for (const m of this.sent) if (m.ref === ref && !m.cancelled) (m.cancelled = true), n++;
    return n;
  }
  status(id: number): MailStatus | undefined {
    const mail = this.sent.find((m) => m.id === id);
    return mail ? { status: mail.cancelled ? "cancelled" : "queued", notBefore: 0, sentAt: null } : undefined;
  }
  cancelTo(address: string): number {
    let n = 0;
    for (const m of this.sent) if (m.to === address && !m.cancelled) (m.cancelled = true), n++;
    return n;
  }
  historyFor(address: string): Array<{ id: number; template: string; status: string; createdAt: number; sentAt: number | null }> {
    return this.sent.filter((m) => m.to === address).map((m) => ({ id: m.id, template: m.template, status: m.cancelled ? "cancelled" : "queued", createdAt: 0, sentAt: null }));
  }
  /** Addresses a test says mail to them was refused for good (lower-cased). */
  readonly failing = new Map<string, FailingAddress>();
  failingAddress(address: string): FailingAddress | undefined {
    return this.failing.get(address.toLowerCase());
  }
  /** Queued mails never leave a FakeMail: they cannot forget their recipient. */
  forgetRecipient(): boolean {
    return false;
  }
  last(template?: string): SentMail {
    const list = template ? this.sent.filter((m) => m.template === template) : this.sent;
    const mail = list[list.length - 1];
    if (!mail) throw new Error(`no ${template ?? ""} mail was queued`);
    return mail;
  }
  lastCode(template = "account_verify"): string {
    return String(this.last(template).data.code);
  }
}

/** `user` as the dispatcher sees them: the account they are logged in to and its oper privileges. */
export function requester(user: OnlineUser, domain: Pick<DomainServices, "accounts" | "staff">): Requester {
  const a = domain.accounts.accountOf(user.uid);
  return requesterOf(user, a ? { id: a.id, name: a.name } : null, domain.staff);
}

/** A context for a command from `source` to `service`; its replies are collected in `replies`. */
export function commandContext(
  service: ServiceName,
  source: Requester,
  services: Services,
  nicks: ServiceNicks = SERVICE_NICKS,
): { ctx: CommandContext; replies: string[] } {
  const replies: string[] = [];
  const ctx: CommandContext = { service, serviceNick: nicks[service], nicks, source, services, reply: (text) => replies.push(text) };
  return { ctx, replies };
}

export interface TestDomain {
  db: Database;
  net: FakeNetwork;
  actions: RecordingActions;
  domain: Domain;
  /** What commands and loops get: the domain and the ports, as main.ts assembles them. */
  services: Services;
}

/**
 * The production domain graph (createDomain) over an in-memory database with the real
 * migrations and the fake network ports, for the unit worlds.
 */
export function testDomain(o: { config: Config; clock: Clock; mail: DomainMail; db?: Database; net?: FakeNetwork; expiryOptions?: ExpiryOptions }): TestDomain {
  const db = o.db ?? memoryDb();
  const net = o.net ?? new FakeNetwork();
  const actions = new RecordingActions(net, wording(o.config));
  const log = silentLogger();
  const domain = createDomain({ db, config: o.config, clock: o.clock, log, network: net, actions, mail: o.mail, ...(o.expiryOptions ? { expiryOptions: o.expiryOptions } : {}) });
  const configuration = new ConfigReloader(o.config, null, domain.audit, log);
  const services: Services = { config: o.config, clock: o.clock, log, network: net, actions, configuration, ...domain };
  return { db, net, actions, domain, services };
}

/** An accounts refusal in NickServ's words (for assertions and for errors thrown by helpers). */
export function explain(failure: AccountFailure): string {
  return accountFailureText(failure, TEST_WORDING);
}

/** A domain result with its refusal in NickServ's words: asserts on what the user reads. */
export function worded<T>(result: Result<T, AccountFailure>): Result<T, string> {
  return result.ok ? result : { ok: false, error: explain(result.error) };
}

/**
 * Every text value, in any column of any table, that contains one of `needles` (compared
 * case-insensitively), as "table.column: needle in <value>": the "nothing left behind" scan of
 * account deletion (issue 18).
 */
export function textsContaining(db: Database, needles: readonly string[]): string[] {
  const found: string[] = [];
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
  for (const { name } of tables) {
    for (const column of db.prepare<[string], { name: string }>("SELECT name FROM pragma_table_xinfo(?)").all(name)) {
      const rows = db.prepare(`SELECT "${column.name}" AS v FROM "${name}" WHERE typeof("${column.name}") = 'text'`).all() as Array<{ v: string }>;
      for (const { v } of rows) {
        const lower = v.toLowerCase();
        for (const needle of needles) if (lower.includes(needle.toLowerCase())) found.push(`${name}.${column.name}: ${needle} in ${v.slice(0, 200)}`);
      }
    }
  }
  return found;
}
