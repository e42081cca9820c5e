import { formatDuration } from "../util/duration.js";
import { breakerLoop } from "./breaker-loop.js";
export const UNVERIFIED_ACCOUNTS_LOOP = "unverified-accounts";
const verifyWindow = (services) => formatDuration(services.config.nickserv.verify_window);
export const unverifiedAccountsLoop = breakerLoop({
    name: UNVERIFIED_ACCOUNTS_LOOP,
    due: (services) => services.accounts.unverifiedDue(),
    held: (count, services) => `${count} unverified accounts older than ${verifyWindow(services)} wait for OperServ BREAKER CONFIRM ${UNVERIFIED_ACCOUNTS_LOOP}`,
    act: (id, services) => services.accounts.drop(id, `not verified within ${verifyWindow(services)}`, "system"),
    counted: "dropped",
});
//# sourceMappingURL=unverified-accounts.js.map