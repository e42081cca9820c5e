/**
 * Drops NickServ registrations whose email was not verified within nickserv.verify_window
 * (shared/DESIGN.md §3). Accounts made by X2 REGISTER (origin 'x2') are left to the channel
 * registration, which drops them with their channel. Guarded by the breaker (§5).
 */
import { formatDuration } from "../util/duration.js";
import type { MaintenanceLoop } from "./scheduler.js";

export const UNVERIFIED_ACCOUNTS_LOOP = "unverified-accounts";

export const unverifiedAccountsLoop: MaintenanceLoop = {
  name: UNVERIFIED_ACCOUNTS_LOOP,
  run(services) {
    const due = services.accounts.unverifiedDue();
    if (due.length === 0) return { changed: 0 };
    const window = formatDuration(services.config.nickserv.verify_window);
    if (!services.breaker.allow(UNVERIFIED_ACCOUNTS_LOOP, due.length)) {
      return { changed: 0, held: `${due.length} unverified accounts older than ${window} wait for OperServ BREAKER CONFIRM ${UNVERIFIED_ACCOUNTS_LOOP}` };
    }
    let changed = 0;
    for (const id of due) {
      if (services.accounts.drop(id, `not verified within ${window}`, "system")) changed += 1;
    }
    return { changed, details: { dropped: due.length } };
  },
};
