/**
 * Start-up (docs/architecture.md §1), in phases:
 *   infrastructure  config -> log, database (migrations), mail service (not started)
 *   irc             the network state, the link to the uplink, the pseudo-clients
 *   domain          createDomain(): stores, services, policies (src/domain.ts)
 *   wiring          the domain's ports over irc, the command router, SASL, accounts and
 *                   channels on the network
 *   loops           the maintenance scheduler and its loops
 * Then the link and the mail delivery start. stop() undoes each phase, last first.
 */
import type { Config } from "./config/schema.js";
import { openDatabase, type Database } from "./db/connection.js";
import { defaultMigrationsDir, migrate } from "./db/migrate.js";
import { createDomain, type Domain } from "./domain.js";
import { InspircdLink } from "./irc/link/inspircd.js";
import { Network } from "./irc/network.js";
import { PseudoClients, type PseudoClientSpec } from "./irc/pseudoclients.js";
import { ServerActions } from "./irc/server-actions.js";
import { createMailService, type MailService } from "./services/mail/index.js";
import type { OperAlert } from "./services/messages.js";
import type { ServiceName } from "./services/ports.js";
import type { Services } from "./services/registry.js";
import { CommandTable } from "./commands/dispatcher.js";
import { x2Commands } from "./commands/x2/index.js";
import { nickservCommands } from "./commands/nickserv/index.js";
import { operservCommands } from "./commands/operserv/index.js";
import { wording } from "./commands/words.js";
import { CommandRouter } from "./wiring/command-router.js";
import { installMetrics, type InstalledMetrics } from "./wiring/metrics.js";
import { ConfigReloader } from "./wiring/rehash.js";
import type { ReloadPlan } from "./config/reload.js";
import { FaultReporter, adminUidsOnline } from "./wiring/fault-reporter.js";
import { networkActions, networkView } from "./wiring/network-port.js";
import { installSasl, type SaslAgent } from "./wiring/sasl.js";
import { installAccountNetwork, type AccountNetwork } from "./wiring/accounts-network.js";
import { ChannelNetwork } from "./wiring/channels-network.js";
import { accountExpiryLoop } from "./loops/account-expiry.js";
import { channelLoops } from "./loops/channel-loops.js";
import { freezeExpiryLoop } from "./loops/freeze-expiry.js";
import { deletionLoops } from "./loops/deletion.js";
import { identityLoop } from "./loops/identity.js";
import { MaintenanceScheduler } from "./loops/scheduler.js";
import { unverifiedAccountsLoop } from "./loops/unverified-accounts.js";
import { systemClock, type Clock } from "./util/clock.js";
import { createLogger, type Logger } from "./util/logger.js";
import { VERSION } from "./version.js";

export interface StartOptions {
  /** The services.conf the config was read from: REHASH and SIGHUP read it again. */
  configPath?: string;
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
  /** The mail outbox and its delivery loop. */
  mail: MailService;
  /** The SASL agent (exchanges under way, pending logins). */
  sasl: SaslAgent;
  /** Sessions across the network and nick protection. */
  accountNetwork: AccountNetwork;
  /** Metrics and health over HTTP ([metrics] listen), or null when off. */
  metrics: InstalledMetrics | null;
  /** X2 in its channels: burst joins, visits, rejoining after kicks. */
  channelNetwork: ChannelNetwork;
  /** Where bugs are reported: logged, and admins online told. */
  faults: FaultReporter;
  /** Resolves when the link has finished both bursts for the first time. */
  ready: Promise<number>;
  stop(reason?: string): Promise<void>;
}

interface Infrastructure {
  clock: Clock;
  log: Logger;
  db: Database;
  mail: MailService;
  /** Where the mail service's alerts go; the wiring points it at the opers. */
  mailAlerts: { to(alert: OperAlert): void };
}

interface Irc {
  network: Network;
  link: InspircdLink;
  clients: PseudoClients;
  server: ServerActions;
}

interface Wiring {
  faults: FaultReporter;
  router: CommandRouter;
  sasl: SaslAgent;
  accountNetwork: AccountNetwork;
  channelNetwork: ChannelNetwork;
  stop(): void;
}

function infrastructure(config: Config, options: StartOptions): Infrastructure {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger({ level: config.log.level, ...(config.log.file ? { file: config.log.file } : {}) });
  const db = openDatabase(config.database.path);
  const migrated = migrate(db, options.migrationsDir ?? defaultMigrationsDir());
  log.info({ version: migrated.version, applied: migrated.applied }, "database ready");
  const mailAlerts = { to: (_alert: OperAlert): void => {} };
  const mail = createMailService({
    db,
    clock,
    config: config.mail,
    log,
    hooks: {
      onPermanentFailure: (address, reply) => mailAlerts.to({ kind: "mail-refused", address, reply }),
      onGiveUp: (address, reply) => mailAlerts.to({ kind: "mail-given-up", address, reply }),
      onServerDown: (reply, since, waiting) => mailAlerts.to({ kind: "mail-server-down", reply, since, waiting }),
      onServerBack: (downForMs) => mailAlerts.to({ kind: "mail-server-back", downForMs }),
    },
  });
  return { clock, log, db, mail, mailAlerts };
}

function irc(config: Config, { clock, log }: Infrastructure): Irc {
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
  return { network, link, clients, server: new ServerActions(link) };
}

/** Connects the domain to the network and the pseudo-clients' commands to the domain. */
function wiring(services: Services, domain: Domain, { network, link, clients, server }: Irc, { clock, log }: Infrastructure): Wiring {
  const { accounts, channels, certfps } = domain;
  const { actions, config } = services;
  const faults = new FaultReporter({
    log: log.child({ part: "faults" }),
    clock,
    adminsOnline: () => adminUidsOnline(network.users.keys(), (uid) => accounts.accountOf(uid), services.staff),
    notice: (uid, text) => clients.notice("operserv", uid, text),
  });
  for (const emitter of [network, link, clients, accounts]) emitter.listenerFailed = faults.listenerFailed;
  const tables: Record<ServiceName, CommandTable> = {
    x2: new CommandTable(x2Commands),
    nickserv: new CommandTable(nickservCommands),
    operserv: new CommandTable(operservCommands),
  };
  const router = new CommandRouter({
    services,
    clients,
    network,
    tables,
    log: log.child({ part: "commands" }),
    faults,
    accountOf: (uid) => accounts.sessionAccount(uid),
  });
  router.listenerFailed = faults.listenerFailed;
  // SASL first: a client's pending SASL login becomes a session before nick protection looks at it.
  const sasl = installSasl({ link, network, server, accounts, certfps, actions, clock, log: log.child({ part: "sasl" }) });
  const accountNetwork = installAccountNetwork({
    link,
    network,
    view: services.network,
    accounts,
    actions,
    config,
    clock,
    log: log.child({ part: "identity" }),
  });
  const channelNetwork = new ChannelNetwork({ link, network, clients, channels, clock, log: log.child({ part: "channels" }) });
  return {
    faults,
    router,
    sasl,
    accountNetwork,
    channelNetwork,
    stop() {
      router.stop();
      sasl.stop();
      accountNetwork.stop();
      channelNetwork.stop();
    },
  };
}

function loops(services: Services, domain: Domain, mail: MailService, wired: Wiring, log: Logger): MaintenanceScheduler {
  const maintenance = new MaintenanceScheduler(services, [], log.child({ part: "maintenance" }));
  maintenance.add(mail.delivery.maintenanceLoop());
  maintenance.add(unverifiedAccountsLoop);
  maintenance.add(identityLoop({ renameDue: () => wired.accountNetwork.tick(), expireSasl: () => wired.sasl.sweep() }));
  maintenance.add(accountExpiryLoop(domain.expiry));
  for (const loop of channelLoops(domain.channels)) maintenance.add(loop);
  maintenance.add(freezeExpiryLoop);
  for (const loop of deletionLoops(domain.deletion)) maintenance.add(loop);
  return maintenance;
}

/** Start-up: infrastructure -> irc -> domain -> wiring -> loops, then the link and mail delivery. */
export function startServices(config: Config, options: StartOptions = {}): App {
  const infra = infrastructure(config, options);
  const { clock, log, db, mail } = infra;
  const net = irc(config, infra);
  const { network, link, clients, server } = net;

  const view = networkView(network, link);
  const actions = networkActions(clients, server, wording(config));
  const domain = createDomain({ db, config, clock, log, network: view, actions, mail });
  const configuration = new ConfigReloader(config, options.configPath ?? null, domain.audit, log.child({ part: "config" }));
  const services: Services = { config, clock, log, network: view, actions, configuration, ...domain };

  infra.mailAlerts.to = (alert) => actions.alertOpers(alert);
  const wired = wiring(services, domain, net, infra);
  const maintenance = loops(services, domain, mail, wired, log);
  // What REHASH changes is read where it is used; the scheduler's timer is set again.
  const onReloaded = (plan: ReloadPlan): void => {
    if (plan.changed.includes("maintenance.interval")) maintenance.start(config.maintenance.interval);
  };
  configuration.on("reloaded", onReloaded);
  const metrics = installMetrics({
    config,
    db,
    link,
    router: wired.router,
    maintenance,
    mail,
    sasl: wired.sasl,
    accounts: domain.accounts,
    breaker: domain.breaker,
    reviewPending: () => domain.channels.heldCount(),
    log: log.child({ part: "metrics" }),
  });

  const { promise: ready, resolve: onReady } = Promise.withResolvers<number>();
  link.on("ready", onReady);

  link.start();
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
    mail,
    sasl: wired.sasl,
    accountNetwork: wired.accountNetwork,
    metrics,
    channelNetwork: wired.channelNetwork,
    faults: wired.faults,
    ready,
    async stop(reason = "Services shutting down") {
      if (stopped) return;
      stopped = true;
      configuration.off("reloaded", onReloaded);
      await maintenance.stop();
      // Users logged in now were seen now: a planned restart must not cost them up to an hour of
      // "seen" (expiry counts from it). Only while linked: otherwise who is still on is unknown.
      if (link.isReady) {
        const seen = domain.expiry.recordSessionsSeen(clock.now());
        log.info({ accounts: seen }, "last seen written for the logged-in users");
      }
      await metrics?.stop();
      await mail.stop();
      infra.mailAlerts.to = () => {};
      wired.stop();
      domain.dispose();
      link.off("ready", onReady);
      clients.stop();
      await link.stop(reason);
      db.close();
      log.info({ reason }, "stopped");
      log.flush?.();
    },
  };
}
