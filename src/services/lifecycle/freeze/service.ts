/**
 * Freezes (issue 17; shared/DESIGN.md §3 Freeze, §5): staff's last resort for a member they cannot
 * reach. Takes away what the account enables, keeps open every way the member can reach staff
 * (mail still goes out; they stay connected and can talk to anyone), and puts everything back from
 * the record when the matter is settled.
 *   freeze.ts    FREEZE: one record, one transaction (see there for what it takes)
 *   unfreeze.ts  UNFREEZE and the end of a timed freeze: restore from the record
 *   store.ts     the records (migration 0015), and the ports the accounts and channels domains
 *                read them through (createDomain plugs them in)
 * The words are in src/commands/operserv/ (FREEZE, UNFREEZE) and src/commands/freeze-words.ts.
 */
import type { Result } from "../../../util/result.js";
import type { FreezeDeps } from "./context.js";
import { freezeAccount, type FreezeRequest } from "./freeze.js";
import { unfreezeAccount, type UnfreezeRequest } from "./unfreeze.js";
import { SYSTEM, type FreezeFailure, type FreezeOutcome, type FreezeRecord, type UnfreezeOutcome } from "./types.js";

export * from "./types.js";
export type { FreezeDeps } from "./context.js";
export type { FreezeRequest } from "./freeze.js";
export type { UnfreezeRequest } from "./unfreeze.js";

/** The breaker's name for the loop that ends timed freezes (OperServ BREAKER CONFIRM freeze-expiry). */
export const FREEZE_EXPIRY_LOOP = "freeze-expiry";

export class FreezeService {
  constructor(private readonly deps: FreezeDeps) {}

  /** OperServ FREEZE <account> <reason> [<duration>]. */
  freeze(request: FreezeRequest): Result<FreezeOutcome, FreezeFailure> {
    return freezeAccount(this.deps, request);
  }

  /** OperServ UNFREEZE <account>. */
  unfreeze(request: UnfreezeRequest): Result<UnfreezeOutcome, FreezeFailure> {
    return unfreezeAccount(this.deps, request);
  }

  /** True while the account is frozen (the check every way around a freeze makes; see also AccountService.frozenFailure). */
  isFrozen(accountId: string): boolean {
    return this.deps.store.activeFor(accountId) !== undefined;
  }

  /** FREEZE LIST: the freezes that last now, oldest first. */
  list(limit: number): { total: number; records: FreezeRecord[] } {
    return this.deps.store.listActive(limit);
  }

  /** OperServ STATS: how many freezes last now. */
  activeCount(): number {
    return this.deps.store.countActive();
  }

  /** FREEZE SHOW: the account's freeze that lasts now, else its latest one; and how many it had. */
  show(reference: string): Result<{ account: string; record: FreezeRecord | null; count: number }, FreezeFailure> {
    const account = this.deps.accounts.resolve(reference);
    if (!account) return { ok: false, error: { kind: "unknown-account", reference } };
    const { store } = this.deps;
    const record = store.activeFor(account.id) ?? store.latestFor(account.id) ?? null;
    return { ok: true, value: { account: account.name, record, count: store.countFor(account.id) } };
  }

  /** Timed freezes whose end has come (the maintenance loop). */
  due(): FreezeRecord[] {
    return this.deps.store.due(this.deps.clock.now());
  }

  /** Ends a timed freeze whose time is up; false when it had ended meanwhile. */
  expire(record: FreezeRecord): boolean {
    const current = this.deps.store.activeFor(record.accountId);
    if (!current || current.id !== record.id) return false;
    return unfreezeAccount(this.deps, { reference: `?${record.accountId}`, by: SYSTEM, expired: true }).ok;
  }
}
