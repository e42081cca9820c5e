/**
 * The login throttle under parallel attempts on a live network: 20 clients try a wrong password
 * for one account at the same moment, by IDENTIFY and by SASL PLAIN. The password checks are
 * counted on the process's hashing queue: at most login_attempts_per_minute of them run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordHashQueue } from "../../src/services/accounts/password.js";
import { makeAccount } from "./harness/accounts.js";
import type { TestClient } from "./harness/client.js";
import { startStack, type Stack } from "./harness/stack.js";

const PASSWORD = "the-right-password";
const LIMIT = 5;

describe("login throttle with 20 attempts at once", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ sections: { security: `login_attempts_per_minute = ${LIMIT}`, flood: "messages = 40" } });
    await makeAccount(stack, "Victim", PASSWORD);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Password checks finished so far by the services (in this process). */
  const checks = () => passwordHashQueue().stats().completed;

  it("checks at most login_attempts_per_minute of 20 parallel wrong IDENTIFYs; the others are told when to retry", async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, (_, i) => stack.connect(`Guesser${i}`)));
    const before = checks();
    const replies = clients.map((c) => c.waitNotice("NickServ", (t) => /Invalid password|Too many failed logins/.test(t), 15_000));
    clients.forEach((c, i) => c.say("NickServ", `IDENTIFY Victim wrong-guess-${i}`));
    const texts = await Promise.all(replies);
    expect(checks() - before).toBeLessThanOrEqual(LIMIT);
    expect(texts.filter((t) => t === "Invalid password for Victim.").length).toBeLessThanOrEqual(LIMIT);
    const refused = texts.filter((t) => t.startsWith("Too many failed logins"));
    expect(refused.length).toBeGreaterThanOrEqual(20 - LIMIT);
    for (const t of refused) expect(t).toMatch(/\(limit 5 a minute\); try again in \d+s\./);
    await Promise.all(clients.map((c) => c.quit()));
  });

  it("checks at most login_attempts_per_minute of 20 parallel wrong SASL PLAIN logins; the right password works afterwards", async () => {
    // Two quiet hours: the account and the address start over.
    stack.clock.advance(2 * 3_600_000);
    const before = checks();
    const clients: TestClient[] = await Promise.all(
      Array.from({ length: 20 }, (_, i) => stack.connect(`Sasler${i}`, { sasl: { account: "Victim", password: `wrong-${i}` } })),
    );
    expect(checks() - before).toBeLessThanOrEqual(LIMIT);
    expect(clients.every((c) => c.account === null && c.saslFailure !== null)).toBe(true);
    await Promise.all(clients.map((c) => c.quit()));

    stack.clock.advance(2 * 3_600_000);
    const owner = await stack.connect("Victim", { sasl: { account: "Victim", password: PASSWORD } });
    expect(owner.account).toBe("Victim");
  });
});
