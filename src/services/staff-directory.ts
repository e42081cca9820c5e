/**
 * Who is staff: the accounts [opers] gives a class, in a way a stranger cannot inherit
 * (shared/DESIGN.md §5).
 *
 * - A key that is an entity ID (`1AAAAABD5 = "admin"`) gives its class to that account, whatever
 *   its name is or becomes. This is the recommended form.
 * - A key that is a name gives its class to the first account that held that name while it was
 *   listed (bound at registration, at a rename, at start-up for accounts that already hold it, or
 *   when first looked at), and to no other account ever after: the binding is stored
 *   (staff_names) and outlives the account, and no other account may register or take the name
 *   while it is listed.
 * - Staff accounts never degrade or expire (the expiry rules ask `classOf`).
 */
import type { Statement } from "better-sqlite3";
import { classPrivileges, operKeyEntityId, type Config, type OperAccount } from "../config/schema.js";
import type { Database } from "../db/connection.js";
import { rfc1459Fold } from "../util/casefold.js";
import type { Clock } from "../util/clock.js";
import type { AuditLog } from "./audit.js";

export interface StaffClass {
  /** The oper class. */
  cls: string;
  /** How [opers] names the account: by its entity ID, or by a name bound to it. */
  via: "entity ID" | "name";
  /** The [opers] key as written. */
  key: string;
}

export interface StaffBinding {
  nameKey: string;
  name: string;
  accountId: string;
  boundAt: number;
}

export class StaffDirectory {
  private readonly sGet: Statement<[string], { name_key: string; name: string; account_id: string; bound_at: number }>;
  private readonly sInsert: Statement<[string, string, string, number]>;
  private readonly sAll: Statement<[], { name_key: string; name: string; account_id: string; bound_at: number }>;

  constructor(
    db: Database,
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {
    this.sGet = db.prepare("SELECT name_key, name, account_id, bound_at FROM staff_names WHERE name_key = ?");
    this.sInsert = db.prepare("INSERT OR IGNORE INTO staff_names (name_key, name, account_id, bound_at) VALUES (?, ?, ?, ?)");
    this.sAll = db.prepare("SELECT name_key, name, account_id, bound_at FROM staff_names ORDER BY name_key");
  }

  /** The class [opers] gives the account, and how; undefined for an account that is not staff. */
  classOf(account: OperAccount): StaffClass | undefined {
    const id = account.id.toUpperCase();
    const folded = rfc1459Fold(account.name);
    let byName: StaffClass | undefined;
    for (const [key, cls] of Object.entries(this.config.opers)) {
      const keyId = operKeyEntityId(key);
      if (keyId !== null) {
        if (keyId === id) return { cls, via: "entity ID", key };
      } else if (byName === undefined && rfc1459Fold(key) === folded) {
        // The first account seen holding a listed name gets it (as at registration or start-up),
        // whichever way it came to hold it (an import, say); after that, only that account.
        const bound = this.sGet.get(folded)?.account_id ?? (this.claim(account) ? account.id : undefined);
        if (bound === account.id) byName = { cls, via: "name", key };
      }
    }
    return byName;
  }

  /** The privileges of the account's class (none when it is not staff). */
  privilegesOf(account: OperAccount): Set<string> {
    return classPrivileges(this.config, this.classOf(account)?.cls);
  }

  /**
   * When `name` is listed in [opers] and bound to an account, that account's entity ID: no other
   * account may register the name, group it or be renamed to it. Undefined otherwise.
   */
  reservedFor(name: string): string | undefined {
    const folded = rfc1459Fold(name);
    if (!this.isNameKey(folded)) return undefined;
    return this.sGet.get(folded)?.account_id;
  }

  /**
   * The account now holds `account.name` (it registered it or was renamed to it): when the name
   * is listed in [opers] and not bound yet, it is bound to the account (audited). Call inside the
   * transaction that gives the account the name. Returns true when it bound the name.
   */
  claim(account: OperAccount, actor = "system"): boolean {
    const folded = rfc1459Fold(account.name);
    if (!this.isNameKey(folded)) return false;
    const bound = this.sInsert.run(folded, account.name, account.id, this.clock.now()).changes === 1;
    if (bound) this.audit.record({ actor, action: "staff.name_bound", target: account.id, details: { name: account.name } });
    return bound;
  }

  /** At start-up: binds each listed name that an existing account holds. Returns the bindings made. */
  bindExisting(byName: (name: string) => OperAccount | undefined): StaffBinding[] {
    const made: StaffBinding[] = [];
    for (const key of Object.keys(this.config.opers)) {
      if (operKeyEntityId(key) !== null) continue;
      const account = byName(key);
      if (account && this.claim(account)) made.push(this.binding(key) as StaffBinding);
    }
    return made;
  }

  /** The stored binding of a name, listed or not. */
  binding(name: string): StaffBinding | undefined {
    const row = this.sGet.get(rfc1459Fold(name));
    return row ? { nameKey: row.name_key, name: row.name, accountId: row.account_id, boundAt: row.bound_at } : undefined;
  }

  bindings(): StaffBinding[] {
    return this.sAll.all().map((row) => ({ nameKey: row.name_key, name: row.name, accountId: row.account_id, boundAt: row.bound_at }));
  }

  private isNameKey(folded: string): boolean {
    return Object.keys(this.config.opers).some((key) => operKeyEntityId(key) === null && rfc1459Fold(key) === folded);
  }
}
