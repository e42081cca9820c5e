import type { MaintenanceLoop } from "./scheduler.js";

export interface IdentityParts {
  /** Guest renames whose grace period is over (AccountNetwork.tick). */
  renameDue(): number;
  /** Half-finished SASL exchanges older than 60 s (SaslAgent.sweep). */
  expireSasl(): number;
}

/**
 * The clock-driven identity checks as a maintenance loop, so that a run of the maintenance loops
 * (and a test that moves the clock) applies them at once; the wiring also runs them on short
 * real-time timers. These change no database rows, so the loop breaker does not apply: each rename
 * is one user who was warned and whose own deadline passed.
 */
export function identityLoop(parts: IdentityParts): MaintenanceLoop {
  return {
    name: "identity",
    run() {
      const renamed = parts.renameDue();
      const saslTimedOut = parts.expireSasl();
      return { changed: renamed + saslTimedOut, details: { renamed, saslTimedOut } };
    },
  };
}
