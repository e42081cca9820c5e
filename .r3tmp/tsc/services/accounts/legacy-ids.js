const toLegacyId = (r) => ({ legacyId: r.legacy_id, accountId: r.account_id, source: r.source, importedAt: r.imported_at });
/** Atheme's entity IDs: 9 characters of A-Z0-9 with a letter first (a digit first is Custodian's). */
export const LEGACY_ID = /^[A-Z][A-Z0-9]{8}$/;
/** The legacy ID a `?AAAAAAAAB` reference names (upper-cased), or null when it is not one. */
export function legacyIdReference(text) {
    if (!text.startsWith("?"))
        return null;
    const id = text.slice(1).toUpperCase();
    return LEGACY_ID.test(id) ? id : null;
}
export class LegacyIds {
    q;
    constructor(db) {
        this.q = {
            insert: db.prepare("INSERT INTO account_legacy_ids (legacy_id, account_id, source, imported_at) VALUES (?, ?, ?, ?)"),
            byLegacyId: db.prepare("SELECT * FROM account_legacy_ids WHERE legacy_id = ?"),
            ofAccount: db.prepare("SELECT * FROM account_legacy_ids WHERE account_id = ?"),
        };
    }
    add(accountId, legacyId, source, at) {
        this.q.insert.run(legacyId.toUpperCase(), accountId, source, at);
    }
    /** The account that had this ID before its import. */
    accountOf(legacyId) {
        return this.q.byLegacyId.get(legacyId.toUpperCase())?.account_id;
    }
    get(legacyId) {
        const row = this.q.byLegacyId.get(legacyId.toUpperCase());
        return row ? toLegacyId(row) : undefined;
    }
    /** The legacy ID of an account, if it was imported. */
    of(accountId) {
        const row = this.q.ofAccount.get(accountId);
        return row ? toLegacyId(row) : undefined;
    }
}
//# sourceMappingURL=legacy-ids.js.map