import { classPrivileges, operKeyEntityId } from "../config/schema.js";
import { rfc1459Fold } from "../util/casefold.js";
export class StaffDirectory {
    config;
    clock;
    audit;
    sGet;
    sInsert;
    sAll;
    constructor(db, config, clock, audit) {
        this.config = config;
        this.clock = clock;
        this.audit = audit;
        this.sGet = db.prepare("SELECT name_key, name, account_id, bound_at FROM staff_names WHERE name_key = ?");
        this.sInsert = db.prepare("INSERT OR IGNORE INTO staff_names (name_key, name, account_id, bound_at) VALUES (?, ?, ?, ?)");
        this.sAll = db.prepare("SELECT name_key, name, account_id, bound_at FROM staff_names ORDER BY name_key");
    }
    /** The class [opers] gives the account, and how; undefined for an account that is not staff. */
    classOf(account) {
        const id = account.id.toUpperCase();
        const folded = rfc1459Fold(account.name);
        let byName;
        for (const [key, cls] of Object.entries(this.config.opers)) {
            const keyId = operKeyEntityId(key);
            if (keyId !== null) {
                if (keyId === id)
                    return { cls, via: "entity ID", key };
            }
            else if (byName === undefined && rfc1459Fold(key) === folded) {
                // The first account seen holding a listed name gets it (as at registration or start-up),
                // whichever way it came to hold it (an import, say); after that, only that account.
                const bound = this.sGet.get(folded)?.account_id ?? (this.claim(account) ? account.id : undefined);
                if (bound === account.id)
                    byName = { cls, via: "name", key };
            }
        }
        return byName;
    }
    /** The privileges of the account's class (none when it is not staff). */
    privilegesOf(account) {
        return classPrivileges(this.config, this.classOf(account)?.cls);
    }
    /**
     * When `name` is listed in [opers] and bound to an account, that account's entity ID: no other
     * account may register the name, group it or be renamed to it. Undefined otherwise.
     */
    reservedFor(name) {
        const folded = rfc1459Fold(name);
        if (!this.isNameKey(folded))
            return undefined;
        return this.sGet.get(folded)?.account_id;
    }
    /**
     * The account now holds `account.name` (it registered it or was renamed to it): when the name
     * is listed in [opers] and not bound yet, it is bound to the account (audited). Call inside the
     * transaction that gives the account the name. Returns true when it bound the name.
     */
    claim(account, actor = "system") {
        const folded = rfc1459Fold(account.name);
        if (!this.isNameKey(folded))
            return false;
        const bound = this.sInsert.run(folded, account.name, account.id, this.clock.now()).changes === 1;
        if (bound)
            this.audit.record({ actor, action: "staff.name_bound", target: account.id, details: { name: account.name } });
        return bound;
    }
    /** At start-up: binds each listed name that an existing account holds. Returns the bindings made. */
    bindExisting(byName) {
        const made = [];
        for (const key of Object.keys(this.config.opers)) {
            if (operKeyEntityId(key) !== null)
                continue;
            const account = byName(key);
            if (account && this.claim(account))
                made.push(this.binding(key));
        }
        return made;
    }
    /** The stored binding of a name, listed or not. */
    binding(name) {
        const row = this.sGet.get(rfc1459Fold(name));
        return row ? { nameKey: row.name_key, name: row.name, accountId: row.account_id, boundAt: row.bound_at } : undefined;
    }
    bindings() {
        return this.sAll.all().map((row) => ({ nameKey: row.name_key, name: row.name, accountId: row.account_id, boundAt: row.bound_at }));
    }
    isNameKey(folded) {
        return Object.keys(this.config.opers).some((key) => operKeyEntityId(key) === null && rfc1459Fold(key) === folded);
    }
}
//# sourceMappingURL=staff-directory.js.map