import { auditActor } from "../../services/accounts/service.js";
import { wordsOf } from "../words.js";
import { accountFailureText } from "./failures.js";
/** The account the requester is logged in to (fresh from the store), or null. */
export function loggedInAccount(ctx) {
    return ctx.services.accounts.accountOf(ctx.source.uid);
}
/** The requester as the accounts domain sees an actor (the displayed host comes from the network view). */
export function actorOf(ctx) {
    const s = ctx.source;
    const online = ctx.services.network.user(s.uid);
    return { uid: s.uid, nick: s.nick, ident: s.ident, host: s.host, displayHost: online?.displayHost ?? s.host, ip: s.ip };
}
/** Who to write into the audit log for this requester. */
export function who(ctx) {
    return auditActor(ctx.source);
}
/** Replies with the words of an accounts refusal. */
export function refuse(ctx, failure) {
    ctx.reply(accountFailureText(failure, wordsOf(ctx)));
}
/** ON/OFF as a boolean; null for anything else. */
export function onOff(word) {
    const w = word.toUpperCase();
    if (w === "ON")
        return true;
    if (w === "OFF")
        return false;
    return null;
}
//# sourceMappingURL=common.js.map