/**
 * Client certificate fingerprints of accounts, for SASL EXTERNAL (NickServ CERT ADD/DEL/LIST).
 *
 * A fingerprint is the lowercase hex digest the ircd reports for a client certificate (InspIRCd's
 * sslprofile hash: sha256 by default here; md5, sha1 and sha512 lengths are accepted too). Each
 * fingerprint belongs to at most one account, so a certificate names its account unambiguously.
 */
import type { Database } from "../../db/connection.js";
import type { Clock } from "../../util/clock.js";
import { err, ok, type Result } from "../../util/result.js";
import type { AuditLog } from "../audit.js";

/** Most fingerprints one account may hold. */
export const MAX_CERTFPS_PER_ACCOUNT = 10;

export interface CertFingerprint {
  fingerprint: string;
  accountId: string;
  addedAt: number;
  addedBy: string;
}

/** Why a fingerprint was not added or removed. */
export type CertFailure =
  | { kind: "fingerprint-chars"; input: string }
  | { kind: "fingerprint-length"; input: string }
  | { kind: "fingerprint-yours"; fingerprint: string }
  | { kind: "fingerprint-taken"; fingerprint: string }
  | { kind: "fingerprint-list-full"; max: number }
  | { kind: "fingerprint-not-listed"; fingerprint: string };

/**
 * Normalises a fingerprint as users paste it (any case, optional colons) to lowercase hex, or
 * says why it is not one.
 */
export function normaliseFingerprint(input: string): Result<string, CertFailure> {
  const hex = input.trim().replace(/:/g, "").toLowerCase();
  if (!/^[0-9a-f]+$/.test(hex)) return err({ kind: "fingerprint-chars", input });
  if (![32, 40, 64, 128].includes(hex.length)) return err({ kind: "fingerprint-length", input });
  return ok(hex);
}

interface Row {
  fingerprint: string;
  account_id: string;
  added_at: number;
  added_by: string;
}

const toFingerprint = (r: Row): CertFingerprint => ({ fingerprint: r.fingerprint, accountId: r.account_id, addedAt: r.added_at, addedBy: r.added_by });

export class CertFingerprints {
  private readonly q;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {
    this.q = {
      owner: db.prepare<[string], Row>("SELECT * FROM account_certfps WHERE fingerprint = ?"),
      list: db.prepare<[string], Row>("SELECT * FROM account_certfps WHERE account_id = ? ORDER BY added_at, fingerprint"),
      count: db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM account_certfps WHERE account_id = ?"),
      insert: db.prepare("INSERT INTO account_certfps (fingerprint, account_id, added_at, added_by) VALUES (?, ?, ?, ?)"),
      remove: db.prepare("DELETE FROM account_certfps WHERE fingerprint = ? AND account_id = ?"),
    };
  }

  /** The account a fingerprint belongs to. */
  owner(fingerprint: string): string | undefined {
    const normal = normaliseFingerprint(fingerprint);
    if (!normal.ok) return undefined;
    return this.q.owner.get(normal.value)?.account_id;
  }

  list(accountId: string): CertFingerprint[] {
    return this.q.list.all(accountId).map(toFingerprint);
  }

  /** Adds a fingerprint to an account (audited). */
  add(accountId: string, input: string, actor: string): Result<CertFingerprint, CertFailure> {
    const normal = normaliseFingerprint(input);
    if (!normal.ok) return normal;
    const fingerprint = normal.value;
    return this.db.transaction((): Result<CertFingerprint, CertFailure> => {
      const existing = this.q.owner.get(fingerprint);
      if (existing) return err({ kind: existing.account_id === accountId ? "fingerprint-yours" : "fingerprint-taken", fingerprint });
      if ((this.q.count.get(accountId)?.n ?? 0) >= MAX_CERTFPS_PER_ACCOUNT) return err({ kind: "fingerprint-list-full", max: MAX_CERTFPS_PER_ACCOUNT });
      const now = this.clock.now();
      this.q.insert.run(fingerprint, accountId, now, actor);
      this.audit.record({ actor, action: "account.certfp.add", target: accountId, details: { fingerprint } });
      return ok({ fingerprint, accountId, addedAt: now, addedBy: actor });
    })();
  }

  /** Removes a fingerprint from an account (audited). */
  remove(accountId: string, input: string, actor: string): Result<string, CertFailure> {
    const normal = normaliseFingerprint(input);
    if (!normal.ok) return normal;
    const fingerprint = normal.value;
    return this.db.transaction((): Result<string, CertFailure> => {
      if (this.q.remove.run(fingerprint, accountId).changes === 0) return err({ kind: "fingerprint-not-listed", fingerprint });
      this.audit.record({ actor, action: "account.certfp.del", target: accountId, details: { fingerprint } });
      return ok(fingerprint);
    })();
  }
}
