/**
 * A ban on a deleted account's address outlives the account (an email blacklist entry or a
 * failed-verification entry naming exactly that address), but the address itself must go with
 * the account (issue 18: nothing left behind). Such an entry keeps only the SHA-256 of the
 * address, written `sha256:<hex>`: the lists still refuse the address when someone gives it
 * again, and staff can still remove the entry by typing the address.
 */
import { createHash } from "node:crypto";

const PREFIX = "sha256:";

/** The stored form of a banned address that must not be kept in clear (lower-cased before hashing). */
export function addressHash(address: string): string {
  return PREFIX + createHash("sha256").update(address.trim().toLowerCase(), "utf8").digest("hex");
}

/** True for a list key written by addressHash. */
export function isAddressHash(text: string): boolean {
  return text.startsWith(PREFIX);
}
