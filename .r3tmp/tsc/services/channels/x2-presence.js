/**
 * Where X2 sits: a registered channel that kicks X2 gets it back after a wait that grows with each
 * kick; the third kick within ten minutes keeps it out (kick-guard.ts), tells opers once, and lasts
 * until services start again or an oper asks it back in (OperServ REJOIN).
 */
import { err, ok } from "../../util/result.js";
import { KICK_WINDOW_MS, KickGuard } from "./kick-guard.js";
export class X2Presence {
    deps;
    guard;
    constructor(deps) {
        this.deps = deps;
        this.guard = new KickGuard(deps.clock);
    }
    /**
     * X2 was kicked from `name` by `kicker` (a nick, or "" when unknown): rejoin after the verdict's
     * wait, or stay out. Null when the channel has no live registration X2 sits in.
     */
    kicked(name, kicker) {
        const record = this.deps.store.live(name);
        if (!record || (record.state !== "active" && record.state !== "unverified"))
            return null;
        const verdict = this.guard.kicked(record.name, kicker);
        if (verdict.action === "stay-out" && verdict.tellOpers) {
            this.deps.audit.record({ actor: "system", action: "channel.x2_kept_out", target: record.name, details: { id: record.id, kicks: verdict.kicks, kicker } });
            this.deps.actions.alertOpers({ kind: "x2-kept-out", channel: record.name, kicks: verdict.kicks, windowMs: KICK_WINDOW_MS, kicker });
            this.deps.log.warn({ channel: record.name, kicks: verdict.kicks, kicker }, "X2 kicked again and again; it stays out of the channel");
        }
        return verdict;
    }
    /** True while X2 stays out of `name` (no rejoin, not even in a relink's burst). */
    isKeptOut(name) {
        return this.guard.isKeptOut(name);
    }
    keptOut() {
        return this.guard.keptOut();
    }
    /** OperServ REJOIN: X2 goes back into a registered channel, its kick count started over. */
    rejoin(oper, name) {
        const record = this.deps.store.live(name);
        if (!record || (record.state !== "active" && record.state !== "unverified"))
            return err({ kind: "not-registered", name });
        // A freeze suspended it: X2 stays out until the unfreeze, whatever the kicks.
        if (this.deps.suspensions.isSuspended(record.id))
            return err({ kind: "suspended", channel: record.name, owner: this.deps.ownerName(record.ownerId) });
        const wasKeptOut = this.guard.release(record.name) !== undefined;
        this.deps.audit.record({ actor: oper.id, action: "channel.x2_rejoin", target: record.name, details: { id: record.id, wasKeptOut } });
        this.deps.actions.joinChannel("x2", record.name, record.ts ?? undefined);
        return ok({ channel: record.name, wasKeptOut });
    }
    /** The registration ended: nothing to remember of it. */
    forget(name) {
        this.guard.forget(name);
    }
}
//# sourceMappingURL=x2-presence.js.map