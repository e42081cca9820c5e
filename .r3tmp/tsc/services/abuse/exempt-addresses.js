import { AddressSet } from "../../util/cidr.js";
/** One set per list of masks (a reloaded config brings a new list). */
const sets = new WeakMap();
export function exemptFromHostLimits(config, ip) {
    const masks = config.abuse.exempt_addresses;
    let set = sets.get(masks);
    if (!set) {
        set = AddressSet.of(masks);
        sets.set(masks, set);
    }
    return set.has(ip);
}
//# sourceMappingURL=exempt-addresses.js.map