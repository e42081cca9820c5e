import type { Config } from "../config/schema.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/logger.js";
import type { AuditLog } from "./audit.js";
import type { LoopBreaker } from "./breaker.js";
import type { NetworkActions, NetworkView } from "./ports.js";
import type { EmailBlacklist } from "./abuse/email-blacklist.js";
import type { FailedVerifications } from "./abuse/failed-verifications.js";
import type { RegistrationPolicy } from "./abuse/registration-policy.js";
import type { ChannelService } from "./channels/service.js";
import type { AccountExpiry } from "./accounts/expiry.js";
import type { AccountService } from "./accounts/service.js";
import type { CertFingerprints } from "./accounts/certfp.js";
import type { ConfigurationPort } from "./configuration.js";
import type { FreezeService } from "./lifecycle/freeze/service.js";
import type { StaffDirectory } from "./staff-directory.js";
import type { DeletionService } from "./lifecycle/deletion/service.js";

/** The domain's services and policies, as src/domain.ts createDomain() builds them. */
export interface DomainServices {
  audit: AuditLog;
  breaker: LoopBreaker;
  /** Who is staff: the classes [opers] gives, by entity ID or by a bound name. */
  staff: StaffDirectory;
  /** Accounts: registration, verification, login, settings, nicks, staff actions (NickServ). */
  accounts: AccountService;
  /** Account expiry by degradation (the accounts domain's; the loop and OperServ EXPIRING). */
  expiry: AccountExpiry;
  /** Client certificate fingerprints for SASL EXTERNAL (NickServ CERT). */
  certfps: CertFingerprints;
  /** OperServ BLACKLIST: email masks refused for registration. */
  blacklist: EmailBlacklist;
  /** Addresses whose channel registration was dropped unverified (OperServ FAILED). */
  failedVerifications: FailedVerifications;
  /** The abuse policy of X2 REGISTER (limits, blacklists, review holds). */
  registrationPolicy: RegistrationPolicy;
  /** X2 channel registrations, access lists and review (src/services/channels). */
  channels: ChannelService;
  /** OperServ FREEZE / UNFREEZE: freeze records, taking and restoring (src/services/lifecycle/freeze). */
  freeze: FreezeService;
  /** Account deletion cases, tombstones and exports (src/services/lifecycle/deletion). */
  deletion: DeletionService;
}

/**
 * Everything a command handler and a maintenance loop may use: the settings, the network ports
 * and the domain (main.ts and the test fixtures assemble it around createDomain()).
 */
export interface Services extends DomainServices {
  /** The running configuration: one object, updated in place by REHASH (read it when used). */
  config: Config;
  /** REHASH: re-reading services.conf. */
  configuration: ConfigurationPort;
  clock: Clock;
  log: Logger;
  network: NetworkView;
  actions: NetworkActions;
}
