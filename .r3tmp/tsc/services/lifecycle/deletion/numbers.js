/**
 * Case numbers and pseudonyms, as the arbitration manual writes them (shared/seeds/004): a case
 * is `aYYYYMMDD.N`, N counting that UTC day's cases from 1; the K-th account of a case gets the
 * address `aYYYYMMDD.N.K@<tombstone domain>` in its tombstone.
 */
/** `a20260131.4` (case-insensitive when typed). */
export const CASE_NUMBER = /^a(\d{8})\.([1-9]\d{0,8})$/;
/** The UTC day of `ms` as YYYYMMDD. */
export function dayOf(ms) {
    return new Date(ms).toISOString().slice(0, 10).replace(/-/g, "");
}
export function caseNumber(day, seq) {
    return `a${day}.${seq}`;
}
/** The case number a user typed, normalised; null when it is not one. */
export function parseCaseNumber(text) {
    const match = CASE_NUMBER.exec(text.trim().toLowerCase());
    return match ? caseNumber(match[1], Number(match[2])) : null;
}
/** The address a deleted account's tombstone keeps instead of its own. */
export function pseudonymEmail(number, k, domain) {
    return `${number}.${k}@${domain}`;
}
//# sourceMappingURL=numbers.js.map