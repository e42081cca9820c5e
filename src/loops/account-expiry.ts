/**
 * The account-expiry maintenance loop (issue 5): refreshes "seen" for logged-in accounts, then
 * drops expired accounts, degrades accounts whose nicks expired and sends the warning mails.
 *
 * Scale: due rows are counted with indexed COUNTs first (for the breaker), then walked in batches
 * of `batchSize` over the partial indexes of migration 0008, each batch in its own transaction,
 * yielding to the event loop between batches so command handling waits a few ms at most.
 */
import type { Services } from "../services/registry.js";
import { EXPIRY_LOOP, type AccountExpiry, type Cursor, type ExpiryKind } from "../services/accounts/expiry.js";
import type { LoopReport, MaintenanceLoop } from "./scheduler.js";

export interface AccountExpiryLoopOptions {
  /** Accounts per transaction (default 200). */
  batchSize?: number;
  /** How to yield between batches (default: setImmediate). */
  pause?: () => Promise<void>;
}

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function accountExpiryLoop(expiry: AccountExpiry, options: AccountExpiryLoopOptions = {}): MaintenanceLoop {
  const batchSize = options.batchSize ?? 200;
  const pause = options.pause ?? yieldToEventLoop;
  return {
    name: EXPIRY_LOOP,
    async run(services: Services): Promise<LoopReport> {
      const now = services.clock.now();
      // Users logged in now count as seen (at most once an hour per account), before anything is due.
      const refreshed = await expiry.refreshSeen(now, { pause });
      const due = expiry.countDue(now);
      if (due.total === 0) return { changed: 0, details: { refreshed } };
      if (!services.breaker.allow(EXPIRY_LOOP, due.total)) {
        return {
          changed: 0,
          held: `would drop ${due.expire}, degrade ${due.degrade} and warn ${due.warn} accounts`,
          details: { refreshed, ...due },
        };
      }
      const done: Record<ExpiryKind, number> = { expire: 0, degrade: 0, warn: 0 };
      let exempt = 0;
      let blocked = 0;
      let batches = 0;
      // Order matters: dropped accounts are not degraded first, degraded ones are not warned.
      for (const kind of ["expire", "degrade", "warn"] as const) {
        if (due[kind] === 0) continue;
        let cursor: Cursor | null = null;
        do {
          if (batches > 0) await pause();
          const batch = expiry.processBatch(kind, now, cursor, batchSize);
          batches++;
          done[kind] += batch.changed;
          exempt += batch.exempt;
          blocked += batch.blocked;
          cursor = batch.next;
        } while (cursor);
      }
      return {
        changed: done.expire + done.degrade + done.warn,
        details: { refreshed, dropped: done.expire, degraded: done.degrade, warned: done.warn, exempt, blocked, batches },
      };
    },
  };
}
