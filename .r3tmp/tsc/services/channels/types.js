/** Without a freeze module, no channel is ever suspended. */
export const NO_SUSPENSIONS = { isSuspended: () => false, suspendedIds: () => new Set(), lastResumedAt: () => null };
/** How long an UNREGISTER confirmation code stays valid. */
export const UNREGISTER_CODE_MS = 10 * 60_000;
/** Longest REVIEW REJECT reason (it is mailed and shown to the registrant). */
export const MAX_REJECT_REASON_LENGTH = 300;
/** Longest REVIEW NOTE. */
export const MAX_NOTE_LENGTH = 400;
/** The mail ref of a registration, for cancelling its queued mail. */
export const mailRef = (id) => `chanreg:${id}`;
/** The audit actor for a user: their account's entity ID, else their nick. */
export const actorRef = (actor) => actor.account?.id ?? actor.nick;
/** The channel request the abuse policy counted for a registration. */
export function requestOf(record) {
    const r = record.registrant;
    return { channel: record.name, email: record.email, uid: r.uid, nick: r.nick, host: r.host, ip: r.ip, accountId: r.accountId };
}
//# sourceMappingURL=types.js.map