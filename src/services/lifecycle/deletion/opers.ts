/**
 * An account's staff entry in [opers]: a key that is its entity ID (`1AAAAABD5` or `?1AAAAABD5`),
 * or a name key equal to its name (or to the name it had before degradation), compared with
 * RFC 1459 case folding. The entry's class gives its privileges (`admin` holds every one).
 */
import { ALL_PRIVILEGES, type Config } from "../../../config/schema.js";
import { rfc1459Fold } from "../../../util/casefold.js";

export interface StaffEntry {
  /** The [opers] key as written. */
  key: string;
  cls: string;
  via: "entity ID" | "name";
  privileges: string[];
}

const ENTITY_KEY = /^\??([1-9][A-Z0-9]{8})$/i;

export function staffEntryOf(config: Config, account: { id: string; name: string; originalName: string | null }): StaffEntry | null {
  const names = new Set([rfc1459Fold(account.name), ...(account.originalName ? [rfc1459Fold(account.originalName)] : [])]);
  let byName: StaffEntry | null = null;
  for (const [key, cls] of Object.entries(config.opers)) {
    const id = ENTITY_KEY.exec(key)?.[1]?.toUpperCase();
    if (id !== undefined) {
      if (id === account.id) return { key, cls, via: "entity ID", privileges: privilegesOfClass(config, cls) };
    } else if (byName === null && names.has(rfc1459Fold(key))) {
      byName = { key, cls, via: "name", privileges: privilegesOfClass(config, cls) };
    }
  }
  return byName;
}

/** True while [opers] still lists the key (a name key would give its class to whoever takes the name next). */
export function operKeyListed(config: Config, key: string): boolean {
  return Object.hasOwn(config.opers, key);
}

function privilegesOfClass(config: Config, cls: string): string[] {
  if (cls === "admin") return [...ALL_PRIVILEGES];
  return [...(config.oper_classes[cls]?.privileges ?? [])];
}
