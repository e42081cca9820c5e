/** Staff actions on accounts: marks (NickServ MARK), NOEXPIRE, and dropping an account. */
import { err, ok, type Result } from "../../util/result.js";
import type { CodeMail } from "./code-mail.js";
import type { AccountContext } from "./context.js";
import type { AccountFailure } from "./failures.js";
import { MAX_MARK_LENGTH, type AccountMark, type MarkStore } from "./marks.js";
import type { Account } from "./store.js";

export interface StaffDeps extends Pick<AccountContext, "store" | "audit" | "clock" | "config" | "log" | "network" | "actions" | "events"> {
  marks: MarkStore;
  codeMail: Pick<CodeMail, "cancelAll">;
  /** Ends the account's sessions and pending logins; returns the uids that were logged in. */
  endLogins(accountId: string): string[];
}

export class Staff {
  private readonly unverifiedDueQuery;

  constructor(private readonly deps: StaffDeps) {
    this.unverifiedDueQuery = deps.store.db.prepare<[number], { id: string }>(
      "SELECT id FROM accounts WHERE status = 'unverified' AND origin = 'nickserv' AND created_at <= ? ORDER BY created_at",
    );
  }

  marks(accountId: string): AccountMark[] {
    return this.deps.marks.list(accountId);
  }

  addMark(accountId: string, oper: { id: string; name: string }, text: string): Result<AccountMark, AccountFailure> {
    const clean = text.trim();
    if (clean.length === 0) return err({ kind: "mark-empty" });
    if (clean.length > MAX_MARK_LENGTH) return err({ kind: "mark-too-long", max: MAX_MARK_LENGTH });
    const { store, marks, audit } = this.deps;
    return ok(
      store.db.transaction(() => {
        const mark = marks.add(accountId, oper.name, clean, this.deps.clock.now());
        audit.record({ actor: oper.id, action: "account.mark.add", target: accountId, details: { mark: mark.id, text: clean } });
        return mark;
      })(),
    );
  }

  deleteMark(accountId: string, id: number, oper: { id: string }): Result<AccountMark, AccountFailure> {
    const { store, marks, audit } = this.deps;
    const mark = marks.get(accountId, id);
    if (!mark) return err({ kind: "no-such-mark", id });
    store.db.transaction(() => {
      marks.delete(accountId, id);
      audit.record({ actor: oper.id, action: "account.mark.delete", target: accountId, details: { mark: id, text: mark.text } });
    })();
    return ok(mark);
  }

  /** OperServ NOEXPIRE: the account's nicks and the account itself never expire (ON), or follow the rules again (OFF). */
  setNoexpire(accountId: string, on: boolean, operId: string): Result<Account, AccountFailure> {
    const { store, audit } = this.deps;
    const account = store.byId(accountId);
    if (!account) return err({ kind: "account-gone" });
    if (account.noexpire === on) return err({ kind: "noexpire-unchanged", account: account.name, id: account.id, on });
    store.db.transaction(() => {
      store.setFlag(account.id, "noexpire", on);
      audit.record({ actor: operId, action: "account.noexpire", target: account.id, details: { name: account.name, noexpire: on } });
    })();
    return ok(store.byId(account.id) ?? account);
  }

  /** NickServ-origin unverified accounts older than the verification window. */
  unverifiedDue(): string[] {
    return this.unverifiedDueQuery.all(this.deps.clock.now() - this.deps.config.nickserv.verify_window).map((r) => r.id);
  }

  /**
   * Drops an account (audited, in one transaction): its nicks, codes and marks go with it; its
   * sessions end (an unverified account has none at the ircd, so no logout is sent for it).
   * `reason` is recorded as given (audit, log, the users' notice).
   */
  drop(accountId: string, reason: string, actor: string): boolean {
    const { store, audit, network, actions, log, events } = this.deps;
    const account = store.byId(accountId);
    if (!account) return false;
    const nicks = store.nicksOf(account.id).map((n) => n.nick);
    store.db.transaction(() => {
      store.delete(account.id, this.deps.clock.now());
      audit.record({ actor, action: "account.drop", target: account.id, details: { name: account.name, reason, nicks, status: account.status } });
    })();
    this.deps.codeMail.cancelAll(account.id);
    for (const uid of this.deps.endLogins(account.id)) {
      if (network.user(uid)) actions.setLogin(uid, null);
      events.emit("loggedOut", account.id, uid);
    }
    log.info({ account: account.id, name: account.name, reason }, "account dropped");
    events.emit("dropped", account.id, reason);
    return true;
  }
}
