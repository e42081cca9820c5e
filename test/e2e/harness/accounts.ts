/** Accounts written straight into a stack's database, as if registered and verified long ago. */
import { generateEntityId } from "../../../src/services/accounts/names.js";
import { hashPassword } from "../../../src/services/accounts/password.js";
import { AccountStore, type Account } from "../../../src/services/accounts/store.js";
import type { Stack } from "./stack.js";

export interface AccountOptions {
  id?: string;
  /** A stored hash to use as is (to share one costly hash among many accounts). */
  passwordHash?: string;
  status?: "active" | "unverified";
}

/** Creates the account `name` with `password` (scrypt N=1024 unless a hash is given); email <name>@example.org. */
export async function makeAccount(stack: Pick<Stack, "app" | "clock">, name: string, password: string, options: AccountOptions = {}): Promise<Account> {
  const email = `${name.toLowerCase()}@example.org`;
  return new AccountStore(stack.app.db).create({
    id: options.id ?? generateEntityId(),
    name,
    passwordHash: options.passwordHash ?? (await hashPassword(password, { N: 1024, r: 8, p: 1 })),
    passwordGenerated: false,
    email,
    emailCanonical: email,
    status: options.status ?? "active",
    origin: "nickserv",
    now: stack.clock.now(),
  });
}
