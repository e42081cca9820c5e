/**
 * Drops NickServ registrations whose email was not verified within nickserv.verify_window
 * (docs/architecture.md §3). Accounts made by X2 REGISTER (origin 'x2') are left to the channel
 * registration, which drops them with their channel. Guarded by the breaker (§5).
 */
import type { Services } from "../services/registry.js";
import { formatDuration } from "../util/duration.js";
import { breakerLoop } from "./breaker-loop.js";
import type { MaintenanceLoop } from "./scheduler.js";

export const UNVERIFIED_ACCOUNTS_LOOP = "unverified-accounts";

const verifyWindow = (services: Services): string => formatDuration(services.config.nickserv.verify_window);

export const unverifiedAccountsLoop: MaintenanceLoop = breakerLoop({
  name: UNVERIFIED_ACCOUNTS_LOOP,
  due: (services) => services.accounts.unverifiedDue(),
  held: (count, services) =>
    `${count} unverified accounts older than ${verifyWindow(services)} wait for OperServ BREAKER CONFIRM ${UNVERIFIED_ACCOUNTS_LOOP}`,
  act: (id, services) => services.accounts.drop(id, `not verified within ${verifyWindow(services)}`, "system"),
  counted: "dropped",
});
