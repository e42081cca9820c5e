/**
 * Staff in services.conf: the privileges, [opers] (account = "class") and [oper_classes], and
 * the lookups that turn an account into its class and privileges. Assembled in schema.ts.
 */
import { z } from "zod";
import { rfc1459Fold } from "../util/casefold.js";
import { nonEmptyString } from "./fields.js";

export const ALL_PRIVILEGES = [
  "review",
  "blacklist",
  "account:auspex",
  "account:admin",
  "account:mark",
  "account:freeze",
  "account:delete",
  "channel:admin",
  "expiry",
  "audit",
  "rehash",
  "case",
] as const;

/** The oper class that holds every privilege; it exists without being declared. */
export const ADMIN_CLASS = "admin";

export const opersSchema = z
  .record(z.string(), nonEmptyString("an oper class name"), {
    error: 'expected a table [opers] of account = "class"',
  })
  .default({});

export const operClassesSchema = z
  .record(
    z.string(),
    z
      .strictObject(
        {
          privileges: z
            .array(z.enum(ALL_PRIVILEGES, { error: `expected one of ${ALL_PRIVILEGES.join(", ")}` }), {
              error: "expected an array of privileges",
            })
            .default([]),
        },
        { error: "expected a table [oper_classes.<name>]" },
      )
      .prefault({}),
    { error: "expected tables [oper_classes.<name>]" },
  )
  .default({});

/** What the lookups read of the Config. */
export interface StaffTables {
  opers: Record<string, string>;
  oper_classes: Record<string, { privileges: readonly string[] }>;
}

/** An account as [opers] sees it: its entity ID and its current name. */
export interface OperAccount {
  id: string;
  name: string;
}

/** An [opers] key that is an entity ID (`1AAAAABD5` or `?1AAAAABD5`), upper-cased and bare; null for a name. */
export function operKeyEntityId(key: string): string | null {
  const bare = key.startsWith("?") ? key.slice(1) : key;
  return /^[1-9][A-Z0-9]{8}$/i.test(bare) ? bare.toUpperCase() : null;
}

/**
 * The oper class [opers] gives an account, or undefined. A key that is an entity ID binds the
 * class to that account whatever its name (and wins over a name key); a name key matches the
 * account's current name, compared as services compare names (RFC 1459 case folding).
 */
export function operClassOf(config: StaffTables, account: OperAccount): string | undefined {
  const folded = rfc1459Fold(account.name);
  let byName: string | undefined;
  for (const [key, cls] of Object.entries(config.opers)) {
    const id = operKeyEntityId(key);
    if (id !== null) {
      if (id === account.id.toUpperCase()) return cls;
    } else if (byName === undefined && rfc1459Fold(key) === folded) {
      byName = cls;
    }
  }
  return byName;
}

/** True for the class that holds every privilege. */
export function isAdminClass(cls: string | undefined): boolean {
  return cls === ADMIN_CLASS;
}

/**
 * The privileges the [opers] section gives an account (see operClassOf; a bare name is looked up
 * as a name key only). The `admin` class holds every privilege, declared or not; an account not
 * listed has none.
 */
export function privilegesOf(config: StaffTables, account: OperAccount | string): Set<string> {
  const cls = typeof account === "string" ? operClassOf(config, { id: "", name: account }) : operClassOf(config, account);
  return classPrivileges(config, cls);
}

/** The privileges of an oper class (none for undefined or an unknown class). */
export function classPrivileges(config: StaffTables, cls: string | undefined): Set<string> {
  if (cls === undefined) return new Set<string>();
  if (cls === ADMIN_CLASS) return new Set<string>(ALL_PRIVILEGES);
  return new Set<string>(config.oper_classes[cls]?.privileges ?? []);
}
