/**
 * What a member asks for themselves: NickServ DROP <account> <password> (a confirmation code is
 * mailed), DROP <account> <password> <code> (the case opens), DROP CANCEL <code> (the code from
 * the case mail), and NickServ EXPORT (their data, mailed to them).
 */
import { formatDuration } from "../../../util/duration.js";
import { err, ok, type Result } from "../../../util/result.js";
import { hashCode, normaliseCode } from "../../accounts/codes.js";
import { unmailable } from "../../accounts/code-mail.js";
import type { Account } from "../../accounts/store.js";
import type { Cases, Opened } from "./cases.js";
import { buildExport } from "./export.js";
import type { DeletionFailure } from "./failures.js";
import type { CaseStore } from "./store.js";
import type { DeletionDeps } from "./types.js";

export interface MemberDeps extends Pick<DeletionDeps, "db" | "accounts" | "mail" | "audit" | "clock" | "config"> {
  store: CaseStore;
  cases: Cases;
}

/** Who asks: the user's address counts for the login throttle. */
export interface MemberActor {
  ip: string;
}

/** A cancel code as mailed: 20 of A-Z and 2-9 (spaces and dashes ignored). */
export const CANCEL_CODE = /^[A-Z2-9]{20}$/;

export class MemberRequests {
  constructor(private readonly deps: MemberDeps) {}

  /** DROP <account> <password>: mails the confirmation code (refused, nothing written, when the address cannot receive mail). */
  async request(actor: MemberActor, reference: string, password: string): Promise<Result<{ account: string; lifetimeMs: number }, DeletionFailure>> {
    const checked = await this.check(actor, reference, password);
    if (!checked.ok) return checked;
    const account = checked.value;
    const unusable = unmailable(account, "delete", true);
    if (unusable) return err({ kind: "account", failure: unusable });
    const issued = this.deps.accounts.issueDeletionCode(account.id, account.id);
    if (!issued.ok) return err({ kind: "account", failure: issued.error });
    const { code, lifetimeMs, mailRef } = issued.value;
    this.deps.mail.queue(
      "account_deletion_confirm",
      account.email,
      { account: account.name, code, lifetime: formatDuration(lifetimeMs), serviceNick: this.deps.config.pseudoclients.nickserv.nick },
      { ref: mailRef },
    );
    return ok({ account: account.name, lifetimeMs });
  }

  /** DROP <account> <password> <code>: the code checks out, the case opens (and a trivial account goes at once). */
  async confirm(actor: MemberActor, reference: string, password: string, code: string): Promise<Result<Opened & { account: string }, DeletionFailure>> {
    const checked = await this.check(actor, reference, password);
    if (!checked.ok) return checked;
    const account = checked.value;
    const used = this.deps.accounts.consumeDeletionCode(account.id, code);
    if (!used.ok) return err({ kind: "account", failure: used.error });
    const again = this.openCase(account);
    if (again) return err(again);
    return ok({ account: account.name, ...this.deps.cases.open("member", account.id, [account], null) });
  }

  /** DROP CANCEL <code>: the member's open case ends. */
  cancelByCode(code: string): Result<{ caseNumber: string }, DeletionFailure> {
    const normal = normaliseCode(code);
    if (!CANCEL_CODE.test(normal)) return err({ kind: "bad-cancel-code" });
    const found = this.deps.store.byCancelHash(hashCode(normal));
    if (!found) return err({ kind: "bad-cancel-code" });
    const c = this.deps.store.get(found.number);
    const entityId = c?.accounts.find((a) => a.k === found.k)?.entityId ?? "system";
    const cancelled = this.deps.cases.cancel(found.number, { id: entityId, as: "member" });
    return cancelled.ok ? ok({ caseNumber: found.number }) : cancelled;
  }

  /**
   * NickServ EXPORT: the member's own export, mailed to the account's address, once per [deletion]
   * export_interval. Refused, nothing written, when the address cannot receive mail.
   */
  exportOwn(accountId: string): Result<{ bytes: number; email: string }, DeletionFailure> {
    const { accounts, audit, clock, config, mail } = this.deps;
    const account = accounts.byId(accountId);
    if (!account) return err({ kind: "no-such-account", reference: accountId });
    const unusable = unmailable(account, "export", true);
    if (unusable) return err({ kind: "account", failure: unusable });
    const now = clock.now();
    const interval = config.deletion.export_interval;
    const last = audit.lastActionBy(account.id, ["account.export"]);
    if (last !== null && interval > 0 && now - last < interval) return err({ kind: "export-too-soon", retryAfterMs: last + interval - now, intervalMs: interval });
    const exported = buildExport({ db: this.deps.db, audit, mail, config, now }, account.id, "member");
    if (!exported) return err({ kind: "no-such-account", reference: accountId });
    mail.queue("account_export", account.email, { account: account.name, entityId: account.id, json: exported.json }, { ref: `export:${account.id}` });
    audit.record({ actor: account.id, action: "account.export", target: account.id, details: { bytes: exported.bytes } });
    return ok({ bytes: exported.bytes, email: account.email });
  }

  /** The password proves the account; a member opens one case at a time. */
  private async check(actor: MemberActor, reference: string, password: string): Promise<Result<Account, DeletionFailure>> {
    const auth = await this.deps.accounts.authenticate(reference, password, actor.ip);
    if (!auth.ok) return err({ kind: "account", failure: { kind: "auth", failure: auth.error, reference } });
    const open = this.openCase(auth.value.account);
    return open ? err(open) : ok(auth.value.account);
  }

  private openCase(account: Account): DeletionFailure | null {
    const open = this.deps.cases.openCasesOf(account.id)[0];
    return open ? { kind: "case-open", account: account.name, caseNumber: open.number } : null;
  }
}
