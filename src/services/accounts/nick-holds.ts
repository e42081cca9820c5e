/**
 * The nicks services asked the ircd to hold after a guest rename (nick_holds, migration 0011),
 * until the ircd ends the hold: kept in SQLite so that after a restart services still know which
 * holds are theirs and lift them when the owner logs in.
 */
import type { Statement } from "better-sqlite3";
import type { Database } from "../../db/connection.js";
import { foldName } from "./names.js";

/** A nick services asked the ircd to hold after a guest rename. */
export interface HeldNick {
  nick: string;
  /** The account the nick belonged to when it was held. */
  accountId: string;
  /** When the ircd ends the hold (clock ms). */
  until: number;
}

interface HoldRow {
  nick: string;
  account_id: string;
  until: number;
}

const toHeld = (r: HoldRow): HeldNick => ({ nick: r.nick, accountId: r.account_id, until: r.until });

export class NickHolds {
  private readonly sPut: Statement<[string, string, string, number, number]>;
  private readonly sGet: Statement<[string], HoldRow>;
  private readonly sDelete: Statement<[string]>;
  private readonly sOfAccount: Statement<[string, number], HoldRow>;
  private readonly sActive: Statement<[number], HoldRow>;
  private readonly sPurge: Statement<[number]>;
  private readonly sDeleteOfAccount: Statement<[string]>;

  constructor(db: Database) {
    this.sPut = db.prepare(
      `INSERT INTO nick_holds (nick_key, nick, account_id, created_at, until) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (nick_key) DO UPDATE SET nick = excluded.nick, account_id = excluded.account_id,
         created_at = excluded.created_at, until = excluded.until`,
    );
    this.sGet = db.prepare("SELECT nick, account_id, until FROM nick_holds WHERE nick_key = ?");
    this.sDelete = db.prepare("DELETE FROM nick_holds WHERE nick_key = ?");
    this.sOfAccount = db.prepare("SELECT nick, account_id, until FROM nick_holds WHERE account_id = ? AND until > ? ORDER BY nick_key");
    this.sActive = db.prepare("SELECT nick, account_id, until FROM nick_holds WHERE until > ? ORDER BY until");
    this.sPurge = db.prepare("DELETE FROM nick_holds WHERE until <= ?");
    this.sDeleteOfAccount = db.prepare("DELETE FROM nick_holds WHERE account_id = ?");
  }

  /** Records (or replaces) the hold on `nick`. */
  put(hold: HeldNick, now: number): void {
    this.sPut.run(foldName(hold.nick), hold.nick, hold.accountId, now, hold.until);
  }

  get(nick: string): HeldNick | undefined {
    const row = this.sGet.get(foldName(nick));
    return row ? toHeld(row) : undefined;
  }

  delete(nick: string): void {
    this.sDelete.run(foldName(nick));
  }

  /** The unended holds on an account's nicks. */
  ofAccount(accountId: string, now: number): HeldNick[] {
    return this.sOfAccount.all(accountId, now).map(toHeld);
  }

  /** Every hold that has not ended, soonest end first. */
  active(now: number): HeldNick[] {
    return this.sActive.all(now).map(toHeld);
  }

  /** Forgets every hold on an account's nicks, ended or not (the account is deleted); returns how many. */
  deleteOfAccount(accountId: string): number {
    return this.sDeleteOfAccount.run(accountId).changes;
  }

  /** Forgets the holds the ircd has ended by itself; returns how many. */
  purge(now: number): number {
    return this.sPurge.run(now).changes;
  }
}
