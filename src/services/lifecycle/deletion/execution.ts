/**
 * Carrying out a case (DESIGN §3): bottom-up, in ONE immediate transaction.
 *
 *   1. the checklist of every account is computed again; anything that blocks stops here
 *   2. per account: queued mail to it cancelled; channels handed to their successors or dropped
 *      and its access entries removed (channels domain); its nicks, then its own rows, then the
 *      account row (accounts domain, whose store retires its entity ID); its tombstone written; the bans
 *      on its addresses (blacklist, failed verifications) kept by the addresses' hashes; a last
 *      mail queued to it
 *   3. the scrub: the connection details of the registrations it made and of its audit entries
 *      removed, then every text column of every table swept for its names and addresses
 *      (scrub.ts); the farewell mail is the one row left with its address, until it has left
 *      (DeletionService.forgetFarewells)
 *   4. the case closed and the execution audited with entity IDs and counts only
 *
 * A reference that does not cascade, or any other error, rolls everything back: the case stays
 * open and the error is returned (the loop tells opers). Users, the ircd and opers are told
 * after the commit.
 */
import { errorMessage } from "../../../util/logger.js";
import { err, ok, type Result } from "../../../util/result.js";
import type { Erased } from "../../accounts/erasure.js";
import type { Account } from "../../accounts/store.js";
import type { Released } from "../../channels/succession.js";
import type { AddressProblem } from "../../mail/address.js";
import { undeliverableDetails } from "../../mail/outbox.js";
import { blockersOf, computeChecklist, normalItemKey, type ChecklistContext } from "./checklist.js";
import type { DeletionFailure } from "./failures.js";
import { pseudonymEmail } from "./numbers.js";
import { staffEntryOf, type StaffEntry } from "./opers.js";
import { retentionDate } from "./retention.js";
import { personalMatcher, sweepDatabase, type Matcher, type SweepReport } from "./scrub.js";
import type { CaseStore } from "./store.js";
import type { Blocker, ChecklistItem, DeletionCase, DeletionDeps, Tombstone } from "./types.js";

export interface ExecutionDeps extends Pick<DeletionDeps, "db" | "accounts" | "channels" | "mail" | "audit" | "clock" | "config" | "log" | "actions" | "staff" | "bans"> {
  store: CaseStore;
  checklist: ChecklistContext;
}

export interface ExecutedAccount {
  k: number;
  entityId: string;
  /** The name it had (for the reply to the oper who ran it; never stored). */
  name: string;
  released: Released;
  erased: Erased;
  tombstone: Tombstone;
  staff: StaffEntry | null;
  /** Set when the account's address does not pass the address rules: the farewell mail was not sent. */
  unmailable: AddressProblem | null;
}

export interface Executed {
  caseNumber: string;
  accounts: ExecutedAccount[];
  /** Accounts of the case another case deleted first. */
  alreadyDeleted: string[];
  scrubbed: SweepReport;
}

export type ExecutionResult = Result<Executed, DeletionFailure | { kind: "blocked"; caseNumber: string; blockers: Blocker[] }>;

/** Audit actions that give or change someone's channel access (the retention rule retain_after_grant). */
const GRANT_ACTIONS = ["channel.access.add", "channel.access.level"] as const;

export class Execution {
  constructor(private readonly deps: ExecutionDeps) {}

  /** The checklist of every live account of the case as it stands now, by K; reads only. */
  checklists(c: DeletionCase): Map<number, ChecklistItem[]> {
    const { store, accounts } = this.deps;
    const rulings = new Map(store.rulings(c.number).map((r) => [normalItemKey(r.item), r.ruling]));
    const lists = new Map<number, ChecklistItem[]>();
    for (const entry of c.accounts) {
      const account = entry.accountId ? accounts.byId(entry.accountId) : undefined;
      if (account) lists.set(entry.k, computeChecklist(this.deps.checklist, c, entry.k, account, rulings));
    }
    return lists;
  }

  /**
   * Computes the checklists again and stores those that changed, in the caller's transaction:
   * the first (at opening, which the `deletion.opened` record covers) and, after it, each change
   * with a `deletion.checklist` audit record by `actor`.
   */
  review(c: DeletionCase, actor: string): Map<number, ChecklistItem[]> {
    const { store, audit, clock } = this.deps;
    const lists = this.checklists(c);
    const now = clock.now();
    for (const entry of c.accounts) {
      const items = lists.get(entry.k);
      if (!items || (entry.checklist && JSON.stringify(entry.checklist) === JSON.stringify(items))) continue;
      store.setChecklist(c.number, entry.k, items, now);
      if (entry.checklist) audit.record({ actor, action: "deletion.checklist", target: c.number, details: { k: entry.k, entityId: entry.entityId, items } });
    }
    return lists;
  }

  /** What stops the case now (its checklists computed again; reads only). */
  blockers(c: DeletionCase): Blocker[] {
    return blockersOf(c, [...this.checklists(c).values()].flat(), this.deps.clock.now());
  }

  /**
   * Carries the case out if nothing blocks it (`ignoreWindow`: a trivial member case goes before
   * its window ends). See the module comment.
   */
  execute(number: string, by: string, options: { ignoreWindow?: boolean } = {}): ExecutionResult {
    const { store, log } = this.deps;
    const effects: Array<() => void> = [];
    let outcome: ExecutionResult;
    try {
      outcome = store.immediate(() => this.executeInTransaction(number, by, options.ignoreWindow ?? false, effects));
    } catch (error) {
      log.error({ case: number, err: errorMessage(error) }, "deletion case execution failed; nothing was changed");
      return err({ kind: "execution-failed", caseNumber: number, error: errorMessage(error) });
    }
    if (outcome.ok) {
      for (const effect of effects) effect();
      log.info({ case: number, accounts: outcome.value.accounts.map((a) => a.entityId), scrubbed: outcome.value.scrubbed }, "deletion case executed");
    }
    return outcome;
  }

  private executeInTransaction(number: string, by: string, ignoreWindow: boolean, effects: Array<() => void>): ExecutionResult {
    const { store, accounts, clock } = this.deps;
    const c = store.get(number);
    if (!c) return err({ kind: "no-such-case", caseNumber: number });
    if (c.state !== "open") return err({ kind: "case-closed", caseNumber: number, state: c.state });
    const now = clock.now();
    const lists = this.review(c, by);
    const blockers = blockersOf(ignoreWindow ? { ...c, windowEndsAt: now } : c, [...lists.values()].flat(), now);
    // The recomputed checklists are kept (committed) even when the case waits.
    if (blockers.length > 0) return err({ kind: "blocked", caseNumber: number, blockers });

    const done: ExecutedAccount[] = [];
    const alreadyDeleted: string[] = [];
    const matchers: Matcher[] = [];
    const farewells: Array<{ table: string; rowid: number }> = [];
    for (const entry of c.accounts) {
      const account = entry.accountId ? accounts.byId(entry.accountId) : undefined;
      if (!account) {
        alreadyDeleted.push(entry.entityId);
        continue;
      }
      const items = lists.get(entry.k) ?? [];
      const result = this.eraseAccount(c, entry.k, account, items, by, now, effects);
      done.push(result.executed);
      matchers.push(result.matcher);
      if (result.farewell !== null) farewells.push({ table: "mail_outbox", rowid: result.farewell });
    }
    const scrubbed = this.scrub(done, matchers, farewells);
    store.close(number, "executed", now, by);
    this.deps.audit.record({
      actor: by,
      action: "deletion.executed",
      target: number,
      details: { accounts: done.map((a) => a.entityId), alreadyDeleted },
    });
    this.deps.audit.record({ actor: by, action: "deletion.scrubbed", target: number, details: { rows: scrubbed } });
    return ok({ caseNumber: number, accounts: done, alreadyDeleted, scrubbed });
  }

  private eraseAccount(
    c: DeletionCase,
    k: number,
    account: Account,
    items: ChecklistItem[],
    by: string,
    now: number,
    effects: Array<() => void>,
  ): { executed: ExecutedAccount; matcher: Matcher; farewell: number | null } {
    const { accounts, channels, mail, audit, config, store } = this.deps;
    const personal = accounts.personalValues(account.id);
    if (!personal) throw new Error(`deletion ${c.number}: ${account.id} vanished`);
    const staff = staffEntryOf(this.deps.staff, config, account);
    const plan = new Map<number, string | null>();
    for (const item of items) if (item.kind === "channel") plan.set(item.channelId, item.successor);
    const retention = retentionDate(
      { ruledAt: now, lastGrantAt: audit.lastActionBy(account.id, GRANT_ACTIONS), lastAuthoredAt: audit.lastActionBy(account.id) },
      config.deletion,
    );
    const nicks = accounts.nicksOf(account.id).map((n) => n.nick);
    for (const address of new Set([account.email, ...personal.emails])) mail.cancelTo(address);

    // Bottom-up: access entries and successions, then nicks and the account's rows, then the account.
    const { released, afterCommit: afterRelease } = channels.releaseAccountInTransaction(account.id, plan, c.number, by);
    const erased = accounts.eraseInTransaction(account.id, `deleted by case ${c.number}`);
    const pseudonym = pseudonymEmail(c.number, k, config.deletion.tombstone_domain);
    const tombstone: Tombstone = { entityId: account.id, caseNumber: c.number, k, email: pseudonym, createdAt: account.createdAt, deletedAt: now, retainUntil: retention.until };
    store.insertTombstone(tombstone);
    // A ban on its address outlives it; the address does not (the sweep below would lift the ban).
    const bansKept = this.deps.bans.hashAddresses(personal.emails, pseudonym);

    const successorNames = released.succeeded.map((s) => ({ channel: s.channel, successor: accounts.byId(s.successor)?.name ?? s.successor }));
    const farewell = mail.queue(
      "account_deletion_done",
      account.email,
      {
        account: account.name,
        caseNumber: c.number,
        entityId: account.id,
        successions: successorNames,
        drops: released.dropped.map((d) => d.channel),
        access: released.accessRemoved.map((a) => a.channel),
        nicks,
        staff: staff !== null,
      },
      { ref: `deletion:${c.number}:${k}` },
    );
    store.markExecuted(c.number, k, now, farewell.id);
    audit.record({
      actor: by,
      action: "account.deleted",
      target: account.id,
      details: {
        case: c.number,
        k,
        succeeded: released.succeeded.map((s) => ({ id: s.id, to: s.successor })),
        dropped: released.dropped.map((d) => d.id),
        accessRemoved: released.accessRemoved.length,
        erased,
        bansKept,
        staff: staff ? { via: staff.via, cls: staff.cls } : null,
        retainUntil: retention.until,
        retentionRule: retention.rule,
        ...undeliverableDetails(farewell),
      },
    });
    effects.push(afterRelease, erased.afterCommit);
    if (staff) {
      effects.push(() => this.deps.actions.alertOpers({ kind: "staff-revoked", caseNumber: c.number, accountId: account.id, operKey: staff.key, cls: staff.cls, via: staff.via }));
    }
    return {
      executed: { k, entityId: account.id, name: account.name, released, erased: erased.erased, tombstone, staff, unmailable: farewell.undeliverable },
      matcher: personalMatcher(personal, { name: account.id, email: pseudonym }),
      farewell: farewell.id,
    };
  }

  /** Step 3 of the module comment. */
  private scrub(done: ExecutedAccount[], matchers: Matcher[], keep: Array<{ table: string; rowid: number }>): SweepReport {
    for (const account of done) {
      this.deps.channels.scrubRegistrantInTransaction(account.entityId);
      this.deps.audit.removeConnectionDetails(account.entityId);
    }
    return sweepDatabase(this.deps.db, matchers, { keep });
  }
}
