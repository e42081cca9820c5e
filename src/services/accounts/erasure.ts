/**
 * The accounts domain's part of a deletion case (issue 18; src/services/lifecycle/deletion):
 * what of an account is personal (its names and addresses, for the scrub), its deletion code,
 * and erasing it bottom-up inside the caller's transaction: its nicks first (registered, expired
 * and held), then its own rows (codes, marks, certificate fingerprints), then the account row
 * (whose entity ID the store retires).
 * The effects outside the database (sessions, events) run after the caller's commit.
 */
import { err, ok, type Result } from "../../util/result.js";
import type { CodeMail } from "./code-mail.js";
import { codeMailRef, frozenFailure, type AccountContext } from "./context.js";
import type { AccountFailure } from "./failures.js";
import { degradedName } from "./names.js";
import type { NickHolds } from "./nick-holds.js";

export interface ErasureDeps extends Pick<AccountContext, "store" | "codes" | "audit" | "clock" | "config" | "log" | "network" | "actions" | "events" | "freezes"> {
  codeMail: Pick<CodeMail, "limit" | "issue" | "cancelAll">;
  /** Ends the account's sessions and pending logins; returns the uids that were logged in. */
  endLogins(accountId: string): string[];
  /** The nicks services asked the ircd to hold (a guest rename). */
  holds: Pick<NickHolds, "ofAccount" | "deleteOfAccount">;
}

/** The values that name an account or reach its owner: every one is scrubbed wherever it is stored. */
export interface PersonalValues {
  /** Its name, original and degraded names, grouped nicks and expired nicks. */
  names: string[];
  /** Its address (as given and canonical) and any address it asked to change to. */
  emails: string[];
}

/** What erasing removed, for the caller's audit record (counts and entity IDs only). */
export interface Erased {
  nicks: number;
  expiredNicks: number;
  codes: number;
  marks: number;
  certfps: number;
}

export class Erasure {
  private readonly q;

  constructor(private readonly deps: ErasureDeps) {
    const db = deps.store.db;
    this.q = {
      nicks: db.prepare<[string], { nick: string }>("SELECT nick FROM account_nicks WHERE account_id = ?"),
      expiredNicks: db.prepare<[string], { nick: string }>("SELECT nick FROM expired_nicks WHERE account_id = ?"),
      pendingEmails: db.prepare<[string], { data: string }>(
        "SELECT data FROM account_codes WHERE account_id = ? AND purpose = 'email' AND data IS NOT NULL",
      ),
      deleteNicks: db.prepare<[string]>("DELETE FROM account_nicks WHERE account_id = ?"),
      deleteExpiredNicks: db.prepare<[string]>("DELETE FROM expired_nicks WHERE account_id = ?"),
      deleteCodes: db.prepare<[string]>("DELETE FROM account_codes WHERE account_id = ?"),
      deleteMarks: db.prepare<[string]>("DELETE FROM account_marks WHERE account_id = ?"),
      deleteCertfps: db.prepare<[string]>("DELETE FROM account_certfps WHERE account_id = ?"),
    };
  }

  personalValues(accountId: string): PersonalValues | undefined {
    const account = this.deps.store.byId(accountId);
    if (!account) return undefined;
    const names = new Set<string>([account.name]);
    if (account.originalName) {
      names.add(account.originalName);
      names.add(degradedName(account.id, account.originalName));
    }
    for (const row of this.q.nicks.all(accountId)) names.add(row.nick);
    for (const row of this.q.expiredNicks.all(accountId)) names.add(row.nick);
    const emails = new Set<string>([account.email, account.emailCanonical]);
    for (const row of this.q.pendingEmails.all(accountId)) emails.add(row.data);
    return { names: [...names], emails: [...emails] };
  }

  /** A deletion confirmation code, within the same limits as the other mailed codes. The caller mails it with `mailRef`. */
  issueDeletionCode(accountId: string, actor: string): Result<{ code: string; expiresAt: number; lifetimeMs: number; mailRef: string }, AccountFailure> {
    const account = this.deps.store.byId(accountId);
    if (!account) return err({ kind: "account-gone" });
    if (account.frozen) return err(frozenFailure(this.deps.freezes, account, true));
    const limited = this.deps.codeMail.limit(accountId, "delete");
    if (limited) return err(limited);
    const lifetimeMs = this.deps.config.nickserv.code_lifetime;
    const issued = this.deps.codeMail.issue(accountId, "delete", lifetimeMs, null, { actor, action: "account.delete.request", target: accountId });
    return ok({ code: issued.code, expiresAt: issued.expiresAt, lifetimeMs, mailRef: codeMailRef(accountId, "delete") });
  }

  /** Checks a deletion code and uses it up (single use). */
  consumeDeletionCode(accountId: string, code: string): Result<void, AccountFailure> {
    const account = this.deps.store.byId(accountId);
    if (!account) return err({ kind: "account-gone" });
    const used = this.deps.codes.consume(accountId, "delete", code, this.deps.clock.now());
    if (!used.ok) return err({ kind: "code", failure: used.error, purpose: "delete", account: account.name });
    return ok(undefined);
  }

  /**
   * Erases the account inside the caller's transaction: nicks, expired nicks, then codes, marks
   * and fingerprints, then the account row (a reference that does not cascade makes this throw,
   * and the caller's transaction rolls back). Returns the counts and what to do after the commit:
   * end its sessions, tell the ircd and its users, announce `dropped` with `reason`.
   */
  eraseInTransaction(accountId: string, reason: string): { erased: Erased; afterCommit: () => void } {
    const { store, log } = this.deps;
    if (!store.byId(accountId)) throw new Error(`erase: no account ${accountId}`);
    // Holds on its nicks still running at the ircd are lifted after the commit; every row goes now.
    const held = this.deps.holds.ofAccount(accountId, this.deps.clock.now()).map((h) => h.nick);
    this.deps.holds.deleteOfAccount(accountId);
    const erased: Erased = {
      nicks: this.q.deleteNicks.run(accountId).changes,
      expiredNicks: this.q.deleteExpiredNicks.run(accountId).changes,
      codes: this.q.deleteCodes.run(accountId).changes,
      marks: this.q.deleteMarks.run(accountId).changes,
      certfps: this.q.deleteCertfps.run(accountId).changes,
    };
    store.delete(accountId, this.deps.clock.now());
    return {
      erased,
      afterCommit: () => {
        const { network, actions, events } = this.deps;
        this.deps.codeMail.cancelAll(accountId);
        for (const nick of held) actions.releaseNick(nick);
        for (const uid of this.deps.endLogins(accountId)) {
          if (network.user(uid)) {
            actions.setLogin(uid, null);
            actions.notify(uid, { kind: "account-dropped", reason });
          }
          events.emit("loggedOut", accountId, uid);
        }
        log.info({ account: accountId, reason }, "account erased");
        events.emit("dropped", accountId, reason);
      },
    };
  }
}
