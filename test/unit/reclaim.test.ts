import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeWorld, type World } from "./expiry-fixture.js";
import { DAY, TEST_WORDING } from "../support.js";
import { reclaimFailureText } from "../../src/commands/nickserv/failures.js";
import { reclaim } from "../../src/commands/nickserv/reclaim.js";
import type { Account } from "../../src/services/accounts/store.js";

let w: World;
let tom: Account;

const PASSWORD = "correct horse";

/** Registers Tom and lets his nicks expire. */
async function degradedTom(): Promise<Account> {
  const account = await w.register("Tom", { password: PASSWORD });
  w.store.addNick(account.id, "Tommy", w.clock.now());
  w.clock.advance(60 * DAY);
  await w.run();
  const degraded = w.store.byId(account.id)!;
  expect(degraded.name).toBe(`${account.id}-Tom`);
  return degraded;
}

beforeEach(async () => {
  w = makeWorld();
  tom = await degradedTom();
  w.connect("001RECLM1", "Thomas");
});
afterEach(() => w.close());

function snapshot(id: string) {
  return { account: w.store.byId(id), nicks: w.store.nicksOf(id), session: w.sessions.get("001RECLM1") };
}

describe("RECLAIM", () => {
  it("reclaims by degraded name, taking the caller's current nick as the name", async () => {
    const result = await w.accounts.reclaim({ uid: "001RECLM1", nick: "Thomas", ip: "192.0.2.1", reference: tom.name, password: PASSWORD });
    expect(result.ok).toBe(true);
    const after = w.store.byId(tom.id)!;
    expect(after.name).toBe("Thomas");
    expect(after.originalName).toBeNull();
    expect(after.degradedAt).toBeNull();
    expect(w.store.nicksOf(tom.id).map((n) => n.nick)).toEqual(["Thomas"]);
    expect(w.store.nickOwner("thomas")?.accountId).toBe(tom.id);
    // Logged in (via reclaim), and the ircd was told the new name.
    expect(w.sessions.get("001RECLM1")).toMatchObject({ accountId: tom.id, via: "reclaim" });
    expect(w.accounts.accountOf("001RECLM1")?.name).toBe("Thomas");
    expect(w.actions.of("setLogin").at(-1)).toEqual(["001RECLM1", { id: tom.id, name: "Thomas" }]);
    // Password, email unchanged; audited.
    expect(after.passwordHash).toBe(tom.passwordHash);
    expect(after.email).toBe(tom.email);
    const record = w.audit.forTarget(tom.id).find((e) => e.action === "account.reclaimed");
    expect(record?.details).toMatchObject({ from: `${tom.id}-Tom`, to: "Thomas", originalName: "Tom" });
    expect(w.events.filter((e) => e.name === "renamed").at(-1)?.args[1]).toBe(`${tom.id}-Tom`);
  });

  it("reclaims by entity ID with a new name other than the current nick", async () => {
    const result = await w.accounts.reclaim({
      uid: "001RECLM1",
      nick: "Thomas",
      ip: "192.0.2.1",
      reference: tom.id,
      password: PASSWORD,
      newName: "Tom",
    });
    expect(result.ok).toBe(true);
    expect(w.store.byId(tom.id)?.name).toBe("Tom");
    expect(w.store.nickOwner("Tom")?.accountId).toBe(tom.id);
    expect(w.store.nickOwner("Thomas")).toBeUndefined();
    expect(w.sessions.get("001RECLM1")?.accountId).toBe(tom.id);
  });

  it("reclaims by ?entity ID and by entity ID without a new name", async () => {
    const byQuery = await w.accounts.reclaim({ uid: "001RECLM1", nick: "Thomas", ip: "192.0.2.1", reference: `?${tom.id}`, password: PASSWORD });
    expect(byQuery.ok).toBe(true);
    expect(w.store.byId(tom.id)?.name).toBe("Thomas");

    const other = await w.register("Ann", { password: PASSWORD });
    w.clock.advance(60 * DAY);
    w.sessions.remove("001RECLM1");
    await w.run();
    w.connect("001RECLM2", "Annie");
    const bare = await w.accounts.reclaim({ uid: "001RECLM2", nick: "Annie", ip: "192.0.2.2", reference: other.id.toLowerCase(), password: PASSWORD });
    expect(bare.ok).toBe(true);
    expect(w.store.byId(other.id)?.name).toBe("Annie");
  });

  it("refuses a name registered to another account, changing nothing and not logging in", async () => {
    const thomas = await w.register("Thomas", { email: "thomas@example.org" });
    const before = snapshot(tom.id);
    const result = await w.accounts.reclaim({ uid: "001RECLM1", nick: "Thomas", ip: "192.0.2.1", reference: tom.name, password: PASSWORD });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe("name-taken");
      expect(reclaimFailureText(result.error, TEST_WORDING)).toContain("Thomas is registered to another account");
    }
    expect(snapshot(tom.id)).toEqual(before);
    expect(w.sessions.get("001RECLM1")).toBeUndefined();
    expect(w.store.nickOwner("Thomas")?.accountId).toBe(thomas.id);

    // A grouped nick of another account is taken too.
    w.store.addNick(thomas.id, "Tommy2", w.clock.now());
    const grouped = await w.accounts.reclaim({ uid: "001RECLM1", nick: "Thomas", ip: "192.0.2.1", reference: tom.id, password: PASSWORD, newName: "TOMMY2" });
    expect(!grouped.ok && grouped.error.kind).toBe("name-taken");
    expect(snapshot(tom.id)).toEqual(before);
  });

  it("refuses when the name is registered by someone else during the password check", async () => {
    const authenticate = w.accounts.authenticate.bind(w.accounts);
    w.accounts.authenticate = async (...args) => {
      const result = await authenticate(...args);
      await w.register("Thomas", { email: "quick@example.org" });
      return result;
    };
    const before = w.store.byId(tom.id);
    const result = await w.accounts.reclaim({ uid: "001RECLM1", nick: "Thomas", ip: "192.0.2.1", reference: tom.name, password: PASSWORD });
    expect(!result.ok && result.error.kind).toBe("name-taken");
    expect(w.store.byId(tom.id)).toEqual(before);
    expect(w.sessions.get("001RECLM1")).toBeUndefined();
  });

  it("refuses an account that is not degraded: use IDENTIFY", async () => {
    await w.register("Fresh", { password: PASSWORD });
    const result = await w.accounts.reclaim({ uid: "001RECLM1", nick: "Thomas", ip: "192.0.2.1", reference: "Fresh", password: PASSWORD });
    expect(!result.ok && result.error.kind).toBe("not-degraded");
    expect(!result.ok && reclaimFailureText(result.error, TEST_WORDING)).toBe("Fresh is not degraded; use /msg NickServ IDENTIFY Fresh <password>.");
    expect(w.sessions.get("001RECLM1")).toBeUndefined();
  });

  it("refuses a wrong password and counts it against the login throttle", async () => {
    const before = snapshot(tom.id);
    const wrong = await w.accounts.reclaim({ uid: "001RECLM1", nick: "Thomas", ip: "192.0.2.9", reference: tom.id, password: "nope" });
    expect(!wrong.ok && wrong.error.kind).toBe("auth");
    expect(snapshot(tom.id)).toEqual(before);
    const limit = w.config.security.login_attempts_per_minute;
    let throttled = false;
    for (let i = 0; i < limit + 1 && !throttled; i++) {
      const r = await w.accounts.reclaim({ uid: "001RECLM1", nick: "Thomas", ip: "192.0.2.9", reference: tom.id, password: "nope" });
      throttled = !r.ok && r.error.kind === "auth" && r.error.failure.kind === "throttled";
    }
    expect(throttled).toBe(true);
    expect(snapshot(tom.id)).toEqual(before);
  });

  it("refuses an invalid new name and an unknown account", async () => {
    const invalid = await w.accounts.reclaim({ uid: "001RECLM1", nick: "Thomas", ip: "192.0.2.1", reference: tom.id, password: PASSWORD, newName: "9lives" });
    expect(!invalid.ok && invalid.error.kind).toBe("invalid-name");
    const degradedLike = await w.accounts.reclaim({ uid: "001RECLM1", nick: "Thomas", ip: "192.0.2.1", reference: tom.id, password: PASSWORD, newName: `${tom.id}-X` });
    expect(!degradedLike.ok && degradedLike.error.kind).toBe("invalid-name");
    const unknown = await w.accounts.reclaim({ uid: "001RECLM1", nick: "Thomas", ip: "192.0.2.1", reference: "1ZZZZZZZZ", password: PASSWORD });
    expect(!unknown.ok && unknown.error).toEqual({ kind: "no-account", reference: "1ZZZZZZZZ" });
    expect(w.store.byId(tom.id)?.name).toBe(`${tom.id}-Tom`);
  });

  it("lets the owner of a degraded account log in with its degraded name or entity ID", async () => {
    for (const reference of [tom.name, tom.id, `?${tom.id}`]) {
      const auth = await w.accounts.authenticate(reference, PASSWORD, "192.0.2.1");
      expect(auth.ok && auth.value.account.id).toBe(tom.id);
    }
  });
});

describe("the RECLAIM command", () => {
  it("replies with the new name and logs the user in", async () => {
    const { ctx, replies } = w.ctx("001RECLM1");
    await reclaim.run!(ctx, [tom.id, PASSWORD, "Tom"]);
    expect(replies[0]).toBe(`You have reclaimed ${tom.id}-Tom (entity ID ${tom.id}): its name is now Tom and you are logged in.`);
    expect(replies[1]).toContain("/nick Tom");
    expect(w.sessions.get("001RECLM1")?.accountId).toBe(tom.id);
  });

  it("replies with the reason of a refusal", async () => {
    await w.register("Thomas", { email: "thomas@example.org" });
    const { ctx, replies } = w.ctx("001RECLM1");
    await reclaim.run!(ctx, [tom.name, PASSWORD]);
    expect(replies).toEqual([`Thomas is registered to another account; choose another name: RECLAIM ${tom.name} <password> <new name>`]);
  });
});
