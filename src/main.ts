import type { Config } from "./config/schema.js";
import { openDatabase, type Database } from "./db/connection.js";
import { defaultMigrationsDir, migrate } from "./db/migrate.js";
import { InspircdLink } from "./irc/link/inspircd.js";
import { Network } from "./irc/network.js";
import { PseudoClients, type PseudoClientSpec } from "./irc/pseudoclients.js";
import { ServerActions } from "./irc/server-actions.js";
import { AuditLog } from "./services/audit.js";
import { createMailService } from "./services/mail/index.js";
import { AccountStore } from "./services/accounts/store.js";
import { Sessions } from "./services/accounts/sessions.js";
import { AccountService } from "./services/accounts/service.js";
import { unverifiedAccountsLoop } from "./loops/unverified-accounts.js";
import { AccountExpiry } from "./services/accounts/expiry.js";
import { accountExpiryLoop } from "./loops/account-expiry.js";
import { LoopBreaker } from "./services/breaker.js";
import { EmailBlacklist } from "./services/abuse/email-blacklist.js";
import { FailedVerifications } from "./services/abuse/failed-verifications.js";
import { RegistrationPolicy } from "./services/abuse/registration-policy.js";
import { ChannelStore } from "./services/channels/store.js";
import { ChannelService } from "./services/channels/service.js";
import { channelLoops } from "./loops/channel-loops.js";
import { ChannelNetwork } from "./wiring/channels-network.js";
import type { Services } from "./services/registry.js";
import type { ServiceName } from "./services/ports.js";
import { CommandTable } from "./commands/dispatcher.js";
import { x2Commands } from "./commands/x2/index.js";
import { nickservCommands } from "./commands/nickserv/index.js";
import { operservCommands } from "./commands/operserv/index.js";
import { CommandRouter } from "./wiring/command-router.js";
import { networkActions, networkView } from "./wiring/network-port.js";
import { installSasl, type SaslAgent } from "./wiring/sasl.js";
import { CertFingerprints } from "./services/accounts/certfp.js";
import { installAccountNetwork, type AccountNetwork } from "./wiring/accounts-network.js";
import { identityLoop } from "./loops/identity.js";
import { MaintenanceScheduler } from "./loops/scheduler.js";
import { systemClock, type Clock } from "./util/clock.js";
import { createLogger, type Logger } from "./util/logger.js";
import { shown } from "./util/text.js";
import { VERSION } from "./version.js";

export interface StartOptions {
  clock?: Clock;
  log?: Logger;
  migrationsDir?: string;
}

export interface App {
  config: Config;
  db: Database;
  services: Services;
  network: Network;
  link: InspircdLink;
  clients: PseudoClients;
  maintenance: MaintenanceScheduler;
  /** The SASL agent (exchanges under way, pending logins). */
  sasl: SaslAgent;
  /** Sessions across the network and nick protection. */
  accountNetwork: AccountNetwork;
  /** Resolves when the link has finished both bursts for the first time. */
  ready: Promise<number>;
  stop(reason?: string): Promise<void>;
}

/** Start-up: config -> database (migrations) -> services -> uplink -> loops (shared/DESIGN.md §1). */
export function startServices(config: Config, options: StartOptions = {}): App {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger({ level: config.log.level, ...(config.log.file ? { file: config.log.file } : {}) });
  const db = openDatabase(config.database.path);
  const migrated = migrate(db, options.migrationsDir ?? defaultMigrationsDir());
  log.info({ version: migrated.version, applied: migrated.applied }, "database ready");

  const network = new Network(() => clock.now());
  const link = new InspircdLink(
    {
      serverName: config.server.name,
      sid: config.server.sid,
      description: config.server.description,
      host: config.uplink.host,
      port: config.uplink.port,
      sendPassword: config.uplink.send_password,
      receivePassword: config.uplink.receive_password,
      reconnectDelayMs: config.uplink.reconnect_delay,
      maxReconnectDelayMs: config.uplink.max_reconnect_delay,
      pingIntervalMs: config.uplink.ping_interval,
      pingTimeoutMs: config.uplink.ping_timeout,
      version: VERSION,
    },
    network,
    log.child({ part: "link" }),
    () => clock.now(),
  );
  const specs: PseudoClientSpec[] = (["x2", "nickserv", "operserv"] as const).map((key) => {
    const c = config.pseudoclients[key];
    return { key, nick: c.nick, ident: c.ident, host: c.host || config.server.name, realname: c.realname };
  });
  const clients = new PseudoClients(link, specs, log.child({ part: "clients" }));
  const server = new ServerActions(link);

  const audit = new AuditLog(db, clock);
  const view = networkView(network, link);
  const actions = networkActions(clients, server);
  const mail = createMailService({
    db,
    clock,
    config: config.mail,
    log,
    hooks: {
      // The reply is the mail server's text: quoted cut short and without control characters.
      onPermanentFailure: (address, reply) => actions.operNotice(`Mail to ${address} was refused for good: ${shown(reply, 200)}`),
      onGiveUp: (address, reply) => actions.operNotice(`Gave up delivering mail to ${address}: ${shown(reply, 200)}`),
    },
  });
  const blacklist = new EmailBlacklist(db, clock);
  const failedVerifications = new FailedVerifications(db, clock);
  const accounts = new AccountService({
    store: new AccountStore(db),
    sessions: new Sessions(),
    mail,
    audit,
    clock,
    config,
    log: log.child({ part: "accounts" }),
    network: view,
    actions,
    emailBlacklist: blacklist,
  });
  // SASL first: a client's pending SASL login becomes a session before nick protection looks at it.
  const certfps = new CertFingerprints(db, clock, audit);
  const sasl = installSasl({ link, network, server, accounts, store: accounts.deps.store, certfps, actions, clock, log: log.child({ part: "sasl" }) });
  const accountNetwork = installAccountNetwork({ link, network, accounts, actions, config, clock, log: log.child({ part: "identity" }) });
  const expiry = new AccountExpiry(accounts);
  const channelStore = new ChannelStore(db);
  const registrationPolicy = new RegistrationPolicy({
    db,
    clock,
    config,
    audit,
    actions,
    blacklist,
    failed: failedVerifications,
    counts: channelStore,
  });
  const channels = new ChannelService({
    store: channelStore,
    accounts,
    mail,
    policy: registrationPolicy,
    blacklist,
    failed: failedVerifications,
    audit,
    clock,
    config,
    log: log.child({ part: "channels" }),
    network: view,
    actions,
  });
  const channelNetwork = new ChannelNetwork({ link, network, clients, channels, log: log.child({ part: "channels" }) });
  const services: Services = {
    config,
    clock,
    log,
    audit,
    network: view,
    actions,
    mail,
    breaker: new LoopBreaker(config.maintenance.breaker_limit, clock, audit, (text) => actions.operNotice(text)),
    accounts,
    certfps,
    blacklist,
    failedVerifications,
    registrationPolicy,
    channels,
    expiry,
  };

  const tables: Record<ServiceName, CommandTable> = {
    x2: new CommandTable(x2Commands),
    nickserv: new CommandTable(nickservCommands),
    operserv: new CommandTable(operservCommands),
  };
  new CommandRouter({
    services,
    clients,
    network,
    tables,
    log: log.child({ part: "commands" }),
    accountOf: (uid) => {
      const a = accounts.accountOf(uid);
      return a ? { id: a.id, name: a.name } : null;
    },
  });

  const maintenance = new MaintenanceScheduler(services, [], log.child({ part: "maintenance" }));

  let resolveReady: (ms: number) => void = () => {};
  const ready = new Promise<number>((resolve) => (resolveReady = resolve));
  link.on("ready", (ms) => resolveReady(ms));

  link.start();
  maintenance.add(mail.delivery.maintenanceLoop());
  maintenance.add(unverifiedAccountsLoop);
  maintenance.add(identityLoop({ renameDue: () => accountNetwork.tick(), expireSasl: () => sasl.sweep() }));
  maintenance.add(accountExpiryLoop(expiry));
  for (const loop of channelLoops(channels)) maintenance.add(loop);
  maintenance.start(config.maintenance.interval);
  mail.start();

  let stopped = false;
  return {
    config,
    db,
    services,
    network,
    link,
    clients,
    maintenance,
    sasl,
    accountNetwork,
    ready,
    async stop(reason = "Services shutting down") {
      if (stopped) return;
      stopped = true;
      maintenance.stop();
      await mail.stop();
      sasl.stop();
      accountNetwork.stop();
      channelNetwork.stop();
      await link.stop(reason);
      db.close();
      log.info({ reason }, "stopped");
      log.flush?.();
    },
  };
}
