/**
 * A NickServ/accounts world for unit tests: an in-memory database with the real migrations, a
 * ManualClock, a fake mail queue that keeps what it was given, and fake network ports that record
 * every action. `command(uid, text)` runs a NickServ command through the real dispatcher.
 */
import type { Config } from "../../src/config/schema.js";
import { CommandTable, dispatch } from "../../src/commands/dispatcher.js";
import { nickservCommands } from "../../src/commands/nickserv/index.js";
import type { Database } from "../../src/db/connection.js";
import type { Domain } from "../../src/domain.js";
import type { AuditLog } from "../../src/services/audit.js";
import type { LoopBreaker } from "../../src/services/breaker.js";
import type { AccountService, Actor } from "../../src/services/accounts/service.js";
import type { Sessions } from "../../src/services/accounts/sessions.js";
import type { AccountStore } from "../../src/services/accounts/store.js";
import type { OnlineUser } from "../../src/services/ports.js";
import type { Services } from "../../src/services/registry.js";
import { ManualClock } from "../../src/util/clock.js";
import { silentLogger } from "../../src/util/logger.js";
import { accountFailureText } from "../../src/commands/nickserv/failures.js";
import { commandContext, FakeMail, FakeNetwork, RecordingActions, requester, TEST_WORDING, testConfig, testDomain } from "../support.js";

function makeConfig(sections: Record<string, string> = {}): Config {
  return testConfig(`[mail]
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

[security]
scrypt_n = 1024
${sections.security ?? ""}

[nickserv]
${sections.nickserv ?? ""}

${sections.extra ?? ""}
`);
}

export interface World {
  db: Database;
  clock: ManualClock;
  config: Config;
  store: AccountStore;
  sessions: Sessions;
  mail: FakeMail;
  network: FakeNetwork;
  actions: RecordingActions;
  audit: AuditLog;
  breaker: LoopBreaker;
  accounts: AccountService;
  domain: Domain;
  services: Services;
  actor(user: OnlineUser): Actor;
  /** Runs a NickServ command as `uid`; returns the replies. */
  command(uid: string, text: string): Promise<string[]>;
  /** A new online user registers `nick` (unverified until VERIFY); the email is <nick>@example.com unless given. */
  register(nick: string, password?: string, email?: string): Promise<{ user: OnlineUser; result: Awaited<ReturnType<AccountService["register"]>> }>;
  /** Registers and verifies an account for a new online user; returns the user. */
  registered(nick: string, password?: string, email?: string): Promise<OnlineUser>;
  close(): void;
}

export function makeWorld(sections: Record<string, string> = {}): World {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const config = makeConfig(sections);
  const mail = new FakeMail();
  // Users are user@host-<n>.example.net: INFO shows opers that real address.
  const net = new FakeNetwork((n) => ({ ident: "user", host: `host-${n}.example.net` }));
  const { db, actions, domain, services } = testDomain({ config, clock, mail, net });
  const { accounts, audit, breaker } = domain;
  const { store, sessions } = accounts.deps;
  const network = net;
  const log = silentLogger();
  const table = new CommandTable(nickservCommands);

  const actor = (u: OnlineUser): Actor => ({ uid: u.uid, nick: u.nick, ident: u.ident, host: u.host, displayHost: u.displayHost, ip: u.ip });

  async function command(uid: string, text: string): Promise<string[]> {
    const user = network.users.get(uid);
    if (!user) throw new Error(`no user ${uid}`);
    const { ctx, replies } = commandContext("nickserv", requester(user, domain), services);
    await dispatch(table, ctx, text, log);
    return replies;
  }

  async function register(nick: string, password = "correct horse", email = `${nick.toLowerCase()}@example.com`) {
    const user = network.add(nick);
    const result = await accounts.register(actor(user), password, email);
    return { user, result };
  }

  async function registered(nick: string, password?: string, email?: string): Promise<OnlineUser> {
    const { user, result } = await register(nick, password, email);
    if (!result.ok) throw new Error(accountFailureText(result.error, TEST_WORDING));
    const v = accounts.verifyRegistration(nick, mail.lastCode(), actor(user));
    if (!v.ok) throw new Error(accountFailureText(v.error, TEST_WORDING));
    return user;
  }

  return { db, clock, config, store, sessions, mail, network, actions, audit, breaker, accounts, domain, services, actor, command, register, registered, close: () => db.close() };
}
