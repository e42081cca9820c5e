/**
 * The refusal for a frozen account. `proven`: the asker proved to own it (password, certificate,
 * mailed code, or the connection the freeze logged out), so the staff's reason may be shown.
 */
export function frozenFailure(freezes, account, proven) {
    return { kind: "frozen", account: account.name, reason: proven ? (freezes.active(account.id)?.reason ?? "no reason recorded") : null };
}
export function scryptOf(config) {
    const s = config.security;
    return { N: s.scrypt_n, r: s.scrypt_r, p: s.scrypt_p };
}
/** The outbox ref of the mail carrying an account's code of one purpose (a newer code's mail cancels it). */
export const codeMailRef = (accountId, purpose) => `account:${accountId}:${purpose}`;
/** `nick!ident@host` as others see it, and with the real host. */
export function masksOf(user) {
    return { mask: `${user.nick}!${user.ident}@${user.displayHost}`, realMask: `${user.nick}!${user.ident}@${user.host}` };
}
//# sourceMappingURL=context.js.map