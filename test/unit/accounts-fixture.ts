/**
 * A NickServ/accounts world for unit tests: an in-memory database with the real migrations, a
 * ManualClock, a fake mail queue that keeps what it was given, and fake network ports that record
 * every action. `command(uid, text)` runs a NickServ command through the real dispatcher.
 */
import { parseConfig } from "../../src/config/load.js";
import { privilegesOf, type Config } from "../../src/config/schema.js";
import { CommandTable, dispatch } from "../../src/commands/dispatcher.js";
import { nickservCommands } from "../../src/commands/nickserv/index.js";
import type { CommandContext } from "../../src/commands/types.js";
import { openDatabase, type Database } from "../../src/db/connection.js";
import { defaultMigrationsDir, migrate } from "../../src/db/migrate.js";
import { AuditLog } from "../../src/services/audit.js";
import { LoopBreaker } from "../../src/services/breaker.js";
import { AccountService, type Actor, type MailQueue } from "../../src/services/accounts/service.js";
import { Sessions } from "../../src/services/accounts/sessions.js";
import { AccountStore } from "../../src/services/accounts/store.js";
import type { NetworkActions, NetworkView, OnlineUser } from "../../src/services/ports.js";
import type { Services } from "../../src/services/registry.js";
import { ManualClock } from "../../src/util/clock.js";
import { silentLogger } from "../../src/util/logger.js";

export const BASE_CONFIG = `[server]
name = "services.test.local"
sid = "42X"

[uplink]
host = "127.0.0.1"
port = 7000
send_password = "out-secret"
receive_password = "in-secret"

[database]
path = ":memory:"

[mail]
network_name = "TestNet"
contact = "staff@test.local"
blacklist = ["*@mailinator.com", "banned@gmail.com"]

[opers]
StaffOne = "admin"
Helper = "helper"

[oper_classes.helper]
privileges = ["account:mark"]

[maintenance]
breaker_limit = 5
`;

export function makeConfig(sections: Record<string, string> = {}): Config {
  const security = `[security]\nscrypt_n = 1024\n${sections.security ?? ""}\n`;
  const nickserv = `[nickserv]\n${sections.nickserv ?? ""}\n`;
  const parsed = parseConfig(BASE_CONFIG + security + nickserv);
  if (!parsed.ok) throw new Error(parsed.error.join("\n"));
  return parsed.value;
}

export interface SentMail {
  id: number;
  template: string;
  to: string;
  data: Record<string, unknown>;
  ref: string | undefined;
  cancelled: boolean;
}

export class FakeMail implements MailQueue {
  readonly sent: SentMail[] = [];
  queue(template: string, to: string, data: Record<string, unknown>, options?: { ref?: string; delayMs?: number }): number {
    const id = this.sent.length + 1;
    this.sent.push({ id, template, to, data, ref: options?.ref, cancelled: false });
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

export class FakeNetwork implements NetworkView {
  readonly users = new Map<string, OnlineUser>();
  private next = 1;
  add(nick: string, extra: Partial<OnlineUser> = {}): OnlineUser {
    const uid = extra.uid ?? `001AAAAA${String(this.next++).padStart(1, "0")}`;
    const user: OnlineUser = {
      uid,
      nick,
      ident: "user",
      host: `host-${uid}.example.net`,
      displayHost: `cloak-${uid}.example.net`,
      ip: `192.0.2.${this.next}`,
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
  remove(uid: string): void {
    this.users.delete(uid);
  }
  rename(uid: string, nick: string): void {
    const u = this.users.get(uid);
    if (u) u.nick = nick;
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
  presence(): undefined {
    return undefined;
  }
  channelMembers(): string[] {
    return [];
  }
  channelExists(): boolean {
    return false;
  }
  isSplit(): boolean {
    return false;
  }
  isLinked(): boolean {
    return true;
  }
}

export type ActionCall = { action: string; args: unknown[] };

export class FakeActions implements NetworkActions {
  readonly calls: ActionCall[] = [];
  constructor(private readonly network: FakeNetwork) {}
  private record(action: string, ...args: unknown[]): void {
    this.calls.push({ action, args });
  }
  of(action: string): unknown[][] {
    return this.calls.filter((c) => c.action === action).map((c) => c.args);
  }
  notice(...args: unknown[]): void {
    this.record("notice", ...args);
  }
  setLogin(uid: string, account: { id: string; name: string } | null): void {
    this.record("setLogin", uid, account);
    const u = this.network.users.get(uid);
    if (u) {
      u.accountId = account?.id ?? null;
      u.accountName = account?.name ?? null;
    }
  }
  forceNick(uid: string, nick: string): void {
    this.record("forceNick", uid, nick);
    this.network.rename(uid, nick);
  }
  holdNick(...args: unknown[]): void {
    this.record("holdNick", ...args);
  }
  releaseNick(...args: unknown[]): void {
    this.record("releaseNick", ...args);
  }
  joinChannel(...args: unknown[]): void {
    this.record("joinChannel", ...args);
  }
  partChannel(...args: unknown[]): void {
    this.record("partChannel", ...args);
  }
  channelMode(...args: unknown[]): void {
    this.record("channelMode", ...args);
  }
  operNotice(text: string): void {
    this.record("operNotice", text);
  }
  killUser(uid: string, reason: string): void {
    this.record("killUser", uid, reason);
    this.network.remove(uid);
  }
}

export interface World {
  db: Database;
  clock: ManualClock;
  config: Config;
  store: AccountStore;
  sessions: Sessions;
  mail: FakeMail;
  network: FakeNetwork;
  actions: FakeActions;
  audit: AuditLog;
  breaker: LoopBreaker;
  accounts: AccountService;
  services: Services;
  actor(user: OnlineUser): Actor;
  /** Runs a NickServ command as `uid`; returns the replies. */
  command(uid: string, text: string): Promise<string[]>;
  /** Registers and verifies an account for a new online user; returns the user. */
  registered(nick: string, password?: string, email?: string): Promise<OnlineUser>;
  close(): void;
}

export function makeWorld(sections: Record<string, string> = {}): World {
  const db = openDatabase(":memory:");
  migrate(db, defaultMigrationsDir());
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const config = makeConfig(sections);
  const store = new AccountStore(db);
  const sessions = new Sessions();
  const mail = new FakeMail();
  const network = new FakeNetwork();
  const actions = new FakeActions(network);
  const audit = new AuditLog(db, clock);
  const breaker = new LoopBreaker(config.maintenance.breaker_limit, clock, audit, (text) => actions.operNotice(text));
  const log = silentLogger();
  const accounts = new AccountService({ store, sessions, mail, audit, clock, config, log, network, actions });
  const services = { config, clock, log, audit, network, actions, breaker, accounts } as unknown as Services;
  const table = new CommandTable(nickservCommands);

  const actor = (u: OnlineUser): Actor => ({ uid: u.uid, nick: u.nick, ident: u.ident, host: u.host, displayHost: u.displayHost, ip: u.ip });

  async function command(uid: string, text: string): Promise<string[]> {
    const user = network.users.get(uid);
    if (!user) throw new Error(`no user ${uid}`);
    const replies: string[] = [];
    const a = accounts.accountOf(uid);
    const account = a ? { id: a.id, name: a.name } : null;
    const ctx: CommandContext = {
      service: "nickserv",
      serviceNick: "NickServ",
      source: {
        uid,
        nick: user.nick,
        ident: user.ident,
        host: user.host,
        ip: user.ip,
        account,
        privileges: account ? privilegesOf(config, account.name) : new Set<string>(),
      },
      services,
      reply: (t) => replies.push(t),
    };
    await dispatch(table, ctx, text, log);
    return replies;
  }

  async function registered(nick: string, password = "correct horse", email?: string): Promise<OnlineUser> {
    const user = network.add(nick);
    const r = await accounts.register(actor(user), password, email ?? `${nick.toLowerCase()}@example.com`);
    if (!r.ok) throw new Error(r.error);
    const v = accounts.verifyRegistration(nick, mail.lastCode(), actor(user));
    if (!v.ok) throw new Error(v.error);
    return user;
  }

  return { db, clock, config, store, sessions, mail, network, actions, audit, breaker, accounts, services, actor, command, registered, close: () => db.close() };
}
