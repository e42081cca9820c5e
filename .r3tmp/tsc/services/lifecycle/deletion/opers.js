/**
 * An account's staff entry, as the staff directory ([opers], src/services/staff-directory.ts)
 * gives it: the key that lists it (its entity ID, or a name bound to it), its class and that
 * class's privileges.
 */
import { classPrivileges } from "../../../config/schema.js";
export function staffEntryOf(staff, config, account) {
    const found = staff.classOf(account);
    if (!found)
        return null;
    return { key: found.key, cls: found.cls, via: found.via, privileges: [...classPrivileges(config, found.cls)] };
}
//# sourceMappingURL=opers.js.map