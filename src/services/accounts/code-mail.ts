/**
 * Mailed codes: the limits on asking for them (one per resend_interval, CODES_PER_DAY a day),
 * issuing a fresh one (the live one is voided and its queued mail taken back) with its audit
 * row, and the registration code's mail.
 */
import type { AuditRecord } from "../audit.js";
import { formatDuration } from "../../util/duration.js";
import { err, ok, type Result } from "../../util/result.js";
import { undeliverableTo } from "../mail/outbox.js";
import { codeMailRef, type AccountContext } from "./context.js";
import type { IssuedCode } from "./codes.js";
import type { AccountFailure, CodeLimitFailure, CodeLimitPurpose, MailedRequest, UnmailableFailure } from "./failures.js";
import type { Account } from "./store.js";
import { CODES_PER_DAY } from "./types.js";

const DAY = 86_400_000;

/**
 * The refusal when `what` cannot be mailed because the account's stored address does not pass
 * the address rules (see undeliverableTo), or null. `owner`: the asker proved to own the account,
 * so may be told why.
 */
export function unmailable(account: Pick<Account, "name" | "email">, what: MailedRequest, owner: boolean): UnmailableFailure | null {
  const problem = undeliverableTo(account.email);
  return problem === null ? null : { kind: "email-unmailable", account: account.name, what, problem: owner ? problem : null };
}

export type CodeMailDeps = Pick<AccountContext, "store" | "codes" | "mail" | "audit" | "clock" | "config">;

export class CodeMail {
  constructor(private readonly deps: CodeMailDeps) {}

  /**
   * Checks the mail limits of a code purpose: one per resend_interval, and CODES_PER_DAY a day
   * (for 'register', counting resends only: the first mail is free). Returns a refusal or null.
   */
  limit(accountId: string, purpose: CodeLimitPurpose): CodeLimitFailure | null {
    const now = this.deps.clock.now();
    const interval = this.deps.config.nickserv.resend_interval;
    const issued = this.deps.codes.issuedSince(accountId, purpose, now - DAY);
    const last = issued[issued.length - 1];
    if (last && now - last.createdAt < interval) {
      return { kind: "code-interval", purpose, intervalMs: interval, retryAfterMs: last.createdAt + interval - now };
    }
    const counted = purpose === "register" ? issued.filter((c) => c.data === "resend") : issued;
    const first = counted[0];
    if (counted.length >= CODES_PER_DAY && first) {
      return { kind: "code-daily", purpose, count: counted.length, limit: CODES_PER_DAY, retryAfterMs: first.createdAt + DAY - now };
    }
    return null;
  }

  /**
   * Issues a fresh code of `purpose` (voiding the live one and taking back its queued mail) and
   * audits the request, in one transaction. The caller mails the code.
   */
  issue(accountId: string, purpose: CodeLimitPurpose, lifetimeMs: number, data: string | null, audit: AuditRecord): IssuedCode {
    this.deps.mail.cancel(codeMailRef(accountId, purpose));
    const now = this.deps.clock.now();
    return this.deps.store.db.transaction(() => {
      const issued = this.deps.codes.issue(accountId, purpose, now, lifetimeMs, data);
      this.deps.audit.record(audit);
      return issued;
    })();
  }

  /**
   * Mails a fresh registration code (the old one is voided) to the account's address; `audit`,
   * when given, is recorded with the new code in one transaction.
   */
  mailRegisterCode(account: Account, audit?: AuditRecord): Result<{ expiresAt: number }, AccountFailure> {
    const { config, codes, mail, clock } = this.deps;
    const now = clock.now();
    const deadline = account.createdAt + config.nickserv.verify_window;
    const lifetime = account.origin === "nickserv" ? deadline - now : config.nickserv.code_lifetime;
    if (lifetime <= 0) return err({ kind: "registration-expired", account: account.name });
    const ref = codeMailRef(account.id, "register");
    mail.cancel(ref);
    const issued = this.deps.store.db.transaction(() => {
      const code = codes.issue(account.id, "register", now, lifetime, "resend");
      if (audit) this.deps.audit.record(audit);
      return code;
    })();
    mail.queue(
      "account_verify",
      account.email,
      { account: account.name, code: issued.code, verifyWindow: formatDuration(lifetime), serviceNick: config.pseudoclients.nickserv.nick },
      { ref },
    );
    return ok({ expiresAt: issued.expiresAt });
  }

  /** Takes back every code mail still queued for the account (it is gone). */
  cancelAll(accountId: string): void {
    for (const purpose of ["register", "email", "resetpass", "delete"] as const) this.deps.mail.cancel(codeMailRef(accountId, purpose));
  }
}
