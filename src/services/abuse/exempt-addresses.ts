/**
 * The addresses exempt from the per-host registration limits ([abuse] exempt_addresses): a
 * webchat gateway or the sandbox's loopback, where many people share one address. NickServ
 * REGISTER (nickserv.registrations_per_host_per_day) and X2 REGISTER
 * (channels.registrations_per_host_per_day) ask here before counting an address.
 */
import type { Config } from "../../config/schema.js";
import { AddressSet } from "../../util/cidr.js";

/** One set per list of masks (a reloaded config brings a new list). */
const sets = new WeakMap<readonly string[], AddressSet>();

export function exemptFromHostLimits(config: Pick<Config, "abuse">, ip: string): boolean {
  const masks = config.abuse.exempt_addresses;
  let set = sets.get(masks);
  if (!set) {
    set = AddressSet.of(masks);
    sets.set(masks, set);
  }
  return set.has(ip);
}
