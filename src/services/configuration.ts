/**
 * The configuration as the domain may act on it: re-reading services.conf (OperServ REHASH).
 * The file is read by the wiring (src/wiring/rehash.ts); the domain and the commands see only
 * this port.
 */
import type { Result } from "../util/result.js";

export interface RehashReport {
  /** The file that was read. */
  path: string;
  /** Keys whose new values took effect ("flood.messages", "opers.Alice"). */
  changed: string[];
  /** Keys that changed in the file but keep their running values until a restart. */
  needsRestart: string[];
}

export interface ConfigurationPort {
  /**
   * Re-reads services.conf and applies what can change while running. `actor` is the audit
   * actor (an oper's entity ID, or "system" for SIGHUP). An invalid file changes nothing: the
   * error is its list of problems, each naming the key and line.
   */
  rehash(actor: string): Result<RehashReport, { path: string; errors: string[] }>;
}
