/**
 * The channels domain's facade (X2 channel self-registration, issue 4; docs/architecture.md §3-§5): what
 * commands, loops and the network wiring use. The work is done by one module per seam, each
 * given a narrow context (the stores, the clock, the callbacks it needs), never this facade:
 *   registration.ts  REGISTER with its checks and the abuse policy, acceptance, X2 joining
 *   activation.ts    VERIFY, activation by a login or a verified account
 *   review.ts        REVIEW LIST / SHOW / APPROVE / REJECT / NOTE
 *   lifecycle.ts     ending a registration, the account X2 made for it, telling people
 *   access.ts        INFO, ACCESS, ADDUSER, DELUSER, CLVL, OP/VOICE..., UNREGISTER
 *   visits.ts        visits and automatic status; expiry.ts the time rules
 *   freezing.ts      a freeze's access entries taken and put back, channels suspended and resumed
 *
 * No IRC lines here: the network is reached through NetworkView/NetworkActions only. Refusals
 * are typed (failures.ts); the words are in src/commands/x2/.
 */
import type { Result } from "../../util/result.js";
import type { Account } from "../accounts/store.js";
import { AccessLists } from "./access.js";
import { Activation } from "./activation.js";
import { ChannelExpiry } from "./expiry.js";
import type { ChannelFailure } from "./failures.js";
import { ChannelFreezing, type AccessRestore, type AfterCommit, type TakenAccess } from "./freezing.js";
import { Lifecycle, type Ended } from "./lifecycle.js";
import type { RegisterOutcome } from "./outcome.js";
import { ChannelRegistration } from "./registration.js";
import { Review } from "./review.js";
import { Succession, type OwnedChannelPlan, type Released } from "./succession.js";
import type { AccessEntry, ChannelRecord, EndState } from "./records.js";
import type { ChannelStore } from "./store.js";
import type { AccessListEntry, ChannelActor, ChannelDeps, ChannelInfo, OperRef, RejectResult, ReviewDetails, ReviewFilter, StatusChange, UnregisterResult } from "./types.js";
import { ReviewNotices } from "./review-notices.js";
import { ChannelVisits } from "./visits.js";
import { X2Presence } from "./x2-presence.js";

export { sha256 } from "./registration.js";
export type { OwnedChannelPlan, Released } from "./succession.js";
export * from "./types.js";
export type { ChannelFailure } from "./failures.js";
export type { AccessRestore, AfterCommit, TakenAccess } from "./freezing.js";

export class ChannelService {
  readonly visits: ChannelVisits;
  readonly expiry: ChannelExpiry;
  /** Where X2 sits: rejoining after kicks, staying out after too many (OperServ REJOIN). */
  readonly x2: X2Presence;
  private readonly registration: ChannelRegistration;
  private readonly activation: Activation;
  private readonly review: Review;
  private readonly lifecycle: Lifecycle;
  private readonly access: AccessLists;
  private readonly freezing: ChannelFreezing;
  private readonly succession: Succession;
  private readonly detach: Array<() => void> = [];

  constructor(private readonly deps: ChannelDeps) {
    const ownerName = (id: string | null): string | null => this.ownerName(id);
    const endChannel = (record: ChannelRecord, state: EndState, reason: string, by: string, inTransaction?: () => void): Ended =>
      this.lifecycle.endChannel(record, state, reason, by, inTransaction);
    this.visits = new ChannelVisits(deps);
    this.x2 = new X2Presence({ ...deps, ownerName });
    this.access = new AccessLists({ ...deps, endChannel, ownerName });
    this.lifecycle = new Lifecycle({
      ...deps,
      ended: (record) => {
        this.access.forgetConfirmation(record.id);
        this.x2.forget(record.name);
      },
    });
    const tellRegistrant = this.lifecycle.tellRegistrant.bind(this.lifecycle);
    this.registration = new ChannelRegistration({
      ...deps,
      dropCreatedAccount: (id, reason, by) => this.lifecycle.dropCreatedAccount(id, reason, by),
      reviewers: new ReviewNotices(deps),
    });
    this.activation = new Activation({ ...deps, visits: this.visits, ownerName });
    this.review = new Review({ ...deps, accept: (a) => this.registration.accept(a), endChannel, tellRegistrant, ownerName });
    this.expiry = new ChannelExpiry({ ...deps, endChannel, tellRegistrant, tellOwner: this.lifecycle.tellOwner.bind(this.lifecycle) });
    this.freezing = new ChannelFreezing({ ...deps, visits: this.visits });
    this.succession = new Succession({ ...deps, ended: (id) => this.access.forgetConfirmation(id), statusAll: (record) => this.visits.statusAll(record) });
    this.listen();
  }

  /** The registrations table (tests read it; other parts use the methods below). */
  get store(): ChannelStore {
    return this.deps.store;
  }

  /** Stops listening to the accounts domain's events. */
  dispose(): void {
    for (const off of this.detach.splice(0)) off();
  }

  // ------------------------------------------------------------------------------------------
  // Registration and activation

  nameProblem(name: string): ChannelFailure | null {
    return this.registration.nameProblem(name);
  }

  register(actor: ChannelActor, name: string, email: string): Promise<Result<RegisterOutcome, ChannelFailure>> {
    return this.registration.register(actor, name, email);
  }

  verify(actor: ChannelActor, name: string, code: string): Result<{ channel: string; owner: string | null }, ChannelFailure> {
    return this.activation.verify(actor, name, code);
  }

  // ------------------------------------------------------------------------------------------
  // Review

  reviewList(filter: ReviewFilter, limit = 50): ChannelRecord[] {
    return this.review.list(filter, limit);
  }

  reviewShow(id: number): Result<ReviewDetails, ChannelFailure> {
    return this.review.show(id);
  }

  approve(id: number, oper: OperRef): Promise<Result<RegisterOutcome, ChannelFailure>> {
    return this.review.approve(id, oper);
  }

  reject(id: number, oper: OperRef, reason: string, blacklist: boolean): Result<RejectResult, ChannelFailure> {
    return this.review.reject(id, oper, reason, blacklist);
  }

  note(id: number, oper: OperRef, text: string): Result<ChannelRecord, ChannelFailure> {
    return this.review.note(id, oper, text);
  }

  // ------------------------------------------------------------------------------------------
  // Access

  levelOf(record: ChannelRecord, actor: ChannelActor): number {
    return this.access.levelOf(record, actor);
  }

  info(actor: ChannelActor, name: string): Result<ChannelInfo, ChannelFailure> {
    return this.access.info(actor, name);
  }

  /** The access list; of a suspended channel only for opers who may view channels (when `actor` is given). */
  accessList(name: string, actor?: ChannelActor): Result<{ channel: string; entries: AccessListEntry[] }, ChannelFailure> {
    return this.access.accessList(name, actor);
  }

  addUser(actor: ChannelActor, name: string, reference: string, levelText: string): Result<{ channel: string; account: string; level: number }, ChannelFailure> {
    return this.access.addUser(actor, name, reference, levelText);
  }

  delUser(actor: ChannelActor, name: string, reference: string): Result<{ channel: string; account: string; level: number }, ChannelFailure> {
    return this.access.delUser(actor, name, reference);
  }

  clvl(actor: ChannelActor, name: string, reference: string, levelText: string): Result<{ channel: string; account: string; from: number; to: number }, ChannelFailure> {
    return this.access.clvl(actor, name, reference, levelText);
  }

  setStatus(actor: ChannelActor, name: string, change: StatusChange, targetNick?: string): Result<{ channel: string; nick: string }, ChannelFailure> {
    return this.access.setStatus(actor, name, change, targetNick);
  }

  unregister(actor: ChannelActor, name: string, code?: string): Result<UnregisterResult, ChannelFailure> {
    return this.access.unregister(actor, name, code);
  }

  /** What the registration policy counts (RegistrationCounts): the channels an address holds, and the pending ones. */
  countForEmail(canonical: string): { total: number; pending: number } {
    return this.deps.store.countForEmail(canonical);
  }

  pendingCount(): number {
    return this.deps.store.pendingCount();
  }

  /** Requests held for an oper's review (the review queue). */
  heldCount(): number {
    return this.deps.store.countInState("held");
  }

  /** OperServ STATS: the live registrations by state. */
  counts(): { active: number; unverified: number; held: number } {
    const { store } = this.deps;
    return { active: store.countInState("active"), unverified: store.countInState("unverified"), held: store.countInState("held") };
  }

  oldestPendingAt(): number | null {
    return this.deps.store.oldestPendingAt();
  }

  /** Live registrations the account founded, and live ones where it has other access (NickServ INFO on a degraded account). */
  accessCounts(accountId: string): { founder: number; other: number } {
    return this.deps.store.accessCounts(accountId);
  }

  // ------------------------------------------------------------------------------------------
  // Account deletion cases (src/services/lifecycle/deletion; see succession.ts)

  /** Live registrations the account owns. */
  ownedBy(accountId: string): ChannelRecord[] {
    return this.succession.owned(accountId);
  }

  /** Live channels where the account has access, with its level. */
  accessHeldBy(accountId: string): Array<{ channel: ChannelRecord; level: number }> {
    return this.succession.accessHeld(accountId);
  }

  /** A registration's access list, highest level first. */
  accessEntries(channelId: number): AccessEntry[] {
    return this.succession.accessEntries(channelId);
  }

  /** Registration requests held for review that the account made or would own. */
  heldRequestsOf(accountId: string): ChannelRecord[] {
    return this.deps.store.heldFor(accountId);
  }

  /** Every registration, live or ended, the account owns or made (its export). */
  recordsOf(accountId: string): ChannelRecord[] {
    return this.deps.store.recordsOf(accountId);
  }

  /** Access entries the account gave others, and staff notes written under its name. */
  authoredBy(accountId: string, name: string): { granted: number; notes: number } {
    return this.deps.store.authoredBy(accountId, name);
  }

  /** Hands over or drops the account's registrations and removes its access, inside the caller's transaction. */
  releaseAccountInTransaction(accountId: string, plan: OwnedChannelPlan, caseNumber: string, by: string): { released: Released; afterCommit: () => void } {
    return this.succession.releaseInTransaction(accountId, plan, caseNumber, by);
  }

  /** Empties the connection details of the registrations the account made, inside the caller's transaction. */
  scrubRegistrantInTransaction(accountId: string): number {
    return this.succession.scrubRegistrantInTransaction(accountId);
  }

  // ------------------------------------------------------------------------------------------
  // Lifecycle and the network

  /** Ends a live registration (see lifecycle.ts). */
  endChannel(record: ChannelRecord, state: EndState, reason: string, by: string, inTransaction?: () => void): Ended {
    return this.lifecycle.endChannel(record, state, reason, by, inTransaction);
  }

  /** The live registration of a channel name, if any. */
  live(name: string): ChannelRecord | undefined {
    return this.deps.store.live(name);
  }

  /** The registrations X2 sits in (unverified and active, not suspended), with their stored timestamps (null: none yet). */
  joinable(): Array<{ id: number; name: string; ts: number | null }> {
    const suspended = this.deps.suspensions.suspendedIds();
    return this.deps.store
      .joinable()
      .filter((c) => !suspended.has(c.id))
      .map((c) => ({ id: c.id, name: c.name, ts: c.ts }));
  }

  /** Stores the timestamp the network has for a registered channel (it is used to rejoin after a relink). */
  recordTimestamp(id: number, ts: number): void {
    this.deps.store.setTs(id, ts);
  }

  // ------------------------------------------------------------------------------------------
  // Freezes (src/services/lifecycle/freeze): each change runs inside the caller's transaction

  /** Live channels only `accountId` can manage (no other owner or coowner that is verified and not frozen). */
  soleManagedBy(accountId: string): ChannelRecord[] {
    return this.freezing.soleManagedBy(accountId);
  }

  /** Removes the account's access entries in every live registration, audited; returns them whole. */
  takeAccess(accountId: string, by: string, freezeId: number): TakenAccess[] {
    return this.freezing.takeAccess(accountId, by, freezeId);
  }

  /** Puts a taken entry back where the registration is live and nobody gave the account access again meanwhile. */
  restoreAccess(accountId: string, saved: TakenAccess, by: string, freezeId: number): AccessRestore {
    return this.freezing.restoreAccess(accountId, saved, by, freezeId);
  }

  /** Audits a channel's suspension; the returned effect (after the commit) has X2 leave it. */
  suspend(record: ChannelRecord, accountId: string, by: string, freezeId: number): AfterCommit {
    return this.freezing.suspend(record, accountId, by, freezeId);
  }

  /** Audits the end of a suspension; the returned effect has X2 join again with op and set statuses. */
  resume(record: ChannelRecord, by: string, freezeId: number): AfterCommit {
    return this.freezing.resume(record, by, freezeId);
  }

  /** A registration by id, live or ended. */
  byId(id: number): ChannelRecord | undefined {
    return this.freezing.byId(id);
  }

  private ownerName(accountId: string | null): string | null {
    if (!accountId) return null;
    return this.deps.accounts.byId(accountId)?.name ?? `?${accountId}`;
  }

  /**
   * Follows the accounts domain: logins and verifications activate channels; a dropped account ends
   * the ones it held. The accounts service guards its listeners (a bug here is reported, not thrown).
   */
  private listen(): void {
    const { accounts } = this.deps;
    const onLogin = (account: Account, uid: string, info: { via: string; generatedPassword: boolean }): void =>
      this.activation.onLogin(account, uid, info.generatedPassword, info.via === "burst");
    const onVerified = (account: Account): void => this.activation.onVerified(account);
    const onDropped = (accountId: string, reason: string): void => this.lifecycle.accountDropped(accountId, reason);
    accounts.on("loggedIn", onLogin);
    accounts.on("verified", onVerified);
    accounts.on("dropped", onDropped);
    this.detach.push(
      () => accounts.off("loggedIn", onLogin),
      () => accounts.off("verified", onVerified),
      () => accounts.off("dropped", onDropped),
    );
  }
}
