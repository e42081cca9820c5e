import type { Config } from "../config/schema.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/logger.js";
import type { AuditLog } from "./audit.js";
import type { LoopBreaker } from "./breaker.js";
import type { NetworkActions, NetworkView } from "./ports.js";

/**
 * Everything a command handler may use. Each domain area adds its service here;
 * main.ts builds it once.
 */
export interface Services {
  config: Config;
  clock: Clock;
  log: Logger;
  audit: AuditLog;
  network: NetworkView;
  actions: NetworkActions;
  breaker: LoopBreaker;
}
