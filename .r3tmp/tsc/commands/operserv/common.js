import { formatDuration, formatUtcMinute } from "../../util/duration.js";
/** Lines of a listing shown at most; the rest is counted. */
export const LIST_LIMIT = 50;
/** "2026-01-31 14:05 UTC" */
export const when = formatUtcMinute;
/** "2026-01-31 14:05 UTC (2d3h ago)" */
export const ago = (ms, now) => `${when(ms)} (${formatDuration(now - ms)} ago)`;
/** Who acts: the oper's entity ID for the audit log, their account name for display. */
export function operOf(ctx) {
    return { id: ctx.source.account?.id ?? ctx.source.nick, name: ctx.source.account?.name ?? ctx.source.nick };
}
/** An account as shown from a reference kept in a record: its current name for an entity ID, the reference itself otherwise. */
export function nameOf(ctx) {
    return (reference) => ctx.services.accounts.byId(reference)?.name ?? reference;
}
//# sourceMappingURL=common.js.map