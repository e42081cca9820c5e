/** What became of an accepted X2 REGISTER (or an approved request), for the words of commands/x2. */
export type RegisterOutcome =
  | { kind: "active"; id: number; channel: string; account: string }
  | {
      kind: "unverified";
      id: number;
      channel: string;
      via: "password" | "code";
      /** The owner account's name. */
      account: string;
      email: string;
      mailDelayMs: number;
      verifyWindowMs: number;
    }
  | { kind: "held"; id: number; channel: string };
