/**
 * Staff privileges that a stranger cannot inherit (issue 13): an account [opers] gives a class
 * never degrades or expires (OperServ EXPIRING says why), a staff name can never be registered by
 * anyone else, and an [opers] key may be an entity ID that follows the account whatever its name.
 */
import { afterEach, describe, expect, it } from "vitest";
import { expiring } from "../../src/commands/operserv/expiring.js";
import { ALL_PRIVILEGES } from "../../src/config/schema.js";
import { hashPassword } from "../../src/services/accounts/password.js";
import type { Account } from "../../src/services/accounts/store.js";
import { ManualClock } from "../../src/util/clock.js";
import { DAY, FakeMail, requester, testConfig, testDomain, worded } from "../support.js";
import { makeWorld as makeExpiryWorld, type World as ExpiryWorld } from "./expiry-fixture.js";
import { makeWorld as makeAccountsWorld, type World as AccountsWorld } from "./accounts-fixture.js";

const STAFF_ID = "1STAFFID9";

let expiryWorld: ExpiryWorld | undefined;
let accountsWorld: AccountsWorld | undefined;
afterEach(() => {
  expiryWorld?.close();
  accountsWorld?.close();
  expiryWorld = accountsWorld = undefined;
});

async function staffById(w: ExpiryWorld): Promise<Account> {
  return w.store.create({
    id: STAFF_ID,
    name: "Keeper",
    passwordHash: await hashPassword("keeper password", { N: 1024, r: 8, p: 1 }),
    passwordGenerated: false,
    email: "keeper@example.org",
    emailCanonical: "keeper@example.org",
    status: "active",
    origin: "nickserv",
    now: w.clock.now(),
  });
}

describe("staff accounts and expiry", () => {
  it("never degrades or expires an account [opers] gives a class, by name or by entity ID; others still do", async () => {
    const w = (expiryWorld = makeExpiryWorld({ opers: `StaffOne = "admin"\n${STAFF_ID} = "admin"`, nickserv: 'account_expire = "90d"' }));
    const byName = await w.register("StaffOne");
    w.services.staff.claim(byName);
    const byId = await staffById(w);
    const plain = await w.register("Plain");

    w.clock.advance(70 * DAY);
    await w.run();
    expect(w.store.byId(plain.id)?.name).toBe(`${plain.id}-Plain`);
    expect(w.store.byId(byName.id)).toMatchObject({ name: "StaffOne", degradedAt: null });
    expect(w.store.byId(byId.id)).toMatchObject({ name: "Keeper", degradedAt: null });

    w.clock.advance(30 * DAY);
    await w.run();
    expect(w.store.byId(plain.id)).toBeUndefined();
    expect(w.store.byId(byName.id)?.name).toBe("StaffOne");
    expect(w.store.byId(byId.id)?.name).toBe("Keeper");
    expect(w.expiry.deadlines(w.store.byId(byName.id) as Account)).toEqual({ degradeAt: null, expireAt: null });
  });

  it("EXPIRING lists staff accounts that would be due as exempt, with the [opers] entry that exempts them", async () => {
    const w = (expiryWorld = makeExpiryWorld({ opers: `StaffOne = "admin"\n${STAFF_ID} = "admin"` }));
    const byName = await w.register("StaffOne");
    w.services.staff.claim(byName);
    const byId = await staffById(w);
    const plain = await w.register("Plain");
    w.clock.advance(59 * DAY);

    const { ctx, replies } = w.ctx("001OPER00", { privileges: ["expiry"] });
    await expiring.run!(ctx, []);
    expect(replies).toContain(`  Plain (${plain.id}) nicks expire 2026-03-02 00:00 UTC (in 1d)`);
    expect(replies[0]).toBe("Accounts expiring within 7 days: 1");
    expect(replies).toContain("Exempt, as staff (they never degrade or expire): 2");
    expect(replies).toContain(
      `  StaffOne (${byName.id}) exempt: class admin in [opers] (by name StaffOne, bound to this account); otherwise due 2026-03-02 00:00 UTC (in 1d)`,
    );
    expect(replies).toContain(`  Keeper (${byId.id}) exempt: class admin in [opers] (by entity ID ${STAFF_ID}); otherwise due 2026-03-02 00:00 UTC (in 1d)`);
    expect(replies.at(-1)).toBe("*** End of list ***");
  });
});

describe("staff names cannot be inherited", () => {
  it("refuses anyone else a staff name, even after the staff account is gone, and gives no privileges with it", async () => {
    const w = (accountsWorld = makeAccountsWorld());
    const staffUser = await w.registered("StaffOne");
    const staffId = w.store.byName("StaffOne")!.id;
    expect(requester(staffUser, w.domain).privileges).toEqual(new Set(ALL_PRIVILEGES));
    expect(w.accounts.drop(staffId, "test", "system")).toBe(true);

    // A stranger takes the nick and tries to register it.
    const stranger = w.network.add("StaffOne", { ip: "203.0.113.66" });
    const registered = await w.accounts.register(w.actor(stranger), "stranger password", "stranger@example.com");
    expect(worded(registered)).toEqual({ ok: false, error: "StaffOne is reserved for the network's staff and cannot be registered." });
    // ...or to group it to an account of theirs (GROUP groups the nick the user has).
    const other = await w.registered("Stranger");
    w.network.rename(other.uid, "StaffOne");
    const grouped = await w.command(other.uid, "GROUP");
    expect(grouped.join(" ")).toContain("StaffOne is reserved for the network's staff and cannot be registered.");
    expect(w.accounts.nickRegistrationProblem("staffone")).toEqual({ kind: "nick-reserved", nick: "staffone" });
    // Nobody else logged in under that name would get the class either.
    expect(w.domain.staff.privilegesOf({ id: w.store.byName("Stranger")!.id, name: "StaffOne" })).toEqual(new Set());
  });

  it("refuses RECLAIM to a staff name", async () => {
    const w = (expiryWorld = makeExpiryWorld());
    const staff = await w.register("StaffOne");
    w.services.staff.claim(staff);
    w.accounts.drop(staff.id, "test", "system");
    const mine = await w.register("Mine", { password: "my password" });
    w.clock.advance(61 * DAY);
    await w.run();
    expect(w.store.byId(mine.id)?.degradedAt).not.toBeNull();
    w.connect("001AAAAAA", "StaffOne");
    const result = await w.accounts.reclaim({ uid: "001AAAAAA", nick: "StaffOne", ip: "192.0.2.1", reference: mine.id, password: "my password" });
    expect(result).toMatchObject({ ok: false, error: { kind: "name-reserved", name: "StaffOne" } });
  });

  it("binds at start-up a listed name that an account already holds", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const first = testDomain({ config: testConfig(), clock, mail: new FakeMail() });
    const account = first.domain.accounts.deps.store.create({
      id: "1OLDSTAFF",
      name: "OldHand",
      passwordHash: "x",
      passwordGenerated: false,
      email: "old@example.org",
      emailCanonical: "old@example.org",
      status: "active",
      origin: "nickserv",
      now: clock.now(),
    });
    // The name is listed later (services restart with a new config on the same database).
    const second = testDomain({ config: testConfig('[opers]\nOldHand = "admin"\n'), clock, mail: new FakeMail(), db: first.db });
    expect(second.domain.staff.classOf(account)).toMatchObject({ cls: "admin", via: "name" });
    expect(second.domain.audit.forTarget(account.id)[0]).toMatchObject({ action: "staff.name_bound" });
    first.db.close();
  });
});

describe("[opers] keys by entity ID", () => {
  it("gives the class to the account whatever its name becomes", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const { domain, db } = testDomain({ config: testConfig(`[opers]\n${STAFF_ID} = "admin"\n`), clock, mail: new FakeMail() });
    const store = domain.accounts.deps.store;
    store.create({ id: STAFF_ID, name: "Keeper", passwordHash: "x", passwordGenerated: false, email: "k@example.org", emailCanonical: "k@example.org", status: "active", origin: "nickserv", now: 0 });
    expect(domain.staff.privilegesOf({ id: STAFF_ID, name: "Keeper" })).toEqual(new Set(ALL_PRIVILEGES));
    store.rename(STAFF_ID, "Renamed");
    expect(domain.staff.privilegesOf({ id: STAFF_ID, name: "Renamed" })).toEqual(new Set(ALL_PRIVILEGES));
    // The name it had gives nothing to anyone else.
    expect(domain.staff.privilegesOf({ id: "1OTHER001", name: "Keeper" })).toEqual(new Set());
    db.close();
  });
});
