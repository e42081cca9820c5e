/**
 * The password hashing queue under a real InspIRCd: when more password checks wait than the queue
 * holds, IDENTIFY and SASL PLAIN are answered "busy, try again" (not an internal error), and once
 * the queue has room the same login works.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HashQueue } from "../../src/services/accounts/hash-queue.js";
import { hashPassword, passwordHashQueue, setPasswordHashQueue } from "../../src/services/accounts/password.js";
import { AccountStore } from "../../src/services/accounts/store.js";
import { generateEntityId } from "../../src/services/accounts/names.js";
import { startStack, type Stack } from "./harness/stack.js";

let stack: Stack;
const original = passwordHashQueue();

beforeAll(async () => {
  stack = await startStack();
  new AccountStore(stack.app.db).create({
    id: generateEntityId(),
    name: "Queued",
    passwordHash: await hashPassword("queued-password-1", { N: 1024, r: 8, p: 1 }),
    passwordGenerated: false,
    email: "queued@example.org",
    emailCanonical: "queued@example.org",
    status: "active",
    origin: "nickserv",
    now: stack.clock.now(),
  });
});

afterAll(async () => {
  await stack?.stop();
});

afterEach(() => setPasswordHashQueue(original));

/** A queue whose only slot is taken and which lets nothing wait; `free()` gives the slot back. */
function fullQueue(): { free: () => Promise<void> } {
  const queue = new HashQueue({ concurrency: 1, maxWaiting: 0 });
  let release!: () => void;
  const holding = queue.run(() => new Promise<void>((resolve) => (release = resolve)));
  setPasswordHashQueue(queue);
  return {
    free: async () => {
      release();
      await holding;
    },
  };
}

describe("password hashing queue, full", () => {
  it("answers IDENTIFY with 'busy, try again', and the same IDENTIFY works once there is room", async () => {
    const client = await stack.connect("QueuedOne");
    const queue = fullQueue();
    client.say("NickServ", "IDENTIFY Queued queued-password-1");
    expect(await client.waitNotice("NickServ")).toBe("Services are busy checking passwords; please try again in a few seconds.");
    await queue.free();
    client.say("NickServ", "IDENTIFY Queued queued-password-1");
    expect(await client.waitNotice("NickServ")).toBe("You are now logged in as Queued.");
  });

  it("fails SASL PLAIN with a 'busy' explanation, and the same SASL login works once there is room", async () => {
    const queue = fullQueue();
    const refused = await stack.connect("QueuedTwo", { sasl: { account: "Queued", password: "queued-password-1" } });
    expect(refused.saslFailure).toBe("fail");
    expect(await refused.waitNotice("NickServ", (t) => t.startsWith("SASL login failed"))).toMatch(/busy checking passwords/);
    await queue.free();
    const accepted = await stack.connect("QueuedThree", { sasl: { account: "Queued", password: "queued-password-1" } });
    expect(accepted.saslFailure).toBeNull();
    expect(accepted.account).toBe("Queued");
  });
});
