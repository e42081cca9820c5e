/**
 * Timed freezes end by themselves (OperServ FREEZE <account> <reason> <duration>): when a
 * freeze's end has come, it is lifted as UNFREEZE would lift it (restored from the record) and
 * the member is mailed. The end is stored with the freeze, so a restart changes nothing. Behind
 * the breaker (shared/DESIGN.md §5): a clock jump must not unfreeze everyone at once unseen.
 */
import { FREEZE_EXPIRY_LOOP } from "../services/lifecycle/freeze/service.js";
import { breakerLoop } from "./breaker-loop.js";
export const freezeExpiryLoop = breakerLoop({
    name: FREEZE_EXPIRY_LOOP,
    due: (services) => services.freeze.due(),
    held: (count) => `${count} timed freezes whose end has come wait for OperServ BREAKER CONFIRM ${FREEZE_EXPIRY_LOOP}`,
    act: (record, services) => services.freeze.expire(record),
    counted: "unfrozen",
});
//# sourceMappingURL=freeze-expiry.js.map