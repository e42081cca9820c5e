/**
 * NickServ RECLAIM (issue 5): takes back a degraded account in one step — authenticate, rename
 * the account to a nick again (grouping that nick), clear the degradation, log in.
 *
 * Every check comes before any change; the rename and the nick grouping are one transaction that
 * checks again (the password check is asynchronous, someone may have registered the name
 * meanwhile). A refusal changes nothing and does not log in.
 */
import { err, ok, type Result } from "../../util/result.js";
import { shown } from "../../util/text.js";
import type { AccountService, AuthFailure } from "./service.js";
import type { Account } from "./store.js";
import { nickProblem } from "./names.js";

export interface ReclaimRequest {
  uid: string;
  /** The caller's current nick: the default new name. */
  nick: string;
  ip: string;
  /** Degraded name, entity ID or ?entity ID. */
  reference: string;
  password: string;
  /** The name to take; default the caller's nick. */
  newName?: string;
}

export interface Reclaimed {
  account: Account;
  oldName: string;
}

/** Why a RECLAIM was refused, as a reply line for the user. */
export type ReclaimRefusal =
  | { kind: "no-such-account"; message: string }
  | { kind: "not-degraded"; message: string }
  | { kind: "invalid-name"; message: string }
  | { kind: "name-taken"; message: string }
  | { kind: "auth"; failure: AuthFailure; message: string };

/** Who else, if anyone, holds `name` as an account name or a nick. */
function nameHolder(accounts: AccountService, name: string, selfId: string): string | null {
  const { store } = accounts.deps;
  const byName = store.byName(name);
  if (byName && byName.id !== selfId) return byName.id;
  const owner = store.nickOwner(name);
  if (owner && owner.accountId !== selfId) return owner.accountId;
  return null;
}

export async function reclaimAccount(accounts: AccountService, request: ReclaimRequest): Promise<Result<Reclaimed, ReclaimRefusal>> {
  const { store, audit, clock, config, log } = accounts.deps;
  const typed = shown(request.reference, 64);
  const target = accounts.resolve(request.reference);
  if (!target) return err({ kind: "no-such-account", message: `There is no account ${typed}.` });
  if (target.degradedAt === null) {
    return err({
      kind: "not-degraded",
      message: `${target.name} is not degraded; use /msg ${config.pseudoclients.nickserv.nick} IDENTIFY ${target.name} <password>.`,
    });
  }
  const newName = request.newName ?? request.nick;
  const problem = nickProblem(newName);
  if (problem) return err({ kind: "invalid-name", message: `${problem} The new account name must be a valid nickname.` });
  const taken = (): ReclaimRefusal => ({
    kind: "name-taken",
    message: `${newName} is registered to another account; choose another name: RECLAIM ${typed} <password> <new name>`,
  });
  if (nameHolder(accounts, newName, target.id)) return err(taken());

  const auth = await accounts.authenticate(request.reference, request.password, request.ip);
  if (!auth.ok) return err({ kind: "auth", failure: auth.error, message: accounts.describeAuthFailure(auth.error, request.reference) });
  const account = auth.value.account;
  if (account.id !== target.id) return err({ kind: "no-such-account", message: `There is no account ${typed}.` });

  // Again, in the transaction: the password check above gave others time.
  const now = clock.now();
  const renamed = store.db.transaction((): Result<Account, ReclaimRefusal> => {
    const fresh = store.byId(account.id);
    if (!fresh) return err({ kind: "no-such-account", message: `There is no account ${typed}.` });
    if (fresh.degradedAt === null) return err({ kind: "not-degraded", message: `${fresh.name} is not degraded; use IDENTIFY.` });
    if (nameHolder(accounts, newName, fresh.id)) return err(taken());
    store.rename(fresh.id, newName);
    if (!store.nickOwner(newName)) store.addNick(fresh.id, newName, now);
    store.clearDegradation(fresh.id);
    audit.record({
      actor: fresh.id,
      action: "account.reclaimed",
      target: fresh.id,
      details: { from: fresh.name, to: newName, originalName: fresh.originalName, degradedAt: fresh.degradedAt },
    });
    return ok(store.byId(fresh.id) as Account);
  })();
  if (!renamed.ok) return renamed;

  const oldName = account.name;
  log.info({ account: account.id, from: oldName, to: newName, uid: request.uid }, "account reclaimed");
  accounts.emit("renamed", renamed.value, oldName);
  accounts.login(request.uid, renamed.value, "reclaim", auth.value.generatedPassword);
  return ok({ account: store.byId(account.id) ?? renamed.value, oldName });
}
