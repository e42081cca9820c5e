/**
 * An account's staff entry, as the staff directory ([opers], src/services/staff-directory.ts)
 * gives it: the key that lists it (its entity ID, or a name bound to it), its class and that
 * class's privileges.
 */
import { classPrivileges, type Config } from "../../../config/schema.js";
import type { StaffDirectory } from "../../staff-directory.js";

export interface StaffEntry {
  /** The [opers] key as written. */
  key: string;
  cls: string;
  via: "entity ID" | "name";
  privileges: string[];
}

export function staffEntryOf(staff: Pick<StaffDirectory, "classOf">, config: Config, account: { id: string; name: string }): StaffEntry | null {
  const found = staff.classOf(account);
  if (!found) return null;
  return { key: found.key, cls: found.cls, via: found.via, privileges: [...classPrivileges(config, found.cls)] };
}
