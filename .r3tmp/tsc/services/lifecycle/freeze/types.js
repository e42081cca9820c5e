/** The system, lifting a timed freeze. */
export const SYSTEM = { id: "system", name: "system" };
/** Longest reason (it is shown to the account's owner and mailed). */
export const MAX_FREEZE_REASON = 300;
//# sourceMappingURL=types.js.map