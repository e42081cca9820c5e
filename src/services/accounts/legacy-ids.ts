/**
 * The IDs accounts had in the services they were imported from (account_legacy_ids): Atheme's
 * entity IDs such as `AAAAAAAAB`. A legacy ID is unique and names one account; it is accepted as
 * `?AAAAAAAAB` wherever an account is named.
 */
import type { Database } from "../../db/connection.js";

export interface LegacyId {
  legacyId: string;
  accountId: string;
  source: string;
  importedAt: number;
}

interface Row {
  legacy_id: string;
  account_id: string;
  source: string;
  imported_at: number;
}

const toLegacyId = (r: Row): LegacyId => ({ legacyId: r.legacy_id, accountId: r.account_id, source: r.source, importedAt: r.imported_at });

/** Atheme's entity IDs: 9 characters of A-Z0-9 with a letter first (a digit first is Custodian's). */
export const LEGACY_ID = /^[A-Z][A-Z0-9]{8}$/;

/** The legacy ID a `?AAAAAAAAB` reference names (upper-cased), or null when it is not one. */
export function legacyIdReference(text: string): string | null {
  if (!text.startsWith("?")) return null;
  const id = text.slice(1).toUpperCase();
  return LEGACY_ID.test(id) ? id : null;
}

export class LegacyIds {
  private readonly q;

  constructor(db: Database) {
    this.q = {
      insert: db.prepare("INSERT INTO account_legacy_ids (legacy_id, account_id, source, imported_at) VALUES (?, ?, ?, ?)"),
      byLegacyId: db.prepare<[string], Row>("SELECT * FROM account_legacy_ids WHERE legacy_id = ?"),
      ofAccount: db.prepare<[string], Row>("SELECT * FROM account_legacy_ids WHERE account_id = ?"),
    };
  }

  add(accountId: string, legacyId: string, source: string, at: number): void {
    this.q.insert.run(legacyId.toUpperCase(), accountId, source, at);
  }

  /** The account that had this ID before its import. */
  accountOf(legacyId: string): string | undefined {
    return this.q.byLegacyId.get(legacyId.toUpperCase())?.account_id;
  }

  get(legacyId: string): LegacyId | undefined {
    const row = this.q.byLegacyId.get(legacyId.toUpperCase());
    return row ? toLegacyId(row) : undefined;
  }

  /** The legacy ID of an account, if it was imported. */
  of(accountId: string): LegacyId | undefined {
    const row = this.q.ofAccount.get(accountId);
    return row ? toLegacyId(row) : undefined;
  }
}
