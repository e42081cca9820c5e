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
import { err, ok } from "../../../util/result.js";
import { Cases } from "./cases.js";
import { Execution } from "./execution.js";
import { buildExport } from "./export.js";
import { DeletionMaintenance } from "./maintenance.js";
import { MemberRequests } from "./member.js";
import { CaseStore } from "./store.js";
export * from "./types.js";
export { parseCaseNumber } from "./numbers.js";
export { CANCEL_CODE } from "./member.js";
export class DeletionService {
    deps;
    store;
    execution;
    cases;
    member;
    maintenance;
    constructor(deps) {
        this.deps = deps;
        this.store = new CaseStore(deps.db);
        const checklist = {
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
    hasOpenCase(accountId) {
        return this.store.openCasesOf(accountId).length > 0;
    }
    /** True for the entity ID of a deleted account: it is never given to a new one. */
    isRetired(entityId) {
        return this.store.isRetired(entityId);
    }
    tombstone(entityId) {
        return this.store.tombstone(entityId);
    }
    get(caseNumber) {
        return this.store.get(caseNumber);
    }
    // ------------------------------------------------------------------------------------------
    // The member (NickServ)
    requestDeletion(actor, reference, password) {
        return this.member.request(actor, reference, password);
    }
    confirmDeletion(actor, reference, password, code) {
        return this.member.confirm(actor, reference, password, code);
    }
    cancelByCode(code) {
        return this.member.cancelByCode(code);
    }
    exportOwn(accountId) {
        return this.member.exportOwn(accountId);
    }
    // ------------------------------------------------------------------------------------------
    // Staff (OperServ DELETE and CASE)
    openStaffCase(oper, references, reason) {
        return this.cases.openStaffCase(oper, references, reason);
    }
    list(filter, limit) {
        return this.cases.list(filter, limit);
    }
    show(caseNumber) {
        return this.cases.show(caseNumber);
    }
    hold(caseNumber, oper, reason) {
        return this.cases.hold(caseNumber, oper, reason);
    }
    release(caseNumber, oper) {
        return this.cases.release(caseNumber, oper);
    }
    rule(caseNumber, item, ruling, oper) {
        return this.cases.rule(caseNumber, item, ruling, oper);
    }
    cancel(caseNumber, oper) {
        return this.cases.cancel(caseNumber, { id: oper.id, as: "staff" });
    }
    /**
     * CASE EXPORT: the case record as JSON, with the full export of each account still there (taken
     * now, before execution) and the tombstone of each one deleted, mailed to the oper's own address.
     */
    exportCase(caseNumber, oper) {
        const { accounts, audit, mail, config, clock, db } = this.deps;
        const c = this.store.get(caseNumber);
        if (!c)
            return err({ kind: "no-such-case", caseNumber });
        const to = accounts.byId(oper.id);
        if (!to)
            return err({ kind: "no-such-account", reference: oper.id });
        const now = clock.now();
        const document = {
            format: "custodian-case-export/1",
            generatedAt: new Date(now).toISOString(),
            case: { ...c, accounts: undefined },
            rulings: this.store.rulings(caseNumber),
            accounts: c.accounts.map((a) => ({
                k: a.k,
                entityId: a.entityId,
                checklist: a.checklist,
                export: a.accountId ? (buildExport({ db, audit, mail, config, now }, a.accountId, "case", caseNumber)?.document ?? null) : null,
                tombstone: this.store.tombstone(a.entityId) ?? null,
            })),
        };
        const json = JSON.stringify(document, null, 2);
        const bytes = Buffer.byteLength(json, "utf8");
        mail.queue("account_export", to.email, { account: c.accounts.map((a) => `?${a.entityId}`).join(", "), entityId: c.accounts[0]?.entityId ?? "-", caseNumber, json });
        audit.record({ actor: oper.id, action: "deletion.exported", target: caseNumber, details: { bytes } });
        return ok({ bytes, email: to.email });
    }
    /** Carries a case out now if nothing blocks it (the loop does this for due cases). */
    execute(caseNumber, by) {
        return this.execution.execute(caseNumber, by);
    }
    // ------------------------------------------------------------------------------------------
    // Maintenance (src/loops/deletion.ts)
    executableDue() {
        return this.maintenance.executableDue();
    }
    executeDue(caseNumbers) {
        return this.maintenance.executeDue(caseNumbers);
    }
    forgetFarewells() {
        return this.maintenance.forgetFarewells();
    }
    countPurgeDue() {
        return this.maintenance.countPurgeDue();
    }
    purgeDue(limit) {
        return this.maintenance.purgeDue(limit);
    }
}
//# sourceMappingURL=service.js.map