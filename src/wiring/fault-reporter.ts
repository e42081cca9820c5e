/**
 * Where the bugs go: every command, every network event listener and the process itself report an
 * exception here. It is logged with where it happened (a command's name, an event's name; never a
 * command's arguments, which may hold a password: the caller names them and they are cut out of
 * the stack) and an incident reference, and the staff of the `admin` oper class who are online get
 * a short notice with the reference, at most one per place a minute, so that a bug hit in a loop
 * does not flood them. Nothing here throws.
 */
import { isAdminClass, type OperAccount } from "../config/schema.js";
import type { StaffDirectory } from "../services/staff-directory.js";
import type { Clock } from "../util/clock.js";
import { errorStack, type Logger } from "../util/logger.js";
import { newIncident, redactWords } from "../util/redact.js";

export interface FaultReporterDeps {
  log: Logger;
  clock: Clock;
  /** The uids of online users logged in to an account of the `admin` oper class. */
  adminsOnline(): string[];
  /** A notice to one user, from OperServ. */
  notice(uid: string, text: string): void;
  /** Least time between two notices about the same place; default 60 s. */
  quietMs?: number;
}

export class FaultReporter {
  private readonly lastTold = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();

  constructor(private readonly deps: FaultReporterDeps) {}

  /**
   * Logs an exception caught at `where` ("command NickServ IDENTIFY", "event userQuit"), without
   * any of `secrets` (what the user typed), and tells admins. Returns the incident reference.
   */
  report(where: string, error: unknown, secrets: Iterable<string> = []): string {
    const incident = newIncident();
    try {
      this.deps.log.error({ where, incident, err: redactWords(errorStack(error), secrets) }, "internal error; carrying on");
    } catch {
      // A logger that throws leaves only the admins' notice.
    }
    this.tellAdmins(where, incident);
    return incident;
  }

  /** Tells the admins online that something failed at `where` (already logged by the caller, with `incident`). */
  tellAdmins(where: string, incident: string): void {
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
      if (this.lastTold.size > 1000) this.lastTold.clear();
      const text = `Internal error in ${where} (incident ${incident}${more > 0 ? `; and ${more} more since the last notice` : ""}); details are in the services log.`;
      for (const uid of this.deps.adminsOnline()) this.deps.notice(uid, text);
    } catch (error) {
      try {
        this.deps.log.error({ where, err: errorStack(error) }, "could not tell admins about an internal error");
      } catch {
        // Nothing left to tell.
      }
    }
  }

  /** A listener-failure handler for GuardedEmitter: reports as "event <name>". */
  listenerFailed = (event: string, error: unknown): void => void this.report(`event ${event}`, error);
}

/** The online users logged in to an account that [opers] gives the `admin` class. */
export function adminUidsOnline(
  uids: Iterable<string>,
  accountOf: (uid: string) => OperAccount | null | undefined,
  staff: Pick<StaffDirectory, "classOf">,
): string[] {
  const out: string[] = [];
  for (const uid of uids) {
    try {
      const account = accountOf(uid);
      if (account && isAdminClass(staff.classOf(account)?.cls)) out.push(uid);
    } catch {
      // The lookup may be what is broken; the other admins are still told.
    }
  }
  return out;
}
