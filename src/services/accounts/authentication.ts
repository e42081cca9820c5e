/**
 * Authentication: the password check with its login throttles (per account and per address),
 * the oper alerts of repeated failures, and NickServ IDENTIFY. Passwords never reach a log.
 */
import { errorMessage } from "../../util/logger.js";
import { redactWords } from "../../util/redact.js";
import { err, ok, type Result } from "../../util/result.js";
import { frozenFailure, scryptOf, type AccountContext } from "./context.js";
import type { AccountFailure, AuthFailure } from "./failures.js";
import { matchFormerName } from "./former-names.js";
import type { LoginAlert } from "./login-throttle.js";
import { entityIdReference, nickProblem } from "./names.js";
import { hashPassword } from "./password.js";
import { verifyStoredPassword, type StoredVerifyResult } from "./stored-password.js";
import type { LoginVia } from "./sessions.js";
import type { Account } from "./store.js";
import type { Actor, IdentifyOutcome } from "./types.js";

export interface AuthenticationDeps extends Pick<AccountContext, "store" | "throttle" | "config" | "log" | "actions" | "audit" | "freezes"> {
  accountOf(uid: string): Account | null;
  login(uid: string, account: Account, via: LoginVia, generatedPassword: boolean): void;
  setPending(uid: string, accountId: string): void;
  /** The user proved to own a frozen account (see logins.ts). */
  rememberFrozenOwner(uid: string, accountId: string): void;
}

export class Authentication {
  constructor(private readonly deps: AuthenticationDeps) {}

  /**
   * Checks a password for an account named by name, nick, entity ID or ?entity ID, with the login
   * throttles (per account and per IP). Does not log in. Unverified accounts pass only with a
   * generated password (the caller then logs in, which verifies). A frozen account is refused
   * only after the password was checked, so the staff's reason goes to its owner alone.
   *
   * The check is reserved on both throttle keys before the hash starts (login-throttle.ts), so
   * that attempts arriving together cannot all be checked: at most login_attempts_per_minute wrong
   * passwords are hashed per account and per address, an attempt past that waits for a check in
   * flight or is refused with the time to wait, and right passwords use no budget.
   *
   * A name that is not registered now may be the former name of degraded accounts: with the
   * password of one of them the answer is `degraded` (where the account is now, so its owner can
   * RECLAIM it); with any other password it is no-such-account, as for a name nobody had.
   */
  async authenticate(reference: string, password: string, ip: string): Promise<Result<{ account: Account; generatedPassword: boolean }, AuthFailure>> {
    const { store, throttle, config, log } = this.deps;
    const scrypt = scryptOf(config);
    const found = store.resolve(reference);
    if (!found && entityIdReference(reference) === null && nickProblem(reference) === null) return this.formerName(reference, password, ip);
    const verdict = await throttle.reserve(found?.id ?? null, ip);
    if (!verdict.ok) {
      return err({ kind: "throttled", retryAfterMs: verdict.retryAfterMs, scope: verdict.scope, limit: config.security.login_attempts_per_minute });
    }
    const { reservation } = verdict;
    if (!found) {
      this.alert(reservation.failed(), null, ip);
      return err({ kind: "no-such-account" });
    }
    // An imported account's hash (Atheme's) is checked as it is, and replaced by scrypt below.
    let checked: StoredVerifyResult;
    try {
      checked = await verifyStoredPassword(password, found.passwordHash, scrypt);
    } catch (error) {
      // No check took place (the hashing queue is full, say): it counts for nothing.
      reservation.cancel();
      throw error;
    }
    if (!checked.valid) {
      this.alert(reservation.failed(), found, ip);
      log.info({ account: found.id, ip }, "failed login");
      return err({ kind: "bad-password" });
    }
    reservation.succeeded();
    if (checked.needsRehash) await this.rehash(found, password, checked.legacy);
    const account = store.byId(found.id);
    if (!account) return err({ kind: "no-such-account" });
    if (account.frozen) return err(frozenFailure(this.deps.freezes, account, true));
    if (account.status === "unverified" && !account.passwordGenerated) return err({ kind: "unverified" });
    return ok({ account, generatedPassword: account.passwordGenerated });
  }

  /**
   * Replaces a right password's hash by scrypt with the current parameters (an imported hash, or
   * older parameters). An improvement, not a condition of the login: when it cannot be done now
   * (the hashing queue is full), the login goes on and the next one tries again.
   */
  private async rehash(found: Account, password: string, legacy: StoredVerifyResult["legacy"]): Promise<void> {
    const { store, config, log, audit } = this.deps;
    let rehashed: string;
    try {
      rehashed = await hashPassword(password, scryptOf(config));
    } catch (error) {
      log.warn({ account: found.id, err: redactWords(errorMessage(error), [password]) }, "password not rehashed this time");
      return;
    }
    const current = store.byId(found.id);
    // Only if the password did not change while we hashed.
    if (!current || current.passwordHash !== found.passwordHash) return;
    if (legacy) {
      store.db.transaction(() => {
        store.setPassword(found.id, rehashed, current.passwordGenerated);
        audit.record({ actor: found.id, action: "account.password.rehash", target: found.id, details: { from: legacy, to: "scrypt" } });
      })();
      log.info({ account: found.id, from: legacy }, "imported password hash replaced by scrypt");
    } else {
      store.setPassword(found.id, rehashed, current.passwordGenerated);
      log.info({ account: found.id }, "password rehashed with the current scrypt parameters");
    }
  }

  /** NickServ IDENTIFY: authenticate and log in (switching from another account if needed). */
  async identify(actor: Actor, reference: string | null, password: string): Promise<Result<IdentifyOutcome, AccountFailure>> {
    const ref = reference ?? actor.nick;
    const current = this.deps.accountOf(actor.uid);
    const named = this.deps.store.resolve(ref);
    if (current && named && named.id === current.id) return err({ kind: "already-identified", account: current.name });
    const auth = await this.authenticate(ref, password, actor.ip);
    if (!auth.ok) {
      if (auth.error.kind === "unverified" && named) this.deps.setPending(actor.uid, named.id);
      if (auth.error.kind === "frozen" && named) this.deps.rememberFrozenOwner(actor.uid, named.id);
      return err({ kind: "auth", failure: auth.error, reference: ref });
    }
    const verifiedNow = auth.value.account.status === "unverified";
    this.deps.login(actor.uid, auth.value.account, "identify", auth.value.generatedPassword);
    const account = this.deps.store.byId(auth.value.account.id) ?? auth.value.account;
    return ok({ account, previous: current && current.id !== account.id ? current.name : null, verifiedNow });
  }

  /** The degraded account once named `name` whose password this is, or null (former-names.ts; throttled and alerted like any login). */
  async matchFormerName(name: string, password: string, ip: string): Promise<Result<Account | null, AuthFailure>> {
    const match = await matchFormerName({ ...this.deps, alert: (alerts, from) => this.alert(alerts, null, from) }, name, password, ip);
    // The password was proved: a frozen account's owner is told why (as any login is).
    if (match.ok && match.value?.frozen) return err(frozenFailure(this.deps.freezes, match.value, true));
    return match;
  }

  /** A login by a name nobody has now: the degraded accounts that once had it. */
  private async formerName(name: string, password: string, ip: string): Promise<Result<{ account: Account; generatedPassword: boolean }, AuthFailure>> {
    const match = await this.matchFormerName(name, password, ip);
    if (!match.ok) return match;
    const account = match.value;
    if (!account) return err({ kind: "no-such-account" });
    this.deps.log.info({ account: account.id, ip }, "login by a degraded account's former name refused with how to reclaim it");
    return err({ kind: "degraded", formerName: name, account: account.name, entityId: account.id });
  }

  private alert(alerts: LoginAlert[], account: Account | null, ip: string): void {
    for (const alert of alerts) {
      const named = alert.scope !== "account" ? null : account && account.id === alert.accountId ? account : alert.accountId ? this.deps.store.byId(alert.accountId) : undefined;
      this.deps.actions.alertOpers({
        kind: "login-failures",
        scope: alert.scope,
        failures: alert.failures,
        windowMs: alert.windowMs,
        ip,
        account: named ? { id: named.id, name: named.name } : null,
      });
      this.deps.log.warn({ scope: alert.scope, account: alert.accountId ?? null, failures: alert.failures, ip }, "login failure alert");
    }
  }
}
