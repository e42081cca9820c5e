/**
 * Cases: opening one (numbered aYYYYMMDD.N, race-free), what staff do with it (HOLD, RELEASE,
 * RULE, CANCEL), and what the member and the opers are told. Carrying a case out is
 * execution.ts; the member's own requests are member.ts.
 */
import { formatUtcMinute } from "../../../util/duration.js";
import { err, ok, type Result } from "../../../util/result.js";
import { hashCode } from "../../accounts/codes.js";
import { generateCode } from "../../accounts/password.js";
import type { Account } from "../../accounts/store.js";
import type { AddressProblem } from "../../mail/address.js";
import type { QueuedMail } from "../../mail/outbox.js";
import { blockersOf, isTrivial, normalItemKey, successorProblem, type ChecklistContext } from "./checklist.js";
import type { Executed, Execution } from "./execution.js";
import type { DeletionFailure } from "./failures.js";
import { caseNumber, dayOf } from "./numbers.js";
import type { CaseStore } from "./store.js";
import {
  MAX_CASE_ACCOUNTS,
  MAX_CASE_REASON_LENGTH,
  type Blocker,
  type CaseOrigin,
  type ChecklistItem,
  type DeletionCase,
  type DeletionDeps,
} from "./types.js";

export interface CasesDeps extends Pick<DeletionDeps, "accounts" | "mail" | "audit" | "clock" | "config" | "log" | "actions"> {
  store: CaseStore;
  checklist: ChecklistContext;
  execution: Execution;
}

/** What opening a case did. */
export interface Opened {
  caseNumber: string;
  /** Not carried out before this. */
  executeAt: number;
  /** Set when the case was carried out at once (a trivial member request). */
  executed: Executed | null;
  /** The accounts whose address does not pass the address rules: they were not mailed that the case opened. */
  unmailed: Array<{ name: string; problem: AddressProblem }>;
}

/** What cancelling a case did. */
export interface Cancelled {
  case: DeletionCase;
  /** The accounts whose address does not pass the address rules: they were not mailed that the case ended. */
  unmailed: Array<{ name: string; problem: AddressProblem }>;
}

/** A case with its checklists as they stand now, for CASE SHOW. */
export interface CaseView {
  case: DeletionCase;
  checklists: Map<number, ChecklistItem[]>;
  blockers: Blocker[];
  rulings: Array<{ item: string; ruling: string; by: string; at: number }>;
  /** Names of the entity IDs the view mentions that still exist (accounts, successors, opers). */
  names: Map<string, string>;
  tombstones: Array<{ entityId: string; email: string; deletedAt: number; retainUntil: number }>;
}

export type CaseFilter = "open" | "held" | "done";

/** How a ruling is written for each kind of item, for refusals. */
const RULINGS: Record<ChecklistItem["kind"], string[]> = {
  channel: ["successor <account>", "drop", "rule"],
  staff: ["revoke"],
  hold: ["waive", "hold"],
  access: [],
  granted: [],
};

export class Cases {
  constructor(private readonly deps: CasesDeps) {}

  /** The open cases holding an account, oldest first. */
  openCasesOf(accountId: string): Array<{ number: string; openedAt: number }> {
    return this.deps.store.openCasesOf(accountId);
  }

  /** OperServ DELETE: a staff case for one or more accounts. */
  openStaffCase(oper: { id: string }, references: readonly string[], reason: string): Result<Opened, DeletionFailure> {
    const text = reason.trim();
    if (text.length === 0) return err({ kind: "reason-missing" });
    if (text.length > MAX_CASE_REASON_LENGTH) return err({ kind: "reason-too-long", max: MAX_CASE_REASON_LENGTH });
    if (references.length > MAX_CASE_ACCOUNTS) return err({ kind: "too-many-accounts", max: MAX_CASE_ACCOUNTS });
    const accounts: Account[] = [];
    for (const reference of references) {
      const account = this.deps.accounts.resolve(reference);
      if (!account) return err({ kind: "no-such-account", reference });
      if (accounts.some((a) => a.id === account.id)) return err({ kind: "duplicate-account", account: account.name });
      accounts.push(account);
    }
    return ok(this.open("staff", oper.id, accounts, text));
  }

  /**
   * Opens a case: numbered in an immediate transaction, checklists computed and stored, audited.
   * A member's trivial request goes at once when [deletion] trivial_at_once is on; otherwise the
   * member is mailed what will happen, when, and how to object, and opers are told.
   */
  open(origin: CaseOrigin, openedBy: string, accounts: readonly Account[], reason: string | null): Opened {
    const { store, config, clock, audit } = this.deps;
    const cancelCodes = new Map<number, string>();
    const { number, c, lists } = store.immediate(() => {
      const now = clock.now();
      const day = dayOf(now);
      const seq = store.nextSeq(day);
      const number = caseNumber(day, seq);
      store.insertCase({ number, day, seq, origin, openedBy, reason, openedAt: now, windowEndsAt: now + config.deletion.objection_window });
      accounts.forEach((account, i) => {
        const code = origin === "member" ? generateCode() : null;
        if (code) cancelCodes.set(i + 1, code);
        store.insertAccount(number, i + 1, account.id, code ? hashCode(code) : null);
      });
      const c = store.get(number) as DeletionCase;
      const lists = this.deps.execution.review(c, openedBy);
      audit.record({
        actor: openedBy,
        action: "deletion.opened",
        target: number,
        details: { origin, accounts: accounts.map((a) => a.id), windowEndsAt: c.windowEndsAt, ...(reason ? { reason } : {}) },
      });
      return { number, c, lists };
    });
    const items = [...lists.values()].flat();
    const atOnce = origin === "member" && config.deletion.trivial_at_once && isTrivial(items) && blockersOf({ ...c, windowEndsAt: c.openedAt }, items, c.openedAt).length === 0;
    if (atOnce || config.deletion.objection_window === 0) {
      const executed = this.deps.execution.execute(number, openedBy, { ignoreWindow: atOnce });
      if (executed.ok) {
        this.tellOpers({ kind: "deletion-opened", caseNumber: number, origin, accounts: accounts.map((a) => ({ id: a.id, name: a.name })), executeAt: null });
        this.deps.actions.alertOpers({ kind: "deletion-executed", ...executedCounts(executed.value) });
        return { caseNumber: number, executeAt: c.openedAt, executed: executed.value, unmailed: [] };
      }
    }
    const unmailed = accounts.flatMap((account, i) => {
      const { undeliverable } = this.mailOpened(c, i + 1, account, lists.get(i + 1) ?? [], cancelCodes.get(i + 1) ?? null);
      return undeliverable ? [{ name: account.name, problem: undeliverable }] : [];
    });
    this.tellOpers({ kind: "deletion-opened", caseNumber: number, origin, accounts: accounts.map((a) => ({ id: a.id, name: a.name })), executeAt: c.windowEndsAt });
    return { caseNumber: number, executeAt: c.windowEndsAt, executed: null, unmailed };
  }

  get(number: string): DeletionCase | undefined {
    return this.deps.store.get(number);
  }

  /** CASE LIST: open (waiting, nothing holding them), held (something holds them), done (executed or cancelled); reads only. */
  list(filter: CaseFilter, limit: number): Array<{ case: DeletionCase; blockers: Blocker[] }> {
    const { store, execution } = this.deps;
    if (filter === "done") return store.inStates(["executed", "cancelled"], limit).map((c) => ({ case: c, blockers: [] }));
    const open = store.inStates(["open"], 10_000).map((c) => ({ case: c, blockers: execution.blockers(c) }));
    const held = (b: Blocker[]): boolean => b.some((x) => x.kind !== "window");
    return open.filter((o) => (filter === "held" ? held(o.blockers) : !held(o.blockers))).slice(0, limit);
  }

  /** CASE SHOW: the case with its checklists computed now (reads only: nothing is stored). */
  show(number: string): Result<CaseView, DeletionFailure> {
    const { store, execution, accounts } = this.deps;
    const c = store.get(number);
    if (!c) return err({ kind: "no-such-case", caseNumber: number });
    const checklists = c.state === "open" ? execution.checklists(c) : new Map(c.accounts.filter((a) => a.checklist).map((a) => [a.k, a.checklist as ChecklistItem[]]));
    const rulings = store.rulings(number);
    const ids = new Set<string>([c.openedBy, ...(c.hold ? [c.hold.by] : []), ...rulings.map((r) => r.by)]);
    for (const a of c.accounts) ids.add(a.entityId);
    for (const items of checklists.values()) for (const item of items) if (item.kind === "channel" && item.successor) ids.add(item.successor);
    for (const r of rulings) if (r.ruling.startsWith("successor:")) ids.add(r.ruling.slice("successor:".length));
    const names = new Map<string, string>();
    for (const id of ids) {
      const name = accounts.byId(id)?.name;
      if (name) names.set(id, name);
    }
    return ok({
      case: c,
      checklists,
      blockers: c.state === "open" ? blockersOf(c, [...checklists.values()].flat(), this.deps.clock.now()) : [],
      rulings,
      names,
      tombstones: store.tombstonesOf(number).map((t) => ({ entityId: t.entityId, email: t.email, deletedAt: t.deletedAt, retainUntil: t.retainUntil })),
    });
  }

  /** CASE HOLD: stops the case until CASE RELEASE. */
  hold(number: string, oper: { id: string }, reason: string): Result<DeletionCase, DeletionFailure> {
    const text = reason.trim();
    if (text.length === 0) return err({ kind: "reason-missing" });
    if (text.length > MAX_CASE_REASON_LENGTH) return err({ kind: "reason-too-long", max: MAX_CASE_REASON_LENGTH });
    return this.change(number, (c) => {
      if (c.hold) return err({ kind: "already-held", caseNumber: number, reason: c.hold.reason });
      this.deps.store.setHold(number, text, oper.id, this.deps.clock.now());
      this.deps.audit.record({ actor: oper.id, action: "deletion.hold", target: number, details: { reason: text } });
      return ok(undefined);
    });
  }

  /** CASE RELEASE: lifts the manual hold. */
  release(number: string, oper: { id: string }): Result<DeletionCase, DeletionFailure> {
    return this.change(number, (c) => {
      if (!c.hold) return err({ kind: "not-held", caseNumber: number });
      this.deps.store.clearHold(number);
      this.deps.audit.record({ actor: oper.id, action: "deletion.release", target: number, details: { reason: c.hold.reason } });
      return ok(undefined);
    });
  }

  /**
   * CASE RULE <case> <item> <ruling>: a channel's successor (`successor <account>`), `drop`, or
   * back to the configured rule (`rule`); `revoke` for staff privileges; `waive` a hold, or
   * `hold` to take the waiver back.
   */
  rule(number: string, itemText: string, words: readonly string[], oper: { id: string }): Result<{ case: DeletionCase; item: string; ruling: string | null }, DeletionFailure> {
    let stored: { item: string; ruling: string | null } = { item: itemText, ruling: null };
    const changed = this.change(number, (c) => {
      const items = [...this.deps.execution.checklists(c).values()].flat();
      const wanted = normalItemKey(itemText);
      const item = items.find((i) => normalItemKey(i.key) === wanted);
      if (!item) return err({ kind: "no-such-item", caseNumber: number, item: itemText, items: items.map((i) => i.key) });
      const expected = RULINGS[item.kind];
      if (expected.length === 0) return err({ kind: "item-needs-no-ruling", item: item.key });
      const verb = (words[0] ?? "").toLowerCase();
      const bad = (): Result<undefined, DeletionFailure> => err({ kind: "bad-ruling", item: item.key, ruling: words.join(" "), expected });
      let ruling: string | null;
      if (item.kind === "channel" && verb === "successor" && words.length === 2) {
        const successor = this.deps.accounts.resolve(words[1] as string);
        if (!successor) return err({ kind: "successor-unfit", account: words[1] as string, why: "unknown" });
        const problem = successorProblem(this.deps.checklist, c, successor.id);
        if (problem) return err({ kind: "successor-unfit", account: successor.name, why: problem });
        ruling = `successor:${successor.id}`;
      } else if (item.kind === "channel" && words.length === 1 && (verb === "drop" || verb === "rule")) ruling = verb === "drop" ? "drop" : null;
      else if (item.kind === "staff" && words.length === 1 && verb === "revoke") ruling = "revoke";
      else if (item.kind === "hold" && words.length === 1 && (verb === "waive" || verb === "hold")) ruling = verb === "waive" ? "waive" : null;
      else return bad();
      const key = normalItemKey(item.key);
      const now = this.deps.clock.now();
      if (ruling === null) this.deps.store.deleteRuling(number, key);
      else this.deps.store.setRuling(number, key, ruling, oper.id, now);
      this.deps.audit.record({ actor: oper.id, action: "deletion.ruling", target: number, details: { item: item.key, ruling } });
      stored = { item: item.key, ruling };
      return ok(undefined);
    });
    return changed.ok ? ok({ case: changed.value, ...stored }) : changed;
  }

  /**
   * CASE CANCEL (staff) or DROP CANCEL (member): the case ends, the account stays; the members are
   * mailed (in the same transaction; the accounts whose address the rules refuse are returned and
   * audited) and opers are told.
   */
  cancel(number: string, by: { id: string; as: CaseOrigin }): Result<Cancelled, DeletionFailure> {
    const { store, audit, accounts, mail, clock } = this.deps;
    const closed = store.immediate(() => {
      const c = store.get(number);
      if (!c) return err({ kind: "no-such-case", caseNumber: number } as const);
      if (!store.close(number, "cancelled", clock.now(), by.id)) return err({ kind: "case-closed", caseNumber: number, state: c.state } as const);
      const unmailed: Cancelled["unmailed"] = [];
      for (const entry of c.accounts) {
        const account = entry.accountId ? accounts.byId(entry.accountId) : undefined;
        if (!account) continue;
        const queued = mail.queue("account_deletion_cancelled", account.email, { account: account.name, caseNumber: number, by: by.as }, { ref: `deletion:${number}:${entry.k}` });
        if (queued.undeliverable) unmailed.push({ name: account.name, problem: queued.undeliverable });
      }
      const notMailed = unmailed.length > 0 ? { mail: "undeliverable", unmailed: unmailed.map((u) => ({ account: u.name, addressProblem: u.problem.kind })) } : {};
      audit.record({ actor: by.id, action: "deletion.cancelled", target: number, details: { by: by.as, ...notMailed } });
      return ok(unmailed);
    });
    if (!closed.ok) return closed;
    this.tellOpers({ kind: "deletion-cancelled", caseNumber: number, by: by.as });
    return ok({ case: store.get(number) as DeletionCase, unmailed: closed.value });
  }

  /** An open case changed by `fn` inside an immediate transaction. */
  private change(number: string, fn: (c: DeletionCase) => Result<undefined, DeletionFailure>): Result<DeletionCase, DeletionFailure> {
    const { store } = this.deps;
    return store.immediate(() => {
      const c = store.get(number);
      if (!c) return err({ kind: "no-such-case", caseNumber: number } as const);
      if (c.state !== "open") return err({ kind: "case-closed", caseNumber: number, state: c.state } as const);
      const done = fn(c);
      return done.ok ? ok(store.get(number) as DeletionCase) : done;
    });
  }

  private mailOpened(c: DeletionCase, k: number, account: Account, items: ChecklistItem[], cancelCode: string | null): QueuedMail {
    const { mail, accounts, config } = this.deps;
    const successions: Array<{ channel: string; successor: string }> = [];
    const drops: string[] = [];
    for (const item of items) {
      if (item.kind !== "channel") continue;
      if (item.successor) successions.push({ channel: item.channel, successor: accounts.byId(item.successor)?.name ?? item.successor });
      else drops.push(item.channel);
    }
    return mail.queue(
      "account_deletion_opened",
      account.email,
      {
        account: account.name,
        caseNumber: c.number,
        executeAt: formatUtcMinute(c.windowEndsAt),
        successions,
        drops,
        access: items.flatMap((i) => (i.kind === "access" ? [i.channel] : [])),
        nicks: accounts.nicksOf(account.id).map((n) => n.nick),
        staff: items.some((i) => i.kind === "staff"),
        ...(cancelCode ? { cancelCode } : {}),
        serviceNick: config.pseudoclients.nickserv.nick,
      },
      { ref: `deletion:${c.number}:${k}` },
    );
  }

  private tellOpers(alert: Parameters<CasesDeps["actions"]["alertOpers"]>[0]): void {
    this.deps.actions.alertOpers(alert);
  }
}

/** The counts of an execution, as the opers' notice gives them. */
export function executedCounts(e: Executed): { caseNumber: string; accounts: string[]; succeeded: number; dropped: number } {
  return {
    caseNumber: e.caseNumber,
    accounts: e.accounts.map((a) => a.entityId),
    succeeded: e.accounts.reduce((n, a) => n + a.released.succeeded.length, 0),
    dropped: e.accounts.reduce((n, a) => n + a.released.dropped.length, 0),
  };
}
