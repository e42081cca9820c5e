/**
 * What the test fixtures share: an in-memory database with the real migrations, a minimal
 * services.conf, fake network ports that record what services asked of them, a fake mail queue,
 * and command contexts. The unit worlds (test/unit/*-fixture.ts) are built from these.
 */
import { requesterOf } from "../src/commands/requester.js";
import { parseConfig } from "../src/config/load.js";
import type { Config } from "../src/config/schema.js";
import type { CommandContext, Requester } from "../src/commands/types.js";
import { openDatabase, type Database } from "../src/db/connection.js";
import { defaultMigrationsDir, migrate } from "../src/db/migrate.js";
import { foldName } from "../src/services/accounts/names.js";
import { rfc1459Fold } from "../src/util/casefold.js";
import type { AccountService, MailQueue } from "../src/services/accounts/service.js";
import type { ChannelPresence, NetworkActions, NetworkView, OnlineUser, ServiceName } from "../src/services/ports.js";
import type { Services } from "../src/services/registry.js";

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
    return true;
  }
}

/** The uid of services' X2 client, which joins the channels it looks after. */
export const X2_UID = "42XAAAAAA";

/** NetworkActions that record every call and apply it to a FakeNetwork as the ircd would. */
export class RecordingActions implements NetworkActions {
  readonly calls: Array<{ action: keyof NetworkActions; args: unknown[] }> = [];
  constructor(private readonly net: FakeNetwork) {}

  /** The arguments of each call of `action`, oldest first. */
  of(action: keyof NetworkActions): unknown[][] {
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
  private record(action: keyof NetworkActions, ...args: unknown[]): void {
    this.calls.push({ action, args });
  }

  notice(service: ServiceName, uid: string, text: string): void {
    this.record("notice", service, uid, text);
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
  holdNick(nick: string, seconds: number, reason: string): void {
    this.record("holdNick", nick, seconds, reason);
  }
  releaseNick(nick: string): void {
    this.record("releaseNick", nick);
  }
  joinChannel(service: ServiceName, channel: string, fallbackTs?: number): void {
    this.record("joinChannel", service, channel, fallbackTs);
    this.net.join(channel, X2_UID, { op: true });
  }
  partChannel(service: ServiceName, channel: string, reason: string): void {
    this.record("partChannel", service, channel, reason);
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
  operNotice(text: string): void {
    this.record("operNotice", text);
  }
  killUser(uid: string, reason: string): void {
    this.record("killUser", uid, reason);
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
export class FakeMail implements MailQueue {
  readonly sent: SentMail[] = [];
  queue(template: string, to: string, data: Record<string, unknown>, options?: { ref?: string; delayMs?: number; priority?: "urgent" | "bulk" }): number {
    const id = this.sent.length + 1;
    this.sent.push({ id, template, to, data, ref: options?.ref, priority: options?.priority ?? "urgent", cancelled: false });
    return id;
  }
  cancel(ref: string): number {
    let n = 0;
    for (const m of this.sent) if (m.ref === ref && !m.cancelled) (m.cancelled = true), n++;
    return n;
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
export function requester(user: OnlineUser, accounts: Pick<AccountService, "accountOf">, config: Config): Requester {
  const a = accounts.accountOf(user.uid);
  return requesterOf(user, a ? { id: a.id, name: a.name } : null, config);
}

const SERVICE_NICKS: Record<ServiceName, string> = { x2: "X2", nickserv: "NickServ", operserv: "OperServ" };

/** A context for a command from `source` to `service`; its replies are collected in `replies`. */
export function commandContext(service: ServiceName, source: Requester, services: Services): { ctx: CommandContext; replies: string[] } {
  const replies: string[] = [];
  const ctx: CommandContext = { service, serviceNick: SERVICE_NICKS[service], source, services, reply: (text) => replies.push(text) };
  return { ctx, replies };
}
