/**
 * FREEZE (shared/DESIGN.md §3 Freeze): in one transaction, one record that saves everything the
 * freeze takes, and the taking itself —
 *   - the account's access entries in every live channel, removed and saved whole;
 *   - the channels only it can manage (no other owner or coowner that is verified and not
 *     frozen) suspended: X2 leaves them and answers their visitors;
 *   - the account frozen (the record's trigger sets accounts.frozen): logins are refused, and so
 *     is every way around the freeze (see the accounts domain's frozen failures);
 *   - the notice of the freeze mailed to the account's address (mail is never blocked);
 *   - each step audited.
 * After the commit, what the network must see: the account's users logged out but not
 * disconnected (and told why), X2 leaving the suspended channels.
 * The password and the email address are never touched.
 */
import { formatUtcMinute } from "../../../util/duration.js";
import { err, ok, type Result } from "../../../util/result.js";
import type { Account } from "../../accounts/store.js";
import type { AfterCommit, ChannelService } from "../../channels/service.js";
import { undeliverableDetails, type QueuedMail } from "../../mail/outbox.js";
import { resolveUrl, type FreezeDeps } from "./context.js";
import type { FreezeStore } from "./store.js";
import { MAX_FREEZE_REASON, type FreezeActor, type FreezeFailure, type FreezeOutcome, type FreezeRecord } from "./types.js";

export interface FreezeRequest {
  /** The account as the oper named it: name, nick, entity ID or ?entity ID. */
  reference: string;
  reason: string;
  /** How long until the freeze ends by itself; null: until UNFREEZE. */
  durationMs: number | null;
  by: FreezeActor;
}

export function freezeAccount(deps: FreezeDeps, request: FreezeRequest): Result<FreezeOutcome, FreezeFailure> {
  const { store, accounts, channels, audit, clock, network, actions, log } = deps;
  const account = accounts.resolve(request.reference);
  if (!account) return err({ kind: "unknown-account", reference: request.reference });
  const reason = request.reason.trim();
  if (reason.length === 0) return err({ kind: "reason-missing" });
  if (reason.length > MAX_FREEZE_REASON) return err({ kind: "reason-too-long", max: MAX_FREEZE_REASON });
  const current = store.activeFor(account.id);
  if (current) return err({ kind: "already-frozen", record: current });
  if (account.status !== "active") return err({ kind: "unverified", account: account.name });
  if (account.id === request.by.id) return err({ kind: "own-account" });

  const now = clock.now();
  const expiresAt = request.durationMs === null ? null : now + request.durationMs;
  const online = onlineNicks(deps, account.id);
  const by = request.by.id;

  const { record, effects, notice } = store.db.transaction(() => {
    const id = store.insert({
      accountId: account.id,
      accountName: account.name,
      frozenAt: now,
      frozenBy: by,
      frozenByName: request.by.name,
      reason,
      expiresAt,
      sessions: online,
    });
    const notice = queueNotice(deps, account, reason, expiresAt);
    audit.record({ actor: by, action: "account.freeze", target: account.id, details: { freeze: id, name: account.name, reason, expiresAt, ...undeliverableDetails(notice) } });
    const effects = takeForFreeze({ store, channels }, account.id, id, by);
    if (online.length > 0) audit.record({ actor: by, action: "account.freeze.logout", target: account.id, details: { freeze: id, nicks: online } });
    return { record: store.byId(id) as FreezeRecord, effects, notice };
  })();

  const loggedOut = accounts.logoutFrozen(account.id);
  for (const effect of effects) effect();
  const failure = accounts.frozenFailure(account.id, true);
  if (failure) for (const user of loggedOut) if (network.user(user.uid)) actions.notify(user.uid, { kind: "account-frozen", failure });
  log.info(
    { account: account.id, freeze: record.id, by, access: record.access.length, suspended: record.channels.length, loggedOut: loggedOut.length, expiresAt },
    "account frozen",
  );
  return ok({ record, loggedOut: loggedOut.map((u) => u.nick), unmailable: notice.undeliverable });
}

/** The parts that a freeze's taking works with: its records, and the channels domain's freezing operations. */
export interface FreezeTaking {
  store: Pick<FreezeStore, "saveAccess" | "saveSuspension">;
  channels: Pick<ChannelService, "soleManagedBy" | "takeAccess" | "suspend">;
}

/**
 * What a freeze takes, inside the caller's transaction, saved in the freeze record `freezeId`: the
 * account's access entries in every live channel, and the channels only it could manage (counted
 * before its entries go) suspended. Returns what the network must see after the commit (X2
 * leaving those channels). FREEZE uses it, and so does the import of an account Atheme had frozen.
 */
export function takeForFreeze(parts: FreezeTaking, accountId: string, freezeId: number, by: string): AfterCommit[] {
  const { store, channels } = parts;
  const sole = channels.soleManagedBy(accountId);
  for (const taken of channels.takeAccess(accountId, by, freezeId)) store.saveAccess(freezeId, taken);
  return sole.map((channel) => {
    store.saveSuspension(freezeId, channel);
    return channels.suspend(channel, accountId, by, freezeId);
  });
}

/** The nicks of the users logged in to the account now (services' sessions, and what the ircd shows). */
function onlineNicks(deps: FreezeDeps, accountId: string): string[] {
  const nicks = new Map<string, string>();
  for (const uid of deps.accounts.loggedInUids(accountId)) {
    const user = deps.network.user(uid);
    if (user) nicks.set(uid, user.nick);
  }
  for (const user of deps.network.usersOnAccount(accountId)) nicks.set(user.uid, user.nick);
  return [...nicks.values()];
}

/** The freeze notice to the account's address: mail to a frozen member still goes out. */
function queueNotice(deps: FreezeDeps, account: Account, reason: string, expiresAt: number | null): QueuedMail {
  const { config, mail } = deps;
  return mail.queue(
    "account_frozen",
    account.email,
    {
      account: account.name,
      reason,
      until: expiresAt === null ? "" : formatUtcMinute(expiresAt),
      resolveUrl: resolveUrl(config),
      serviceNick: config.pseudoclients.nickserv.nick,
    },
    { ref: `freeze:${account.id}` },
  );
}
