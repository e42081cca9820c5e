/** How long a member's cancel code is. */
export const CANCEL_CODE_LENGTH = 20;
/** Longest reason of OperServ DELETE and CASE HOLD. */
export const MAX_CASE_REASON_LENGTH = 300;
/** Most accounts in one case (OperServ DELETE a,b,c). */
export const MAX_CASE_ACCOUNTS = 10;
//# sourceMappingURL=types.js.map