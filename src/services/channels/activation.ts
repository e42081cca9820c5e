/**
 * Activation: an unverified registration becomes active when its owner proves the mailbox —
 * X2 VERIFY with the mailed code, a login with the mailed password, or verifying the account
 * whose address the registration used.
 */
import { err, ok, type Result } from "../../util/result.js";
import type { Account } from "../accounts/store.js";
import type { ChannelFailure } from "./failures.js";
import { hashCode } from "../accounts/codes.js";
import { sameHash } from "./registration.js";
import type { ChannelRecord } from "./records.js";
import { actorRef, type ChannelActor, type ChannelDeps } from "./types.js";
import type { ChannelVisits } from "./visits.js";

export interface ActivationDeps extends Pick<ChannelDeps, "store" | "accounts" | "audit" | "clock" | "network" | "actions" | "suspensions"> {
  visits: Pick<ChannelVisits, "opPresentOwner" | "onLogin">;
  /** The owner's account name as shown (`?<id>` when the account is gone). */
  ownerName(accountId: string | null): string | null;
}

export class Activation {
  constructor(private readonly deps: ActivationDeps) {}

  /** X2 VERIFY <#channel> <code>. */
  verify(actor: ChannelActor, name: string, code: string): Result<{ channel: string; owner: string | null }, ChannelFailure> {
    const record = this.deps.store.live(name);
    if (!record) return err({ kind: "not-registered", name });
    if (record.state === "active") return err({ kind: "already-verified", channel: record.name });
    if (record.state === "held") return err({ kind: "verify-while-held", channel: record.name });
    if (this.deps.suspensions.isSuspended(record.id)) return err({ kind: "suspended", channel: record.name, owner: this.deps.ownerName(record.ownerId) });
    if (record.verifyVia === "password") {
      return err({ kind: "verify-by-password", channel: record.name, account: this.deps.ownerName(record.ownerId) });
    }
    // As NickServ does: a code pasted with spaces or dashes, or typed in lower case, is the same code.
    if (!record.codeHash || !sameHash(hashCode(code), record.codeHash)) return err({ kind: "wrong-code", channel: record.name });
    this.activate(record, "code", actorRef(actor));
    return ok({ channel: record.name, owner: this.deps.ownerName(record.ownerId) });
  }

  /** A user logged in: channels a mailed password or a verified account activates; then their visits. */
  onLogin(account: Account, uid: string, generatedPassword: boolean, duringBurst: boolean): void {
    const fresh = this.deps.accounts.byId(account.id) ?? account;
    if (generatedPassword || fresh.status === "active") {
      for (const record of this.activateFor(fresh, generatedPassword ? "password" : "account")) {
        this.deps.actions.notify(uid, { kind: "channel-activated", channel: record.name });
      }
    }
    this.deps.visits.onLogin(fresh, uid, duringBurst);
  }

  /**
   * An account was verified: its unverified registrations with the same address become active.
   * The accounts domain announces a verification after the logins it makes, so a login that
   * verified the account has already activated (and announced) what it could: what is left here
   * is told to the account's users online now.
   */
  onVerified(account: Account): void {
    const fresh = this.deps.accounts.byId(account.id) ?? account;
    const names = this.activateFor(fresh, "account").map((r) => r.name);
    if (names.length === 0) return;
    for (const user of this.deps.network.usersOnAccount(fresh.id)) {
      for (const name of names) this.deps.actions.notify(user.uid, { kind: "channel-activated", channel: name });
    }
  }

  /** Makes an unverified registration active (audited with it). False when it was not unverified any more. */
  private activate(record: ChannelRecord, via: "code" | "password" | "account", by: string): boolean {
    const { store, audit } = this.deps;
    const activated = store.transaction(() => {
      if (!store.activate(record.id, this.deps.clock.now())) return false;
      audit.record({ actor: by, action: "channel.activated", target: record.name, details: { id: record.id, via } });
      return true;
    });
    if (!activated) return false;
    if (record.ownerId) this.deps.visits.opPresentOwner(record.name, record.ownerId);
    return true;
  }

  /** The owner proved the channel's mailbox: by a login with the mailed password, or by verifying the account. */
  private activateFor(account: Account, via: "password" | "account"): ChannelRecord[] {
    const activated: ChannelRecord[] = [];
    for (const record of this.deps.store.ownedLive(account.id)) {
      if (record.state !== "unverified" || record.emailCanonical !== account.emailCanonical) continue;
      if (this.activate(record, via, account.id)) activated.push(record);
    }
    return activated;
  }
}
