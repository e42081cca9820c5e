import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeWorld, type World } from "./expiry-fixture.js";
import { DAY, HOUR, YEAR } from "../support.js";
import { degradedName } from "../../src/services/accounts/names.js";
import { ChannelStore } from "../../src/services/channels/store.js";

let w: World;

beforeEach(() => {
  w = makeWorld();
});
afterEach(() => w.close());

const NICK_EXPIRE = 60 * DAY;
const WARNING = 7 * DAY;

describe("nick expiry warning", () => {
  it("mails the owner once, nick_expire_warning before the nicks expire", async () => {
    const tom = await w.register("Tom");
    w.clock.advance(NICK_EXPIRE - WARNING - 1);
    await w.run();
    expect(w.mails).toHaveLength(0);

    w.clock.advance(1);
    const report = await w.run();
    expect(report.details).toMatchObject({ warned: 1 });
    expect(w.mails).toHaveLength(1);
    expect(w.mails[0]).toMatchObject({
      template: "nick_expire_warning",
      to: "tom@example.org",
      priority: "bulk", // one run may queue thousands: never ahead of codes and registration mail
      // The time left is worded when the mail is sent (templates.ts): the data holds the moment.
      data: { account: "Tom", entityId: tom.id, degradedName: `${tom.id}-Tom`, degradeAt: tom.lastSeenAt + NICK_EXPIRE },
    });

    w.clock.advance(DAY);
    await w.run();
    expect(w.mails).toHaveLength(1);
    expect(w.store.byId(tom.id)?.name).toBe("Tom");
  });

  it("warns again for a new absence after the owner was seen", async () => {
    const tom = await w.register("Tom");
    w.clock.advance(NICK_EXPIRE - WARNING);
    await w.run();
    expect(w.mails.map((m) => m.template)).toEqual(["nick_expire_warning"]);

    w.clock.advance(DAY);
    w.store.markLogin(tom.id, w.clock.now(), "Tom!tom@cloak", "Tom!tom@real", "Tom");
    w.clock.advance(NICK_EXPIRE - WARNING - 1);
    await w.run();
    expect(w.mails).toHaveLength(1);
    w.clock.advance(1);
    await w.run();
    expect(w.mails.map((m) => m.template)).toEqual(["nick_expire_warning", "nick_expire_warning"]);
  });

  it("records that the warning was not mailed when the account's address does not pass the address rules", async () => {
    const tom = await w.register("Tom", { email: "tom@localhost" }); // as imported from Atheme
    const ann = await w.register("Ann");
    w.clock.advance(NICK_EXPIRE - WARNING);
    await w.run();
    const mailed = (id: string) =>
      (JSON.parse(w.db.prepare<[string], { details: string }>("SELECT details FROM audit_log WHERE action = 'account.expiry_warned' AND target = ?").get(id)?.details ?? "{}") as { mailed?: boolean }).mailed;
    expect([mailed(tom.id), mailed(ann.id)]).toEqual([false, true]);
  });
});

describe("degradation", () => {
  it("degrades an account unseen for nick_expire: nicks freed, renamed <entity id>-<name>, nothing else changed", async () => {
    const tom = await w.register("Tom");
    w.clock.advance(HOUR);
    w.store.addNick(tom.id, "Tommy", w.clock.now());
    const before = w.store.byId(tom.id)!;

    w.clock.set(before.lastSeenAt + NICK_EXPIRE - 1);
    await w.run();
    expect(w.store.byId(tom.id)?.degradedAt).toBeNull();

    w.clock.advance(1);
    const report = await w.run();
    expect(report.details).toMatchObject({ degraded: 1 });
    const after = w.store.byId(tom.id)!;
    expect(after.name).toBe(degradedName(tom.id, "Tom"));
    expect(after.name).toBe(`${tom.id}-Tom`);
    expect(after.originalName).toBe("Tom");
    expect(after.degradedAt).toBe(w.clock.now());
    expect(w.store.nicksOf(tom.id)).toEqual([]);
    expect(w.expiry.expiredNicks(tom.id).map((n) => n.nick)).toEqual(["Tom", "Tommy"]);
    // Nothing else changes.
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.email).toBe(before.email);
    expect(after.status).toBe("active");
    expect(after.createdAt).toBe(before.createdAt);
    expect(after.lastSeenAt).toBe(before.lastSeenAt);

    const expiredMail = w.mails.find((m) => m.template === "nick_expired");
    expect(expiredMail).toMatchObject({ to: "tom@example.org", priority: "bulk", data: { account: "Tom", entityId: tom.id, degradedName: `${tom.id}-Tom` } });
    expect(w.events.filter((e) => e.name === "renamed").map((e) => e.args[1])).toEqual(["Tom"]);
    const audit = w.audit.forTarget(tom.id).find((e) => e.action === "account.degraded");
    expect(audit?.details).toMatchObject({ name: "Tom", newName: `${tom.id}-Tom`, nicks: ["Tom", "Tommy"] });
  });

  it("frees the nicks for others to register, while the entity ID still finds the old account", async () => {
    const tom = await w.register("Tom");
    w.clock.advance(NICK_EXPIRE);
    await w.run();
    expect(w.store.nickOwner("Tom")).toBeUndefined();
    expect(w.store.byName("Tom")).toBeUndefined();

    const newcomer = await w.register("Tom", { email: "someone-else@example.org" });
    expect(newcomer.id).not.toBe(tom.id);
    expect(w.store.nickOwner("tom")?.accountId).toBe(newcomer.id);
    expect(w.store.resolve("Tom")?.id).toBe(newcomer.id);
    expect(w.store.resolve(tom.id)?.name).toBe(`${tom.id}-Tom`);
    expect(w.store.resolve(`?${tom.id}`)?.id).toBe(tom.id);
    expect(w.store.resolve(`${tom.id}-Tom`)?.id).toBe(tom.id);
  });

  it("keeps channel access and shows the degraded name in access lists", async () => {
    const tom = await w.register("Tom");
    const owner = await w.register("Owner");
    const channels = new ChannelStore(w.db);
    const registrant = { uid: "001AAAAAZ", nick: "Owner", ident: "o", host: "h", ip: "192.0.2.3", accountId: owner.id };
    const chan = channels.insertRequest({ name: "#chat", email: "owner@example.org", emailCanonical: "owner@example.org", registrant, now: w.clock.now() }, null);
    channels.accept(chan.id, { state: "active", ownerId: owner.id, verifyVia: null, codeHash: null, accountCreated: false, ts: null, now: w.clock.now() });
    channels.addAccess(chan.id, owner.id, 500, "system", w.clock.now());
    channels.addAccess(chan.id, tom.id, 300, owner.id, w.clock.now());
    const listed = () => channels.accessList(chan.id).map((e) => `${e.accountName} ${e.level}`).sort();
    expect(listed()).toEqual(["Owner 500", "Tom 300"]);

    w.clock.advance(NICK_EXPIRE - DAY);
    w.store.markLogin(owner.id, w.clock.now(), "Owner!o@h", "Owner!o@h", "Owner");
    w.clock.advance(DAY);
    await w.run();
    expect(listed()).toEqual([`${tom.id}-Tom 300`, "Owner 500"]);
    expect(channels.accessOf(chan.id, tom.id)?.level).toBe(300);
  });

  it("announces the new name (renamed event) so logged-in users get it on the ircd", async () => {
    const tom = await w.register("Tom");
    // The loop keeps logged-in accounts seen, so only a direct degrade() meets a session.
    w.sessions.set({ uid: "001AAAAAA", accountId: tom.id, since: w.clock.now(), via: "identify" });
    w.expiry.degrade(w.store.byId(tom.id)!, w.clock.now());
    const renamed = w.events.filter((e) => e.name === "renamed").at(-1);
    expect((renamed?.args[0] as { name: string }).name).toBe(`${tom.id}-Tom`);
    expect(renamed?.args[1]).toBe("Tom");
  });

  it("counts sessions restored from a burst (no loggedIn event) as seen", async () => {
    const tom = await w.register("Tom");
    w.sessions.set({ uid: "001AAAAAD", accountId: tom.id, since: w.clock.now(), via: "burst" });
    w.clock.advance(NICK_EXPIRE + DAY);
    await w.run();
    expect(w.store.byId(tom.id)).toMatchObject({ name: "Tom", degradedAt: null, lastSeenAt: w.clock.now() });
  });

  it("does not degrade unverified accounts (the unverified loop drops them)", async () => {
    const pending = await w.register("Pending", { status: "unverified" });
    w.clock.advance(NICK_EXPIRE + DAY);
    await w.run();
    expect(w.store.byId(pending.id)?.name).toBe("Pending");
    expect(w.mails).toHaveLength(0);
  });

  it("honours EXPMAIL OFF: the owner gets no warning and no expiry mail", async () => {
    const tom = await w.register("Tom");
    w.store.setFlag(tom.id, "expmail", false);
    w.clock.advance(NICK_EXPIRE - WARNING);
    await w.run();
    w.clock.advance(WARNING);
    await w.run();
    expect(w.store.byId(tom.id)?.name).toBe(`${tom.id}-Tom`);
    expect(w.mails).toHaveLength(0);
  });

  it("keeps logged-in users' accounts seen, so long-connected users never expire", async () => {
    const tom = await w.register("Tom");
    w.connect("001AAAAAB", "Tom");
    w.sessions.set({ uid: "001AAAAAB", accountId: tom.id, since: w.clock.now(), via: "identify" });
    w.accounts.emit("loggedIn", tom, "001AAAAAB", { via: "identify", generatedPassword: false });
    for (let day = 0; day < 200; day += 10) {
      w.clock.advance(10 * DAY);
      await w.run();
    }
    expect(w.store.byId(tom.id)?.degradedAt).toBeNull();
    expect(w.store.byId(tom.id)?.lastSeenAt).toBe(w.clock.now());
    expect(w.mails).toHaveLength(0);

    // Once the user is gone, the count starts from the last refresh.
    w.sessions.remove("001AAAAAB");
    w.clock.advance(NICK_EXPIRE);
    await w.run();
    expect(w.store.byId(tom.id)?.degradedAt).toBe(w.clock.now());
  });

  it("never degrades an account someone is logged in to, even between refreshes", async () => {
    const tom = await w.register("Tom");
    await w.expiry.refreshSeen(w.clock.now(), { force: true });
    w.clock.advance(30 * 60_000);
    // Logged in without the loop's refresh having seen it yet, and the clock far ahead.
    await w.expiry.refreshSeen(w.clock.now());
    w.sessions.set({ uid: "001AAAAAE", accountId: tom.id, since: w.clock.now(), via: "sasl" });
    const count = w.expiry.countDue(w.clock.now() + NICK_EXPIRE);
    expect(count.degrade).toBe(1);
    const batch = w.expiry.processBatch("degrade", w.clock.now() + NICK_EXPIRE, null, 10);
    expect(batch).toMatchObject({ changed: 0, exempt: 1 });
    expect(w.store.byId(tom.id)).toMatchObject({ name: "Tom", degradedAt: null, lastSeenAt: w.clock.now() + NICK_EXPIRE });
  });

  it("writes last seen for every logged-in account at once (a clean shutdown)", async () => {
    const tom = await w.register("Tom");
    const ann = await w.register("Ann");
    const away = await w.register("Away");
    w.sessions.set({ uid: "001AAAAAF", accountId: tom.id, since: w.clock.now(), via: "identify" });
    w.sessions.set({ uid: "001AAAAAG", accountId: ann.id, since: w.clock.now(), via: "burst" });
    await w.expiry.refreshSeen(w.clock.now(), { force: true });
    // Ten minutes later, well inside the hour the refresh waits: the shutdown writes it anyway.
    w.clock.advance(10 * 60_000);
    expect(w.expiry.recordSessionsSeen(w.clock.now())).toBe(2);
    expect(w.store.byId(tom.id)?.lastSeenAt).toBe(w.clock.now());
    expect(w.store.byId(ann.id)?.lastSeenAt).toBe(w.clock.now());
    expect(w.store.byId(away.id)?.lastSeenAt).toBe(away.lastSeenAt);
  });

  it("expires nothing while the link is not ready: who is online is not known yet", async () => {
    const tom = await w.register("Tom");
    w.network.linked = false;
    w.clock.advance(NICK_EXPIRE);
    expect(await w.run()).toMatchObject({ changed: 0, details: { waiting: "the link to the network is not ready" } });
    expect(w.store.byId(tom.id)?.degradedAt).toBeNull();
    w.network.linked = true;
    expect(await w.run()).toMatchObject({ changed: 1 });
    expect(w.store.byId(tom.id)?.degradedAt).toBe(w.clock.now());
  });

  it("gives the deadlines of an account from its last seen", async () => {
    const tom = await w.register("Tom");
    expect(w.expiry.deadlines(tom)).toEqual({ degradeAt: tom.lastSeenAt + NICK_EXPIRE, expireAt: tom.lastSeenAt + 3 * YEAR });
    w.store.setFlag(tom.id, "noexpire", true);
    expect(w.expiry.deadlines(w.store.byId(tom.id)!)).toEqual({ degradeAt: null, expireAt: null });
  });

  it("refreshes last seen of online accounts at most once an hour", async () => {
    const tom = await w.register("Tom");
    w.sessions.set({ uid: "001AAAAAC", accountId: tom.id, since: w.clock.now(), via: "identify" });
    w.accounts.emit("loggedIn", tom, "001AAAAAC", { via: "identify", generatedPassword: false });
    w.clock.advance(2 * HOUR);
    expect(await w.expiry.refreshSeen(w.clock.now())).toBe(1);
    const seen = w.clock.now();
    w.clock.advance(30 * 60_000);
    expect(await w.expiry.refreshSeen(w.clock.now())).toBe(0);
    expect(await w.expiry.refreshSeen(w.clock.now(), { force: true })).toBe(0);
    expect(w.store.byId(tom.id)?.lastSeenAt).toBe(seen);
  });
});

describe("account expiry", () => {
  it("drops the account after account_expire (3y), long after its nicks expired", async () => {
    const tom = await w.register("Tom");
    w.store.addNick(tom.id, "Tommy", w.clock.now());
    w.clock.advance(NICK_EXPIRE);
    await w.run();
    expect(w.store.byId(tom.id)?.name).toBe(`${tom.id}-Tom`);

    w.clock.set(tom.lastSeenAt + 3 * YEAR - 1);
    await w.run();
    expect(w.store.byId(tom.id)).toBeDefined();

    w.clock.advance(1);
    const report = await w.run();
    expect(report.details).toMatchObject({ dropped: 1 });
    expect(w.store.byId(tom.id)).toBeUndefined();
    expect(w.expiry.expiredNicks(tom.id)).toEqual([]);
    const record = w.audit.forTarget(tom.id).find((e) => e.action === "account.expired");
    expect(record?.details).toMatchObject({ name: `${tom.id}-Tom`, originalName: "Tom", expiredNicks: ["Tom", "Tommy"] });
    expect(w.events.filter((e) => e.name === "dropped").map((e) => e.args)).toEqual([[tom.id, "expired"]]);
  });

  it("never drops accounts when account_expire is 0", async () => {
    const never = makeWorld({ nickserv: 'account_expire = "0"' });
    try {
      const tom = await never.register("Tom");
      never.clock.advance(10 * YEAR);
      await never.run();
      expect(never.store.byId(tom.id)?.name).toBe(`${tom.id}-Tom`);
      expect(never.expiry.countDue(never.clock.now())).toMatchObject({ expire: 0, degrade: 0, warn: 0 });
    } finally {
      never.close();
    }
  });

  it("drops an account without degrading it first when it is already past account_expire", async () => {
    const tom = await w.register("Tom");
    w.clock.advance(4 * YEAR);
    await w.run();
    expect(w.store.byId(tom.id)).toBeUndefined();
    expect(w.mails).toHaveLength(0);
    expect(w.audit.forTarget(tom.id).map((e) => e.action).sort()).toEqual(["account.drop", "account.expired"]);
  });
});

describe("exemptions", () => {
  it("never degrades or drops NOEXPIRE accounts", async () => {
    const kept = await w.register("Kept");
    w.store.setFlag(kept.id, "noexpire", true);
    w.clock.advance(5 * YEAR);
    await w.run();
    expect(w.store.byId(kept.id)?.name).toBe("Kept");
    expect(w.mails).toHaveLength(0);
  });

  it("never degrades or drops frozen accounts", async () => {
    const frozen = await w.register("Frozen");
    w.store.setFlag(frozen.id, "frozen", true);
    w.clock.advance(5 * YEAR);
    await w.run();
    expect(w.store.byId(frozen.id)?.name).toBe("Frozen");
    expect(w.mails).toHaveLength(0);
  });

  it("leaves accounts with an open deletion case alone (pluggable check)", async () => {
    const held = await w.register("Held");
    const other = await w.register("Other");
    w.expiry.hasOpenDeletionCase = (id) => id === held.id;
    expect(w.expiry.isExempt(w.store.byId(held.id)!)).toBe(true);
    expect(w.expiry.isExempt(w.store.byId(other.id)!)).toBe(false);
    w.clock.advance(NICK_EXPIRE);
    const report = await w.run();
    expect(report.details).toMatchObject({ degraded: 1, exempt: 1 });
    expect(w.store.byId(held.id)?.name).toBe("Held");
    expect(w.store.byId(other.id)?.name).toBe(`${other.id}-Other`);
  });

  it("by default no account has an open deletion case", async () => {
    const tom = await w.register("Tom");
    expect(w.expiry.hasOpenDeletionCase(tom.id)).toBe(false);
    expect(w.expiry.isExempt(tom)).toBe(false);
  });
});

describe("the loop's breaker and batches", () => {
  it("holds a run that would change more rows than breaker_limit, until an oper confirms", async () => {
    const small = makeWorld({ maintenance: "breaker_limit = 3" });
    try {
      const ids = [];
      for (const name of ["A1", "A2", "A3", "A4", "A5"]) ids.push((await small.register(name)).id);
      small.clock.advance(NICK_EXPIRE);
      const held = await small.run();
      expect(held.changed).toBe(0);
      expect(held.held).toContain("degrade 5");
      expect(small.actions.operNotices.join("\n")).toContain("BREAKER CONFIRM account-expiry");
      for (const id of ids) expect(small.store.byId(id)?.degradedAt).toBeNull();

      // Held until confirmed, however often it runs.
      expect((await small.run()).changed).toBe(0);
      expect(small.breaker.confirm("account-expiry", "StaffOne")).toBe(true);
      const released = await small.run();
      expect(released.changed).toBe(5);
      for (const id of ids) expect(small.store.byId(id)?.degradedAt).not.toBeNull();
    } finally {
      small.close();
    }
  });

  it("walks due accounts in batches, each its own transaction, yielding between batches", async () => {
    let pauses = 0;
    const batched = makeWorld({ loop: { batchSize: 2, pause: async () => void pauses++ } });
    try {
      for (const name of ["B1", "B2", "B3", "B4", "B5"]) await batched.register(name);
      batched.clock.advance(NICK_EXPIRE);
      const report = await batched.run();
      expect(report.changed).toBe(5);
      expect(report.details).toMatchObject({ degraded: 5, batches: 3 });
      expect(pauses).toBe(3);
    } finally {
      batched.close();
    }
  });

  it("finds due accounts with the partial indexes, not a table scan or a sort", () => {
    const plans = w.expiry.queryPlans();
    for (const name of ["countDegrade", "countWarn", "dueDegrade", "dueWarn"]) expect(plans[name]).toMatch(/^SEARCH accounts USING INDEX accounts_nick_expiry/);
    for (const name of ["countExpire", "dueExpire"]) expect(plans[name]).toMatch(/^SEARCH accounts USING INDEX accounts_account_expiry/);
    for (const name of ["dueExpire", "dueDegrade", "dueWarn"]) expect(plans[name]).not.toContain("TEMP B-TREE");
    expect(plans["upcoming"]).not.toMatch(/SCAN accounts/);
  });

  it("counts what is due without overlap between drop, degrade and warn", async () => {
    await w.register("Old");
    w.clock.advance(2 * YEAR);
    await w.register("Mid");
    w.clock.advance(YEAR - 56 * DAY);
    await w.register("New");
    w.clock.advance(57 * DAY);
    // Old: unseen 3y and a day (drop); Mid: a year and a day (degrade); New: 57 days (warn).
    expect(w.expiry.countDue(w.clock.now())).toEqual({ expire: 1, degrade: 1, warn: 1, total: 3 });
  });
});
