/*
 * Account deletion as a case (issue 18; shared/DESIGN.md §3; the discipline of the arbitration
 * manual in shared/seeds/004): the facade commands and loops use. The work is done by:
 *   cases.ts       opening (aYYYYMMDD.N), HOLD, RELEASE, RULE, CANCEL, LIST, SHOW; telling people
 *   checklist.ts   the checklist of an account and what blocks a case
 *   execution.ts   carrying a case out, bottom-up in one transaction, with the scrub (scrub.ts)
 *   member.ts      NickServ DROP (code, confirmation, cancel) and EXPORT
 *   export.ts      everything about an account as JSON, from the schema's references (schema.ts)
 *   maintenance.ts due cases, the last mail forgetting its address, tombstone purge (retention.ts)
 *
 * Other domains are reached through their facades only (accounts: personal values, codes,
 * erasure; channels: ownership, access, succession); the export and the scrub read the schema
 * itself so that no table can be forgotten. Refusals are typed (failures.ts); the words are in
 * src/commands/.
 */
import { err, ok, type Result } from "../../../util/result.js";
import { unmailable } from "../../accounts/code-mail.js";
import { Cases, type Cancelled, type CaseFilter, type CaseView, type Opened } from "./cases.js";
import type { ChecklistContext } from "./checklist.js";
import { Execution, type ExecutionResult } from "./execution.js";
import { buildExport } from "./export.js";
import type { DeletionFailure } from "./failures.js";
import { DeletionMaintenance, type DueReport } from "./maintenance.js";
import { MemberRequests, type MemberActor } from "./member.js";
import { CaseStore } from "./store.js";
import type { Blocker, ChecklistItem, DeletionCase, DeletionDeps, Tombstone } from "./types.js";

export type { Cancelled, CaseFilter, CaseView, Opened } from "./cases.js";
export type { Executed, ExecutedAccount, ExecutionResult } from "./execution.js";
export type { DeletionFailure, UnfitReason } from "./failures.js";
export type { DueReport } from "./maintenance.js";
export * from "./types.js";
export { parseCaseNumber } from "./numbers.js";
export { CANCEL_CODE } from "./member.js";

export class DeletionService {
  private readonly store: CaseStore;
  private readonly execution: Execution;
  private readonly cases: Cases;
  private readonly member: MemberRequests;
  private readonly maintenance: DeletionMaintenance;

  constructor(private readonly deps: DeletionDeps) {
    this.store = new CaseStore(deps.db);
    const checklist: ChecklistContext = {
      accounts: deps.accounts,
      channels: deps.channels,
      audit: deps.audit,
      config: deps.config,
      freezes: deps.freezes,
      staff: deps.staff,
      openCasesOf: (id) => this.store.openCasesOf(id),
    };
    this.execution = new Execution({ ...deps, store: this.store, checklist });
    this.cases = new Cases({ ...deps, store: this.store, checklist, execution: this.execution });
    this.member = new MemberRequests({ ...deps, store: this.store, cases: this.cases });
    this.maintenance = new DeletionMaintenance({ ...deps, store: this.store, execution: this.execution });
  }

  // ------------------------------------------------------------------------------------------
  // Lookups (the accounts domain's hooks)

  /** True while the account is in an open case (account expiry leaves it alone). */
  hasOpenCase(accountId: string): boolean {
    return this.store.openCasesOf(accountId).length > 0;
  }

  /** True for the entity ID of a deleted account: it is never given to a new one. */
  isRetired(entityId: string): boolean {
    return this.store.isRetired(entityId);
  }

  tombstone(entityId: string): Tombstone | undefined {
    return this.store.tombstone(entityId);
  }

  get(caseNumber: string): DeletionCase | undefined {
    return this.store.get(caseNumber);
  }

  // ------------------------------------------------------------------------------------------
  // The member (NickServ)

  requestDeletion(actor: MemberActor, reference: string, password: string): Promise<Result<{ account: string; lifetimeMs: number }, DeletionFailure>> {
    return this.member.request(actor, reference, password);
  }

  confirmDeletion(actor: MemberActor, reference: string, password: string, code: string): Promise<Result<Opened & { account: string }, DeletionFailure>> {
    return this.member.confirm(actor, reference, password, code);
  }

  cancelByCode(code: string): Result<{ caseNumber: string }, DeletionFailure> {
    return this.member.cancelByCode(code);
  }

  exportOwn(accountId: string): Result<{ bytes: number; email: string }, DeletionFailure> {
    return this.member.exportOwn(accountId);
  }

  // ------------------------------------------------------------------------------------------
  // Staff (OperServ DELETE and CASE)

  openStaffCase(oper: { id: string }, references: readonly string[], reason: string): Result<Opened, DeletionFailure> {
    return this.cases.openStaffCase(oper, references, reason);
  }

  list(filter: CaseFilter, limit: number): Array<{ case: DeletionCase; blockers: Blocker[] }> {
    return this.cases.list(filter, limit);
  }

  /** OperServ STATS: the cases not yet carried out or cancelled. */
  openCount(): number {
    return this.store.countOpen();
  }

  show(caseNumber: string): Result<CaseView, DeletionFailure> {
    return this.cases.show(caseNumber);
  }

  hold(caseNumber: string, oper: { id: string }, reason: string): Result<DeletionCase, DeletionFailure> {
    return this.cases.hold(caseNumber, oper, reason);
  }

  release(caseNumber: string, oper: { id: string }): Result<DeletionCase, DeletionFailure> {
    return this.cases.release(caseNumber, oper);
  }

  rule(caseNumber: string, item: string, ruling: readonly string[], oper: { id: string }): Result<{ case: DeletionCase; item: string; ruling: string | null }, DeletionFailure> {
    return this.cases.rule(caseNumber, item, ruling, oper);
  }

  cancel(caseNumber: string, oper: { id: string }): Result<Cancelled, DeletionFailure> {
    return this.cases.cancel(caseNumber, { id: oper.id, as: "staff" });
  }

  /**
   * CASE EXPORT: the case record as JSON, with the full export of each account still there (taken
   * now, before execution) and the tombstone of each one deleted, mailed to the oper's own address.
   */
  exportCase(caseNumber: string, oper: { id: string }): Result<{ bytes: number; email: string }, DeletionFailure> {
    const { accounts, audit, mail, config, clock, db } = this.deps;
    const c = this.store.get(caseNumber);
    if (!c) return err({ kind: "no-such-case", caseNumber });
    const to = accounts.byId(oper.id);
    if (!to) return err({ kind: "no-such-account", reference: oper.id });
    const unusable = unmailable(to, "export", true);
    if (unusable) return err({ kind: "account", failure: unusable });
    const now = clock.now();
    // An open case's checklists as they stand now (what is stored dates from its last review).
    const current = c.state === "open" ? this.execution.checklists(c) : new Map<number, ChecklistItem[]>();
    const document = {
      format: "custodian-case-export/1",
      generatedAt: new Date(now).toISOString(),
      case: { ...c, accounts: undefined },
      rulings: this.store.rulings(caseNumber),
      accounts: c.accounts.map((a) => ({
        k: a.k,
        entityId: a.entityId,
        checklist: current.get(a.k) ?? a.checklist,
        export: a.accountId ? (buildExport({ db, audit, mail, config, now }, a.accountId, "case", caseNumber)?.document ?? null) : null,
        tombstone: this.store.tombstone(a.entityId) ?? null,
      })),
    };
    const json = JSON.stringify(document, null, 2);
    const bytes = Buffer.byteLength(json, "utf8");
    mail.queue("account_export", to.email, { caseNumber, accounts: c.accounts.map((a) => `?${a.entityId}`), json });
    audit.record({ actor: oper.id, action: "deletion.exported", target: caseNumber, details: { bytes } });
    return ok({ bytes, email: to.email });
  }

  /** Carries a case out now if nothing blocks it (the loop does this for due cases). */
  execute(caseNumber: string, by: string): ExecutionResult {
    return this.execution.execute(caseNumber, by);
  }

  // ------------------------------------------------------------------------------------------
  // Maintenance (src/loops/deletion.ts)

  executableDue(): string[] {
    return this.maintenance.executableDue();
  }

  executeDue(caseNumbers: readonly string[]): DueReport {
    return this.maintenance.executeDue(caseNumbers);
  }

  forgetFarewells(): number {
    return this.maintenance.forgetFarewells();
  }

  countPurgeDue(): number {
    return this.maintenance.countPurgeDue();
  }

  purgeDue(limit: number): number {
    return this.maintenance.purgeDue(limit);
  }
}
