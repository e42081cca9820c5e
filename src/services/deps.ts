import type { Config } from "../config/schema.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/logger.js";
import type { AuditLog } from "./audit.js";
import type { NetworkActions, NetworkView } from "./ports.js";

/** What every domain service is given besides its own stores: time, settings, logs, the audit log and the network. */
export interface DomainDeps {
  audit: AuditLog;
  clock: Clock;
  config: Config;
  log: Logger;
  network: NetworkView;
  actions: NetworkActions;
}
