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

/**
 * Everything a command handler and a maintenance loop may use: the settings, the ports and the
 * domain (src/domain.ts builds it; main.ts and the test fixtures add the rest).
 */
export interface Services {
  config: Config;
  clock: Clock;
  log: Logger;
  audit: AuditLog;
  network: NetworkView;
  actions: NetworkActions;
  breaker: LoopBreaker;
  /** Accounts: registration, verification, login, settings (NickServ). */
  accounts: AccountService;
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
  /** Account expiry by degradation, OperServ EXPIRING (issue 5). */
  expiry: AccountExpiry;
}
