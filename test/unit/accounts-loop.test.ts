import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { unverifiedAccountsLoop } from "../../src/loops/unverified-accounts.js";
import { makeWorld, type World } from "./accounts-fixture.js";
import { HOUR, explain } from "../support.js";

let w: World;
beforeEach(() => {
  w = makeWorld();
});
afterEach(() => w.close());

async function registerUnverified(nick: string) {
  const { user, result } = await w.register(nick);
  if (!result.ok) throw new Error(explain(result.error));
  return { user, account: result.value };
}

describe("unverified-accounts loop", () => {
  it("drops NickServ registrations not verified within 24 hours, freeing their nicks", async () => {
    const { user, account } = await registerUnverified("Late");
    await w.registered("Kept");
    const dropped: string[] = [];
    w.accounts.on("dropped", (id, reason) => dropped.push(`${id}:${reason}`));
    w.accounts.on("loggedOut", (id) => dropped.push(`loggedOut:${id}`));

    w.clock.advance(24 * HOUR - 1000);
    expect(await unverifiedAccountsLoop.run(w.services)).toEqual({ changed: 0 });
    expect(w.store.byId(account.id)).toBeDefined();

    w.clock.advance(1000);
    const report = await unverifiedAccountsLoop.run(w.services);
    expect(report).toMatchObject({ changed: 1 });
    expect(w.store.byId(account.id)).toBeUndefined();
    expect(w.store.nickOwner("Late")).toBeUndefined();
    expect(w.store.byName("Kept")).toBeDefined();
    // Unverified accounts were never logged in at the ircd: no logout is sent or emitted.
    expect(dropped).toEqual([`${account.id}:not verified within 1d`]);
    expect(w.actions.of("setLogin")).toHaveLength(1); // Kept's login only
    expect(w.accounts.pendingAccountOf(user.uid)).toBeNull();
    expect(w.audit.forTarget(account.id)[0]).toMatchObject({ actor: "system", action: "account.drop" });
    // The queued verification mail is taken back.
    expect(w.mail.sent.find((m) => m.ref === `account:${account.id}:register`)?.cancelled).toBe(true);
    // The nick can be registered again.
    const again = w.network.add("Late");
    expect((await w.accounts.register(w.actor(again), "correct horse", "late@example.com")).ok).toBe(true);
  });

  it("leaves accounts made by X2 REGISTER to their channel", async () => {
    const created = await w.accounts.createForChannel("ChanOwner", "owner@example.com");
    if (!created.ok) throw new Error(explain(created.error));
    w.clock.advance(30 * HOUR);
    expect(await unverifiedAccountsLoop.run(w.services)).toEqual({ changed: 0 });
    expect(w.store.byId(created.value.account.id)).toBeDefined();
  });

  it("is held by the breaker when it would drop more than breaker_limit accounts, until an oper confirms", async () => {
    for (let i = 0; i < 7; i++) await registerUnverified(`Bulk${i}`);
    w.clock.advance(25 * HOUR);
    const held = await unverifiedAccountsLoop.run(w.services);
    expect(held.changed).toBe(0);
    expect(held.held).toContain("7 unverified accounts");
    expect(w.store.count()).toBe(7);
    const notices = w.actions.of("operNotice").map((a) => String(a[0]));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("BREAKER CONFIRM unverified-accounts");
    // Held again on the next run, without telling opers twice.
    await unverifiedAccountsLoop.run(w.services);
    expect(w.actions.of("operNotice")).toHaveLength(1);
    expect(w.breaker.confirm("unverified-accounts", "1OPERATOR")).toBe(true);
    expect(await unverifiedAccountsLoop.run(w.services)).toMatchObject({ changed: 7 });
    expect(w.store.count()).toBe(0);
  });
});
