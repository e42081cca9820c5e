/**
 * NickServ RECLAIM (issue 5): takes back a degraded account in one step — authenticate, rename
 * the account to a nick again (grouping that nick), clear the degradation, log in.
 *
 * The account is named by its degraded name or entity ID, or by the name its owner remembers
 * (issue 19): the degraded accounts whose original name that is are checked for the password
 * (former-names.ts), and the one it matches is reclaimed; a wrong password and a name no degraded
 * account had get the same answer.
 *
 * Every check comes before any change; the rename and the nick grouping are one transaction that
 * checks again (the password check is asynchronous, someone may have registered the name
 * meanwhile). A refusal changes nothing and does not log in.
 */
import { err, ok } from "../../util/result.js";
import { entityIdReference, nickProblem } from "./names.js";
/** Who else, if anyone, holds `name` as an account name or a nick. */
function nameHolder(store, name, selfId) {
    const byName = store.byName(name);
    if (byName && byName.id !== selfId)
        return byName.id;
    const owner = store.nickOwner(name);
    if (owner && owner.accountId !== selfId)
        return owner.accountId;
    return null;
}
export async function reclaimAccount(deps, request) {
    const { store, audit, clock, log } = deps;
    const reference = request.reference;
    const newName = request.newName ?? request.nick;
    const problem = nickProblem(newName);
    if (problem)
        return err({ kind: "invalid-name", problem });
    const taken = { kind: "name-taken", name: newName, reference };
    const proved = await provePassword(deps, request, newName);
    if (!proved.ok)
        return proved;
    const { account, generatedPassword } = proved.value;
    if (nameHolder(store, newName, account.id))
        return err(taken);
    const reserved = deps.staff.reservedFor(newName);
    if (reserved !== undefined && reserved !== account.id)
        return err({ kind: "name-reserved", name: newName, reference });
    // Again, in the transaction: the password check above gave others time.
    const now = clock.now();
    const renamed = store.db.transaction(() => {
        const fresh = store.byId(account.id);
        if (!fresh)
            return err({ kind: "no-account", reference });
        if (fresh.degradedAt === null)
            return err({ kind: "not-degraded", account: fresh.name });
        if (nameHolder(store, newName, fresh.id))
            return err(taken);
        store.rename(fresh.id, newName);
        if (!store.nickOwner(newName))
            store.addNick(fresh.id, newName, now);
        store.clearDegradation(fresh.id);
        deps.staff.claim({ id: fresh.id, name: newName }, fresh.id);
        audit.record({
            actor: fresh.id,
            action: "account.reclaimed",
            target: fresh.id,
            details: { from: fresh.name, to: newName, originalName: fresh.originalName, degradedAt: fresh.degradedAt },
        });
        return ok(store.byId(fresh.id));
    })();
    if (!renamed.ok)
        return renamed;
    const oldName = account.name;
    log.info({ account: account.id, from: oldName, to: newName, uid: request.uid }, "account reclaimed");
    deps.events.emit("renamed", renamed.value, oldName);
    deps.login(request.uid, renamed.value, "reclaim", generatedPassword);
    return ok({ account: store.byId(account.id) ?? renamed.value, oldName });
}
/**
 * The degraded account the caller proved the password of: the one `reference` names directly
 * (degraded name or entity ID), or else one whose original name `reference` is.
 */
async function provePassword(deps, request, newName) {
    const { store } = deps;
    const reference = request.reference;
    const direct = store.resolve(reference);
    if (direct && direct.degradedAt !== null) {
        // Before the password check: whether a name is registered (or reserved for staff) is public.
        if (nameHolder(store, newName, direct.id))
            return err({ kind: "name-taken", name: newName, reference });
        const reserved = deps.staff.reservedFor(newName);
        if (reserved !== undefined && reserved !== direct.id)
            return err({ kind: "name-reserved", name: newName, reference });
        const auth = await deps.authenticate(reference, request.password, request.ip);
        if (!auth.ok)
            return err({ kind: "auth", failure: auth.error, reference });
        if (auth.value.account.id !== direct.id)
            return err({ kind: "no-account", reference });
        return ok(auth.value);
    }
    // Not a degraded account's own name: it may be the name its owner remembers (a nickname).
    if (entityIdReference(reference) !== null || nickProblem(reference) !== null) {
        return err(direct ? { kind: "not-degraded", account: direct.name } : { kind: "no-account", reference });
    }
    const match = await deps.matchFormerName(reference, request.password, request.ip);
    if (!match.ok)
        return err({ kind: "auth", failure: match.error, reference });
    const account = match.value;
    // The same answer whether no degraded account had the name or the password matched none.
    if (!account)
        return err(direct ? { kind: "not-degraded", account: direct.name } : { kind: "no-former-match", reference });
    return ok({ account, generatedPassword: account.passwordGenerated });
}
//# sourceMappingURL=reclaim.js.map