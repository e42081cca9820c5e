/**
 * UNFREEZE (by an oper, or the maintenance loop when a timed freeze's end has come): restores from
 * the record, in one transaction —
 *   - each access entry put back exactly as it was, where the registration is still live and
 *     nobody gave the account access there again meanwhile (else it is reported, not overwritten);
 *   - the channels it suspended resumed, and channels another freeze suspended that this account
 *     can manage again (owner or coowner access back);
 *   - the freeze lifted (its trigger clears accounts.frozen): logins work again;
 *   - the member mailed (unfrozen, or the timed freeze ended); each step audited.
 * After the commit X2 rejoins the resumed channels with op and sets statuses, and the users who
 * proved to own the account meanwhile are told. Unfreezing an account that is not frozen changes
 * nothing (a second UNFREEZE is refused with the first one's record).
 */
import { err, ok, type Result } from "../../../util/result.js";
import type { AfterCommit } from "../../channels/service.js";
import type { ChannelRecord } from "../../channels/records.js";
import { COOWNER } from "../../channels/levels.js";
import type { FreezeDeps } from "./context.js";
import { undeliverableDetails } from "../../mail/outbox.js";
import type { FreezeActor, FreezeFailure, FreezeRecord, UnfreezeOutcome, UnfreezeReport } from "./types.js";

export interface UnfreezeRequest {
  /** The account as named: name, nick, entity ID or ?entity ID. */
  reference: string;
  by: FreezeActor;
  /** The loop lifts a timed freeze whose end has come. */
  expired?: boolean;
}

export function unfreezeAccount(deps: FreezeDeps, request: UnfreezeRequest): Result<UnfreezeOutcome, FreezeFailure> {
  const { store, accounts, audit, clock, network, actions, log } = deps;
  const account = accounts.resolve(request.reference);
  if (!account) return err({ kind: "unknown-account", reference: request.reference });
  const frozen = store.activeFor(account.id);
  if (!frozen) return err({ kind: "not-frozen", account: account.name, last: store.latestFor(account.id) ?? null });

  const now = clock.now();
  const by = request.by;
  const effects = store.db.transaction(() => {
    const report: UnfreezeReport = { restored: [], skipped: [], resumed: [], ended: [], expired: request.expired === true };
    const toResume = new Map<number, ChannelRecord>();
    for (const saved of frozen.access) {
      const outcome = deps.channels.restoreAccess(account.id, saved, by.id, frozen.id);
      store.setAccessOutcome(frozen.id, saved.channelId, outcome.kind);
      if (outcome.kind === "restored") {
        report.restored.push({ channel: saved.channelName, level: saved.level });
        // Owner or coowner again: a channel another freeze suspended is manageable again.
        const record = deps.channels.byId(saved.channelId);
        if (record && saved.level >= COOWNER && deps.store.isSuspended(record.id)) toResume.set(record.id, record);
      } else {
        report.skipped.push({ channel: saved.channelName, level: saved.level, why: outcome });
      }
    }
    for (const suspended of frozen.channels) {
      if (suspended.resumedAt !== null) continue;
      const record = deps.channels.byId(suspended.channelId);
      if (record && (record.state === "active" || record.state === "unverified")) toResume.set(record.id, record);
      else {
        store.suspensionEnded(frozen.id, suspended.channelId, now);
        report.ended.push(suspended.channelName);
      }
    }
    const after: AfterCommit[] = [];
    for (const record of toResume.values()) {
      store.resumeChannel(record.id, frozen.id, now);
      after.push(deps.channels.resume(record, by.id, frozen.id));
      report.resumed.push(record.name);
    }
    store.lift(frozen.id, now, by, report);
    const mailed = deps.mail.queue(
      request.expired ? "account_freeze_ended" : "account_unfrozen",
      account.email,
      { account: account.name, serviceNick: deps.config.pseudoclients.nickserv.nick },
      { ref: `freeze:${account.id}` },
    );
    audit.record({
      actor: by.id,
      action: request.expired ? "account.freeze.expired" : "account.unfreeze",
      target: account.id,
      details: { freeze: frozen.id, restored: report.restored.length, skipped: report.skipped.length, resumed: report.resumed, ended: report.ended, ...undeliverableDetails(mailed) },
    });
    return { after, report, unmailable: mailed.undeliverable };
  })();

  for (const effect of effects.after) effect();
  for (const uid of accounts.releaseFrozenOwners(account.id)) {
    if (network.user(uid)) actions.notify(uid, { kind: "account-unfrozen", account: account.name });
  }
  log.info(
    { account: account.id, freeze: frozen.id, by: by.id, expired: request.expired === true, restored: effects.report.restored.length, skipped: effects.report.skipped.length, resumed: effects.report.resumed.length },
    "account unfrozen",
  );
  return ok({ record: store.byId(frozen.id) as FreezeRecord, report: effects.report, unmailable: effects.unmailable });
}

