/**
 * What the maintenance loops do with cases (src/loops/deletion.ts): carry out the cases whose
 * objection window has passed and that nothing holds, make the last mail to a deleted account
 * forget its address once it has left, and purge tombstones whose retention date has passed.
 */
import { errorMessage } from "../../../util/logger.js";
import { executedCounts } from "./cases.js";
import type { Execution } from "./execution.js";
import { pseudonymEmail } from "./numbers.js";
import type { CaseStore } from "./store.js";
import type { DeletionDeps } from "./types.js";

export interface MaintenanceDeps extends Pick<DeletionDeps, "mail" | "audit" | "clock" | "config" | "log" | "actions"> {
  store: CaseStore;
  execution: Execution;
}

export interface DueReport {
  executed: number;
  /** Became blocked between the count and the run (a ruling taken back, a new hold). */
  blocked: number;
  failed: number;
}

export class DeletionMaintenance {
  constructor(private readonly deps: MaintenanceDeps) {}

  /** Open cases past their window that nothing holds now (their checklists computed again; execution stores them). */
  executableDue(): string[] {
    const { store, execution, clock } = this.deps;
    return store.dueOpen(clock.now()).filter((number) => {
      const c = store.get(number);
      return c !== undefined && execution.blockers(c).length === 0;
    });
  }

  executeDue(numbers: readonly string[]): DueReport {
    const report: DueReport = { executed: 0, blocked: 0, failed: 0 };
    for (const number of numbers) {
      const result = this.deps.execution.execute(number, "system");
      if (result.ok) {
        report.executed++;
        this.deps.actions.alertOpers({ kind: "deletion-executed", ...executedCounts(result.value) });
      } else if (result.error.kind === "execution-failed") {
        report.failed++;
        this.deps.actions.alertOpers({ kind: "deletion-failed", caseNumber: number, error: result.error.error });
      } else report.blocked++;
    }
    return report;
  }

  /**
   * The last mail to a deleted account is the one row allowed to keep its address, until it has
   * left (sent, or failed for good): then it forgets it too. Returns how many did.
   */
  forgetFarewells(): number {
    const { store, mail, config } = this.deps;
    let forgotten = 0;
    // Each in one transaction with its audit record (the outbox's own transaction nests in it).
    for (const pending of store.pendingFarewells()) {
      const pseudonym = pseudonymEmail(pending.number, pending.k, config.deletion.tombstone_domain);
      const done = store.transaction(() => {
        const gone = mail.status(pending.mail) === undefined;
        if (!gone && !mail.forgetRecipient(pending.mail, pseudonym, true)) return false;
        store.clearFarewell(pending.number, pending.k);
        this.deps.audit.record({ actor: "system", action: "deletion.farewell_forgotten", target: pending.number, details: { k: pending.k, mail: pending.mail } });
        return true;
      });
      if (done) forgotten++;
    }
    return forgotten;
  }

  countPurgeDue(): number {
    return this.deps.store.countDueTombstones(this.deps.clock.now());
  }

  /** Purges up to `limit` tombstones past their retention date, each with its audit record. */
  purgeDue(limit: number): number {
    const { store, audit, clock, log } = this.deps;
    let purged = 0;
    for (const tombstone of store.dueTombstones(clock.now(), limit)) {
      try {
        store.transaction(() => {
          store.purgeTombstone(tombstone);
          audit.record({ actor: "system", action: "deletion.tombstone_purged", target: tombstone.entityId, details: { case: tombstone.caseNumber, k: tombstone.k } });
        });
        purged++;
      } catch (error) {
        log.error({ entityId: tombstone.entityId, err: errorMessage(error) }, "tombstone purge failed");
      }
    }
    return purged;
  }
}
