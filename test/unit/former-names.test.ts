/**
 * A degraded account found by the name its owner remembers (issue 19): RECLAIM, IDENTIFY and SASL
 * given the old name look at the degraded accounts that had it, without telling a stranger which
 * exist, and with the login throttle counting every guess.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeWorld, type World } from "./expiry-fixture.js";
import { DAY, TEST_WORDING } from "../support.js";
import { authFailureText, reclaimFailureText } from "../../src/commands/nickserv/failures.js";
import { identify } from "../../src/commands/nickserv/identify.js";
import { info } from "../../src/commands/nickserv/info.js";
import { reclaim } from "../../src/commands/nickserv/reclaim.js";
import { MAX_FORMER_NAME_CANDIDATES } from "../../src/services/accounts/former-names.js";
import type { Account } from "../../src/services/accounts/store.js";

let w: World;
const FIRST_PASSWORD = "first tom password";
const SECOND_PASSWORD = "second tom password";

/** Registers `name` with `password` and lets its nicks expire; returns the degraded account. */
async function degraded(name: string, password: string): Promise<Account> {
  const account = await w.register(name, { password, email: `${password.replace(/ /g, "")}@example.org` });
  w.clock.advance(61 * DAY);
  await w.run();
  const after = w.store.byId(account.id)!;
  expect(after.name).toBe(`${account.id}-${name}`);
  return after;
}

let first: Account;
let second: Account;

beforeEach(async () => {
  w = makeWorld();
  // Two people had the name Tom, one after the other; both accounts degraded.
  first = await degraded("Tom", FIRST_PASSWORD);
  second = await degraded("Tom", SECOND_PASSWORD);
  w.connect("001FORMER", "Thomas");
});
afterEach(() => w.close());

const request = (password: string, extra: { reference?: string; newName?: string; ip?: string } = {}) => ({
  uid: "001FORMER",
  nick: "Thomas",
  ip: extra.ip ?? "192.0.2.1",
  reference: extra.reference ?? "tom",
  password,
  ...(extra.newName !== undefined ? { newName: extra.newName } : {}),
});

describe("RECLAIM by the old name", () => {
  it("reclaims the one of the degraded accounts once named so whose password matches", async () => {
    const result = await w.accounts.reclaim(request(SECOND_PASSWORD, { newName: "Tom" }));
    if (!result.ok) throw new Error(reclaimFailureText(result.error, TEST_WORDING));
    expect(result.value.account.id).toBe(second.id);
    expect(w.store.byId(second.id)).toMatchObject({ name: "Tom", degradedAt: null, originalName: null });
    expect(w.store.nickOwner("Tom")?.accountId).toBe(second.id);
    expect(w.sessions.get("001FORMER")?.accountId).toBe(second.id);
    // The other one is untouched, still found by its old name.
    expect(w.store.byId(first.id)).toEqual(first);

    w.connect("001FORMR2", "Tomas");
    const other = await w.accounts.reclaim({ ...request(FIRST_PASSWORD), uid: "001FORMR2", nick: "Tomas" });
    expect(other.ok && other.value.account.id).toBe(first.id);
    expect(w.store.byId(first.id)?.name).toBe("Tomas");
  });

  it("gives the same answer to a wrong password as to a name no account had, and changes nothing", async () => {
    const wrong = await w.accounts.reclaim(request("not the password"));
    const nobody = await w.accounts.reclaim(request("not the password", { reference: "Nobody", ip: "192.0.2.77" }));
    expect(!wrong.ok && wrong.error).toEqual({ kind: "no-former-match", reference: "tom" });
    expect(!nobody.ok && nobody.error).toEqual({ kind: "no-former-match", reference: "Nobody" });
    const text = (r: typeof wrong, name: string) => (!r.ok ? reclaimFailureText(r.error, TEST_WORDING).replaceAll(name, "<name>") : "");
    expect(text(wrong, "tom")).toBe(text(nobody, "Nobody"));
    expect(text(wrong, "tom")).toContain("RECLAIM <entity ID> <password>");
    expect(w.store.byId(first.id)).toEqual(first);
    expect(w.store.byId(second.id)).toEqual(second);
    expect(w.sessions.get("001FORMER")).toBeUndefined();
  });

  it("counts a wrong guess against every candidate and the address, so the old name gives no extra budget", async () => {
    const limit = w.config.security.login_attempts_per_minute;
    for (let i = 0; i < limit; i++) {
      const r = await w.accounts.reclaim(request("guess " + i, { ip: `198.51.100.${i + 1}` }));
      expect(!r.ok && r.error.kind).toBe("no-former-match");
    }
    // Each account was tried `limit` times: both are locked, whatever the address.
    const byName = await w.accounts.reclaim(request(SECOND_PASSWORD, { ip: "203.0.113.5" }));
    expect(!byName.ok && byName.error.kind === "auth" && byName.error.failure).toMatchObject({ kind: "throttled", scope: "account" });
    const byId = await w.accounts.authenticate(first.id, FIRST_PASSWORD, "203.0.113.6");
    expect(!byId.ok && byId.error).toMatchObject({ kind: "throttled", scope: "account" });
    expect(w.store.byId(second.id)?.degradedAt).not.toBeNull();
  });

  it("still answers that an account which is not degraded is not, and names a taken new name", async () => {
    const fresh = await w.register("Fresh", { password: FIRST_PASSWORD });
    const notDegraded = await w.accounts.reclaim(request(FIRST_PASSWORD, { reference: "Fresh" }));
    expect(!notDegraded.ok && notDegraded.error).toEqual({ kind: "not-degraded", account: "Fresh" });
    const taken = await w.accounts.reclaim(request(FIRST_PASSWORD, { newName: "Fresh" }));
    expect(!taken.ok && taken.error).toEqual({ kind: "name-taken", name: "Fresh", reference: "tom" });
    expect(w.store.byId(fresh.id)?.name).toBe("Fresh");
    expect(w.store.byId(first.id)).toEqual(first);
  });

  it("finds a name however it is cased, as the ircd folds it", async () => {
    const squares = await degraded("[Tom]", "square brackets");
    const result = await w.accounts.reclaim(request("square brackets", { reference: "{TOM}", newName: "Square" }));
    expect(result.ok && result.value.account.id).toBe(squares.id);
  });

  it("looks at the most recently degraded accounts of a name only, up to a bound", async () => {
    for (let i = 0; i < MAX_FORMER_NAME_CANDIDATES; i++) await degraded("Tom", `later tom ${i}`);
    // The first Tom is now the oldest of more than the bound: found by entity ID, not by name.
    const byName = await w.accounts.reclaim(request(FIRST_PASSWORD, { ip: "203.0.113.9" }));
    expect(!byName.ok && byName.error.kind).toBe("no-former-match");
    const byId = await w.accounts.reclaim(request(FIRST_PASSWORD, { reference: first.id, ip: "203.0.113.10" }));
    expect(byId.ok && byId.value.account.id).toBe(first.id);
  });

  it("finds candidates through the index of migration 0017", () => {
    const plan = w.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM accounts WHERE degraded_at IS NOT NULL
           AND lower(replace(replace(replace(replace(original_name, '[', '{'), ']', '}'), '\\', '|'), '~', '^')) = ? ORDER BY degraded_at DESC, id LIMIT 5`,
      )
      .all("tom") as { detail: string }[];
    expect(plan.map((r) => r.detail).join("; ")).toContain("accounts_degraded_original_name");
    expect(w.store.degradedByOriginalName("TOM", 10).map((a) => a.id)).toEqual([second.id, first.id]);
  });

  it("the command replies that the account is reclaimed", async () => {
    const { ctx, replies } = w.ctx("001FORMER");
    await reclaim.run!(ctx, ["Tom", FIRST_PASSWORD]);
    expect(replies[0]).toBe(`You have reclaimed ${first.id}-Tom (entity ID ${first.id}): its name is now Thomas and you are logged in.`);
  });
});

describe("IDENTIFY and SASL by the old name", () => {
  it("answers where the account is now and how to RECLAIM it, without logging in", async () => {
    const auth = await w.accounts.authenticate("Tom", FIRST_PASSWORD, "192.0.2.1");
    expect(!auth.ok && auth.error).toEqual({ kind: "degraded", formerName: "Tom", account: `${first.id}-Tom`, entityId: first.id });
    const { ctx, replies } = w.ctx("001FORMER");
    await identify.run!(ctx, ["Tom", SECOND_PASSWORD]);
    expect(replies).toEqual([
      `The account Tom expired: its nicknames were unused for too long, so it was renamed ${second.id}-Tom (entity ID ${second.id}), ` +
        "keeping its channels and access. You are not logged in. Take it back with /msg NickServ RECLAIM Tom <password> [<new name>]",
    ]);
    expect(w.sessions.get("001FORMER")).toBeUndefined();
  });

  it("answers a wrong password as it answers a name nobody had", async () => {
    const wrong = await w.accounts.authenticate("Tom", "wrong password", "192.0.2.1");
    const nobody = await w.accounts.authenticate("Nobody", "wrong password", "192.0.2.2");
    expect(!wrong.ok && wrong.error).toEqual({ kind: "no-such-account" });
    expect(!nobody.ok && nobody.error).toEqual({ kind: "no-such-account" });
    expect(authFailureText({ kind: "no-such-account" }, "Tom", TEST_WORDING)).toBe("Tom is not a registered account or nickname.");
  });

  it("answers a frozen degraded account's owner with the freeze", async () => {
    w.store.setFlag(first.id, "frozen", true);
    const auth = await w.accounts.authenticate("Tom", FIRST_PASSWORD, "192.0.2.1");
    // The password was proved: the owner is told the freeze (with its reason, when a record has one).
    expect(!auth.ok && auth.error).toMatchObject({ kind: "frozen", account: `${first.id}-Tom` });
    const reclaimed = await w.accounts.reclaim(request(FIRST_PASSWORD));
    expect(!reclaimed.ok && reclaimed.error).toMatchObject({ kind: "auth", failure: { kind: "frozen", account: `${first.id}-Tom` } });
    expect(w.store.byId(first.id)?.degradedAt).not.toBeNull();
  });

  it("does not look at former names when the name is registered now", async () => {
    const newTom = await w.register("Tom", { password: "the new tom" });
    const auth = await w.accounts.authenticate("Tom", FIRST_PASSWORD, "192.0.2.1");
    expect(!auth.ok && auth.error).toEqual({ kind: "bad-password" });
    expect(w.store.byId(newTom.id)?.name).toBe("Tom");
  });
});

describe("logging in to a degraded account", () => {
  it("by entity ID logs in and says that the account is degraded and how to RECLAIM it", async () => {
    const { ctx, replies } = w.ctx("001FORMER");
    await identify.run!(ctx, [first.id, FIRST_PASSWORD]);
    expect(replies).toEqual([
      `You are now logged in as ${first.id}-Tom.`,
      `Your account ${first.id}-Tom is degraded: its nicknames expired (it was named Tom). It keeps its channels and access. ` +
        `To give it a name again, one of your nicknames: /msg NickServ RECLAIM ${first.id} <password> [<new name>]`,
    ]);
    expect(w.sessions.get("001FORMER")?.accountId).toBe(first.id);
  });
});

describe("NickServ INFO on a name nobody has", () => {
  it("says how a former owner takes it back, for every unregistered name alike", () => {
    for (const name of ["Tom", "Nobody"]) {
      const { ctx, replies } = w.ctx("001FORMER");
      info.run!(ctx, [name]);
      expect(replies).toEqual([`${name} is not registered.`, `If ${name} was your account and its nicknames expired, take it back with /msg NickServ RECLAIM ${name} <password>`]);
    }
  });
});
