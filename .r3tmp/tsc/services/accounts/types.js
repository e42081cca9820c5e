/** Without freeze records (no freeze module plugged in), a frozen account shows no reason. */
export const NO_FREEZE_RECORDS = { active: () => null, lastLiftedAt: () => null };
/** Most codes (resends, resets, email changes) mailed for one purpose per account per day. */
export const CODES_PER_DAY = 3;
/** Longest password accepted. */
export const MAX_PASSWORD_LENGTH = 300;
/** The audit actor for a user: the entity ID of the account they are logged in to, else `uid:nick`. */
export function auditActor(who) {
    return who.account ? who.account.id : `${who.uid}:${who.nick}`;
}
//# sourceMappingURL=types.js.map