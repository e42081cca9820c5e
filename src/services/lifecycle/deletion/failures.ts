/**
 * Why the deletion domain refused something: a kind and its data. The words are in
 * src/commands/deletion-words.ts.
 */
import type { AccountFailure } from "../../accounts/failures.js";
import type { CaseState } from "./types.js";

/** Why a ruled successor cannot take a channel. */
export type UnfitReason = "unknown" | "unverified" | "frozen" | "in-case" | "this-case";

export type DeletionFailure =
  /** A refusal of the accounts domain (a wrong password, a code, a code limit, a frozen account). */
  | { kind: "account"; failure: AccountFailure }
  | { kind: "no-such-account"; reference: string }
  /** The account is already in an open case (a member cannot open a second). */
  | { kind: "case-open"; account: string; caseNumber: string }
  | { kind: "duplicate-account"; account: string }
  | { kind: "too-many-accounts"; max: number }
  | { kind: "reason-missing" }
  | { kind: "reason-too-long"; max: number }
  | { kind: "not-a-case-number"; text: string }
  | { kind: "no-such-case"; caseNumber: string }
  | { kind: "case-closed"; caseNumber: string; state: CaseState }
  | { kind: "already-held"; caseNumber: string; reason: string }
  | { kind: "not-held"; caseNumber: string }
  | { kind: "no-such-item"; caseNumber: string; item: string; items: string[] }
  | { kind: "item-needs-no-ruling"; item: string }
  | { kind: "bad-ruling"; item: string; ruling: string; expected: string[] }
  | { kind: "successor-unfit"; account: string; why: UnfitReason }
  | { kind: "bad-cancel-code" }
  | { kind: "export-too-soon"; retryAfterMs: number; intervalMs: number }
  /** Execution failed in the database (a reference that does not cascade); nothing was changed. */
  | { kind: "execution-failed"; caseNumber: string; error: string };
