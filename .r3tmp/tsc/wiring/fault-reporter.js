/**
 * Where the bugs go: every command, every network event listener and the process itself report an
 * exception here. It is logged with where it happened (a command's name, an event's name; never a
 * command's arguments, which may hold a password) and the staff of the `admin` oper class who are
 * online get a short notice, at most one per place a minute, so that a bug hit in a loop does not
 * flood them. Nothing here throws.
 */
import { isAdminClass } from "../config/schema.js";
import { errorStack } from "../util/logger.js";
export class FaultReporter {
    deps;
    lastTold = new Map();
    suppressed = new Map();
    constructor(deps) {
        this.deps = deps;
    }
    /** Logs an exception caught at `where` ("command NickServ IDENTIFY", "event userQuit") and tells admins. */
    report(where, error) {
        try {
            this.deps.log.error({ where, err: errorStack(error) }, "internal error; carrying on");
        }
        catch {
            // A logger that throws leaves only the admins' notice.
        }
        this.tellAdmins(where);
    }
    /** Tells the admins online that something failed at `where` (already logged by the caller). */
    tellAdmins(where) {
        try {
            const now = this.deps.clock.now();
            const last = this.lastTold.get(where);
            if (last !== undefined && now - last < (this.deps.quietMs ?? 60_000)) {
                this.suppressed.set(where, (this.suppressed.get(where) ?? 0) + 1);
                return;
            }
            const more = this.suppressed.get(where) ?? 0;
            this.suppressed.delete(where);
            this.lastTold.set(where, now);
            if (this.lastTold.size > 1000)
                this.lastTold.clear();
            const text = `Internal error in ${where}${more > 0 ? ` (and ${more} more since the last notice)` : ""}; details are in the services log.`;
            for (const uid of this.deps.adminsOnline())
                this.deps.notice(uid, text);
        }
        catch (error) {
            try {
                this.deps.log.error({ where, err: errorStack(error) }, "could not tell admins about an internal error");
            }
            catch {
                // Nothing left to tell.
            }
        }
    }
    /** A listener-failure handler for GuardedEmitter: reports as "event <name>". */
    listenerFailed = (event, error) => this.report(`event ${event}`, error);
}
/** The online users logged in to an account that [opers] gives the `admin` class. */
export function adminUidsOnline(uids, accountOf, staff) {
    const out = [];
    for (const uid of uids) {
        try {
            const account = accountOf(uid);
            if (account && isAdminClass(staff.classOf(account)?.cls))
                out.push(uid);
        }
        catch {
            // The lookup may be what is broken; the other admins are still told.
        }
    }
    return out;
}
//# sourceMappingURL=fault-reporter.js.map