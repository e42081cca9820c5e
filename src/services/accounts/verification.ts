/**
 * Codes and verification: VERIFY REGISTER (the mailed code verifies the account), VERIFY EMAIL
 * (the code mailed to a new address makes it the account's), RESEND, and RESETPASS (a mailed
 * code sets a new password; it proves the mailbox, so it verifies too).
 */
import { formatDuration } from "../../util/duration.js";
import { err, ok, type Result } from "../../util/result.js";
import { emailDomain } from "../mail/address.js";
import { unmailable, type CodeMail } from "./code-mail.js";
import { codeMailRef, frozenFailure, scryptOf, type AccountContext } from "./context.js";
import type { AccountFailure } from "./failures.js";
import { hashPassword } from "./password.js";
import type { AccountRules } from "./rules.js";
import type { LoginVia } from "./sessions.js";
import type { Account } from "./store.js";
import { auditActor, type Actor, type Requesting } from "./types.js";

export interface VerificationDeps extends Pick<AccountContext, "store" | "codes" | "throttle" | "mail" | "audit" | "clock" | "config" | "log" | "network" | "events" | "freezes"> {
  codeMail: CodeMail;
  rules: Pick<AccountRules, "emailProblem" | "passwordProblem">;
  login(uid: string, account: Account, via: LoginVia, generatedPassword: boolean): void;
  accountOf(uid: string): Account | null;
  pendingAccountOf(uid: string): Account | null;
  pendingUidsOf(accountId: string): string[];
  forgetPending(uid: string): void;
}

export class Verification {
  constructor(private readonly deps: VerificationDeps) {}

  /**
   * Marks an account verified (audited). Does not announce it: the caller emits `verified` once
   * the whole operation is done (the users it logs in are logged in), so that listeners such as
   * nick protection see the finished state, never a verified account whose owner is not logged in
   * yet.
   */
  markVerified(account: Account, actor: string, how: string): Account {
    const { store, audit, mail, log } = this.deps;
    const now = this.deps.clock.now();
    store.db.transaction(() => {
      store.setStatus(account.id, "active", now);
      audit.record({ actor, action: "account.verify", target: account.id, details: { how } });
    })();
    const fresh = store.byId(account.id) ?? account;
    mail.cancel(codeMailRef(account.id, "register"));
    log.info({ account: account.id, how }, "account verified");
    return fresh;
  }

  /**
   * VERIFY REGISTER: the mailed code verifies the account (single use, unexpired). The caller is
   * logged in when they registered it, proved its password, or use one of its nicks; so are other
   * users waiting on it.
   */
  verifyRegistration(reference: string, code: string, actor: Actor): Result<{ account: Account; loggedIn: boolean }, AccountFailure> {
    const { store, codes, network } = this.deps;
    const now = this.deps.clock.now();
    const account = store.resolve(reference);
    if (!account) return err({ kind: "unknown-reference", reference });
    if (account.status !== "unverified") return err({ kind: "already-verified", account: account.name });
    if (account.origin === "x2" && account.passwordGenerated && !codes.active(account.id, "register", now)) {
      return err({ kind: "verify-by-password", account: account.name });
    }
    const used = codes.consume(account.id, "register", code, now);
    if (!used.ok) return err({ kind: "code", failure: used.error, purpose: "register", account: account.name });
    const verified = this.markVerified(account, `${actor.uid}:${actor.nick}`, "code");
    const uids = new Set(this.deps.pendingUidsOf(account.id));
    if (store.nickOwner(actor.nick)?.accountId === account.id) uids.add(actor.uid);
    let loggedIn = false;
    for (const uid of uids) {
      if (!network.user(uid)) {
        this.deps.forgetPending(uid);
        continue;
      }
      this.deps.login(uid, verified, "verify", false);
      if (uid === actor.uid) loggedIn = true;
    }
    const fresh = store.byId(account.id) ?? verified;
    this.deps.events.emit("verified", fresh);
    return ok({ account: fresh, loggedIn });
  }

  /** VERIFY EMAIL: the code mailed to a new address makes it the account's address. */
  verifyEmail(reference: string, code: string, actor: Requesting): Result<{ account: Account; email: string }, AccountFailure> {
    const { store, codes, audit } = this.deps;
    const account = store.resolve(reference);
    if (!account) return err({ kind: "unknown-reference", reference });
    if (account.frozen) return err(frozenFailure(this.deps.freezes, account, false));
    const used = codes.consume(account.id, "email", code, this.deps.clock.now());
    if (!used.ok) return err({ kind: "code", failure: used.error, purpose: "email", account: account.name });
    const address = this.deps.rules.emailProblem(used.value.data ?? "", account.id);
    if (!address.ok) return err({ kind: "new-email-unusable", problem: address.error });
    store.db.transaction(() => {
      store.setEmail(account.id, address.value.email, address.value.canonical);
      audit.record({
        actor: auditActor(actor),
        action: "account.email",
        target: account.id,
        details: { from: emailDomain(account.email), to: emailDomain(address.value.email) },
      });
    })();
    return ok({ account: store.byId(account.id) ?? account, email: address.value.email });
  }

  /**
   * RESEND: a fresh verification code for the caller's unverified account. Refused, with nothing
   * written, when its address cannot receive mail.
   */
  resend(uid: string, nick: string): Result<{ account: Account; expiresAt: number }, AccountFailure> {
    const pending = this.deps.pendingAccountOf(uid);
    if (!pending) return err({ kind: this.deps.accountOf(uid) ? "own-account-verified" : "nothing-to-resend" });
    const unusable = unmailable(pending, "register", true);
    if (unusable) return err(unusable);
    const limited = this.deps.codeMail.limit(pending.id, "register");
    if (limited) return err(limited);
    const sent = this.deps.codeMail.mailRegisterCode(pending, { actor: `${uid}:${nick}`, action: "account.verify.resend", target: pending.id });
    if (!sent.ok) return sent;
    return ok({ account: pending, expiresAt: sent.value.expiresAt });
  }

  /**
   * RESETPASS <account>: mails a reset code to the account's address. Anyone may ask, so when the
   * address cannot receive mail the refusal does not say why (nothing is written).
   */
  requestPasswordReset(reference: string, actor: Requesting): Result<{ account: Account; lifetimeMs: number }, AccountFailure> {
    const { store, config, mail, codeMail } = this.deps;
    const account = store.resolve(reference);
    if (!account) return err({ kind: "unknown-reference", reference });
    if (account.frozen) return err(frozenFailure(this.deps.freezes, account, false));
    const unusable = unmailable(account, "resetpass", false);
    if (unusable) return err(unusable);
    const limited = codeMail.limit(account.id, "resetpass");
    if (limited) return err(limited);
    const lifetime = config.nickserv.code_lifetime;
    const issued = codeMail.issue(account.id, "resetpass", lifetime, null, {
      actor: auditActor(actor),
      action: "account.resetpass.request",
      target: account.id,
    });
    mail.queue(
      "password_reset",
      account.email,
      { account: account.name, code: issued.code, lifetime: formatDuration(lifetime), serviceNick: config.pseudoclients.nickserv.nick },
      { ref: codeMailRef(account.id, "resetpass") },
    );
    return ok({ account, lifetimeMs: lifetime });
  }

  /** RESETPASS <account> <code> <newpassword>. The code proves the mailbox, so it also verifies. */
  async completePasswordReset(
    reference: string,
    code: string,
    password: string,
    actor: Requesting,
  ): Promise<Result<{ account: Account; verifiedNow: boolean }, AccountFailure>> {
    const { store, codes, audit, throttle } = this.deps;
    const account = store.resolve(reference);
    if (!account) return err({ kind: "unknown-reference", reference });
    if (account.frozen) return err(frozenFailure(this.deps.freezes, account, false));
    const names = [account.name, ...store.nicksOf(account.id).map((n) => n.nick)];
    const problem = this.deps.rules.passwordProblem(password, names, account.email);
    if (problem) return err(problem);
    // Hash first (it waits, and may be refused when the hashing queue is full), then use the code
    // and set the password in one transaction: a code is never spent on a password not set.
    const hash = await hashPassword(password, scryptOf(this.deps.config));
    const actorRef = auditActor(actor);
    const used = store.db.transaction(() => {
      const consumed = codes.consume(account.id, "resetpass", code, this.deps.clock.now());
      if (!consumed.ok) return consumed;
      store.setPassword(account.id, hash, false);
      audit.record({ actor: actorRef, action: "account.resetpass", target: account.id });
      return consumed;
    })();
    if (!used.ok) return err({ kind: "code", failure: used.error, purpose: "resetpass", account: account.name });
    throttle.recordSuccess(account.id);
    const fresh = store.byId(account.id) ?? account;
    const verifiedNow = fresh.status === "unverified";
    const result = verifiedNow ? this.markVerified(fresh, actorRef, "password-reset-code") : fresh;
    if (verifiedNow) this.deps.events.emit("verified", result);
    return ok({ account: result, verifiedNow });
  }
}
