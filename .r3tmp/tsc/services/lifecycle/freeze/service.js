import { freezeAccount } from "./freeze.js";
import { unfreezeAccount } from "./unfreeze.js";
import { SYSTEM } from "./types.js";
export * from "./types.js";
/** The breaker's name for the loop that ends timed freezes (OperServ BREAKER CONFIRM freeze-expiry). */
export const FREEZE_EXPIRY_LOOP = "freeze-expiry";
export class FreezeService {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    /** OperServ FREEZE <account> <reason> [<duration>]. */
    freeze(request) {
        return freezeAccount(this.deps, request);
    }
    /** OperServ UNFREEZE <account>. */
    unfreeze(request) {
        return unfreezeAccount(this.deps, request);
    }
    /** True while the account is frozen (the check every way around a freeze makes; see also AccountService.frozenFailure). */
    isFrozen(accountId) {
        return this.deps.store.activeFor(accountId) !== undefined;
    }
    /** FREEZE LIST: the freezes that last now, oldest first. */
    list(limit) {
        return this.deps.store.listActive(limit);
    }
    /** FREEZE SHOW: the account's freeze that lasts now, else its latest one; and how many it had. */
    show(reference) {
        const account = this.deps.accounts.resolve(reference);
        if (!account)
            return { ok: false, error: { kind: "unknown-account", reference } };
        const { store } = this.deps;
        const record = store.activeFor(account.id) ?? store.latestFor(account.id) ?? null;
        return { ok: true, value: { account: account.name, record, count: store.countFor(account.id) } };
    }
    /** Timed freezes whose end has come (the maintenance loop). */
    due() {
        return this.deps.store.due(this.deps.clock.now());
    }
    /** Ends a timed freeze whose time is up; false when it had ended meanwhile. */
    expire(record) {
        const current = this.deps.store.activeFor(record.accountId);
        if (!current || current.id !== record.id)
            return false;
        return unfreezeAccount(this.deps, { reference: `?${record.accountId}`, by: SYSTEM, expired: true }).ok;
    }
}
//# sourceMappingURL=service.js.map