/**
 * A small world for the expiry and RECLAIM unit tests: an in-memory database with the real
 * migrations, the real AccountStore/AccountService/AccountExpiry, a ManualClock, a fake mail
 * queue and fake network ports that record what was asked of them.
 */
import type { Database } from "../../src/db/connection.js";
import type { Config } from "../../src/config/schema.js";
import type { AuditLog } from "../../src/services/audit.js";
import type { LoopBreaker } from "../../src/services/breaker.js";
import type { AccountService } from "../../src/services/accounts/service.js";
import type { AccountExpiry } from "../../src/services/accounts/expiry.js";
import type { AccountStore, Account } from "../../src/services/accounts/store.js";
import type { Sessions } from "../../src/services/accounts/sessions.js";
import { hashPassword } from "../../src/services/accounts/password.js";
import { canonicalEmail } from "../../src/services/mail/address.js";
import type { OnlineUser } from "../../src/services/ports.js";
import type { Services } from "../../src/services/registry.js";
import type { CommandContext } from "../../src/commands/types.js";
import { accountExpiryLoop, type AccountExpiryLoopOptions } from "../../src/loops/account-expiry.js";
import type { MaintenanceLoop } from "../../src/loops/scheduler.js";
import { ManualClock } from "../../src/util/clock.js";
import { commandContext, FakeMail, testConfig, testDomain, type FakeNetwork, type RecordingActions, type SentMail } from "../support.js";

export interface WorldOptions {
  nickserv?: string;
  maintenance?: string;
  opers?: string;
  loop?: AccountExpiryLoopOptions;
}

export interface World {
  db: Database;
  clock: ManualClock;
  config: Config;
  store: AccountStore;
  sessions: Sessions;
  accounts: AccountService;
  expiry: AccountExpiry;
  audit: AuditLog;
  breaker: LoopBreaker;
  services: Services;
  loop: MaintenanceLoop;
  /** The mails queued, oldest first. */
  mails: SentMail[];
  network: FakeNetwork;
  actions: RecordingActions;
  events: { name: string; args: unknown[] }[];
  /** Registers and verifies an account (the name is also its first nick). */
  register(name: string, options?: { password?: string; email?: string; status?: "active" | "unverified" }): Promise<Account>;
  connect(uid: string, nick: string): OnlineUser;
  run(): ReturnType<MaintenanceLoop["run"]>;
  /** A command context for `uid` (connected with `connect`), recording replies. */
  ctx(uid: string, options?: { account?: Account; privileges?: string[] }): { ctx: CommandContext; replies: string[] };
  close(): void;
}

let idCounter = 0;
/** Entity IDs for tests: a digit, then 8 of A-Z0-9, distinct within a run. */
function testEntityId(): string {
  idCounter++;
  return `1T${idCounter.toString(36).toUpperCase().padStart(7, "0")}`;
}

function configWith(options: WorldOptions): Config {
  return testConfig(`[nickserv]
${options.nickserv ?? ""}

[security]
scrypt_n = 1024

[maintenance]
${options.maintenance ?? ""}

[opers]
${options.opers ?? 'StaffOne = "admin"'}
`);
}

export function makeWorld(options: WorldOptions = {}): World {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const config = configWith(options);
  const mail = new FakeMail();
  const { db, net: network, actions, domain, services } = testDomain({ config, clock, mail });
  const { accounts, expiry, audit, breaker } = domain;
  const { store, sessions } = accounts.deps;
  const events: World["events"] = [];
  for (const name of ["loggedIn", "loggedOut", "renamed", "dropped", "verified"] as const) {
    accounts.on(name, (...args: unknown[]) => events.push({ name, args }));
  }
  const loop = accountExpiryLoop(expiry, options.loop ?? {});
  const scrypt = { N: config.security.scrypt_n, r: config.security.scrypt_r, p: config.security.scrypt_p };

  return {
    db,
    clock,
    config,
    store,
    sessions,
    accounts,
    expiry,
    audit,
    breaker,
    services,
    loop,
    mails: mail.sent,
    network,
    actions,
    events,
    async register(name, o = {}) {
      const email = o.email ?? `${name.toLowerCase()}@example.org`;
      const account = store.create({
        id: testEntityId(),
        name,
        passwordHash: await hashPassword(o.password ?? "correct horse", scrypt),
        passwordGenerated: false,
        email,
        emailCanonical: canonicalEmail(email),
        status: o.status ?? "active",
        origin: "nickserv",
        now: clock.now(),
      });
      if ((o.status ?? "active") === "active") store.setStatus(account.id, "active", clock.now());
      return store.byId(account.id) as Account;
    },
    connect(uid, nick) {
      return network.add(nick, { uid, ident: "user", host: "real.host.example", displayHost: "cloak.example", ip: "192.0.2.1", connectedAt: clock.now() });
    },
    run() {
      return loop.run(services);
    },
    ctx(uid, o = {}) {
      const user = network.users.get(uid);
      const source = {
        uid,
        nick: user?.nick ?? uid,
        ident: user?.ident ?? "user",
        host: user?.host ?? "host",
        ip: user?.ip ?? "192.0.2.1",
        account: o.account ? { id: o.account.id, name: o.account.name } : null,
        privileges: new Set(o.privileges ?? []),
      };
      return commandContext("nickserv", source, services);
    },
    close() {
      db.close();
    },
  };
}
