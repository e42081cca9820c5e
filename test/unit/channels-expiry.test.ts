import { afterEach, describe, expect, it } from "vitest";
import { makeChannelWorld, type ChannelWorld } from "./channels-fixture.js";
import { DAY, HOUR, MINUTE } from "../support.js";

let w: ChannelWorld;
afterEach(() => w?.close());

const parted = (world: ChannelWorld): string[] => world.actions.of("partChannel").map((a) => String(a[1]));

describe("verification window", () => {
  it("keeps an unverified registration until the window has passed", async () => {
    w = makeChannelWorld();
    await w.registerWithoutAccount("Alice", "#chan", "alice@example.com");
    await w.advance(48 * HOUR - MINUTE);
    expect(w.channels.store.live("#chan")?.state).toBe("unverified");
  });

  it("drops unverified registrations after 48 hours, lists the email as failed and drops the x2 account", async () => {
    w = makeChannelWorld();
    const u = await w.registerWithoutAccount("Alice", "#chan", "alice@example.com");
    const reports = await w.advance(48 * HOUR);
    expect(reports["channel-verify-expiry"]).toMatchObject({ changed: 1, details: { dropped: 1, expired: 0 } });
    expect(w.channels.store.live("#chan")).toBeUndefined();
    expect(w.channels.store.byId(1)).toMatchObject({ state: "dropped", endReason: "not verified within 2d" });
    expect(w.channels.store.accessList(1)).toEqual([]);
    expect(w.failed.get("alice@example.com")).toMatchObject({ channel: "#chan", at: w.clock.now() });
    expect(w.account("Alice")).toBeUndefined();
    expect(parted(w)).toEqual(["#chan"]);
    expect(w.actions.noticesTo(u.uid).pop()).toBe("Your registration of #chan was dropped: it was not verified within 2d.");
    const actions = w.audit.forTarget("#chan").map((e) => e.action);
    expect(actions).toContain("channel.dropped");
    // The email is refused from now on.
    const again = w.user("Alice2");
    w.opIn("#other", again);
    expect((await w.x2(again, "REGISTER #other alice@example.com"))[0]).toMatch(/failed to verify a channel registration before/);
  });

  it("cancels a registration mail still queued when the registration is dropped", async () => {
    w = makeChannelWorld({ mail: 'delay = "3d"' });
    await w.registerWithoutAccount("Alice", "#chan", "alice@example.com");
    await w.advance(48 * HOUR);
    expect(w.mails("channel_register_password").map((m) => m.status)).toEqual(["cancelled"]);
  });

  it("keeps an account X2 made that owns another channel", async () => {
    w = makeChannelWorld({ channels: "max_per_email = 5" });
    const u = await w.registerWithoutAccount("Alice", "#one", "alice@example.com");
    const owner = w.account("Alice");
    // A second registration owned by the same (still unverified) account, made later.
    w.clock.advance(DAY);
    const store = w.channels.store;
    const second = store.insertRequest(
      { name: "#two", email: "alice2@example.com", emailCanonical: "alice2@example.com", registrant: { ...u, accountId: null }, now: w.clock.now() },
      null,
    );
    store.accept(second.id, { state: "unverified", ownerId: owner!.id, verifyVia: "code", codeHash: "00", accountCreated: false, ts: null, now: w.clock.now() });
    await w.advance(DAY);
    expect(store.byId(1)?.state).toBe("dropped");
    expect(w.account("Alice")).toBeDefined();
  });

  it("expires held requests nobody reviewed within the window and tells the registrant", async () => {
    w = makeChannelWorld({ channels: "registrations_per_hour = 1" });
    await w.registerWithoutAccount("Alice", "#one", "alice@example.com");
    const b = await w.registerWithoutAccount("Bob", "#two", "bob@example.com");
    const reports = await w.advance(48 * HOUR);
    expect(reports["channel-verify-expiry"]?.details).toEqual({ dropped: 1, expired: 1 });
    expect(w.channels.store.byId(2)).toMatchObject({ state: "expired" });
    expect(w.failed.has("bob@example.com")).toBe(false);
    expect(w.actions.noticesTo(b.uid).pop()).toMatch(/request for #two expired: staff did not review it within 2d/);
    expect(parted(w)).toEqual(["#one"]);
  });

  it("is held by the breaker when too many registrations are due at once", async () => {
    w = makeChannelWorld({ maintenance: "breaker_limit = 2", channels: "max_per_email = 10" });
    for (const n of [1, 2, 3]) await w.registerWithoutAccount(`User${n}`, `#chan${n}`, `user${n}@example.com`);
    const reports = await w.advance(48 * HOUR);
    expect(reports["channel-verify-expiry"]).toMatchObject({ changed: 0, held: "would drop 3 unverified channel registrations and expire 0 held requests" });
    expect(w.channels.store.pendingCount()).toBe(3);
    expect(w.actions.of("operNotice").join(" ")).toMatch(/channel-verify-expiry wants to change 3 rows/);
  });
});

describe("establishment", () => {
  it("keeps a channel whose owner visits 24 hours or more after registration", async () => {
    w = makeChannelWorld();
    await w.registerActive("Alice", "#chan");
    await w.advance(25 * HOUR);
    expect(w.channels.store.live("#chan")?.establishedAt).toBe(w.clock.now());
    await w.advance(10 * DAY);
    expect(w.channels.store.live("#chan")?.state).toBe("active");
  });

  it("drops a channel at 10 days when the owner never visited after the first 24 hours", async () => {
    w = makeChannelWorld();
    const u = await w.registerActive("Alice", "#chan");
    await w.advance(HOUR);
    w.net.part("#chan", u.uid);
    await w.advance(10 * DAY - 2 * HOUR);
    expect(w.channels.store.live("#chan")?.state).toBe("active");
    const reports = await w.advance(HOUR);
    expect(reports["channel-establishment"]).toMatchObject({ changed: 1 });
    expect(w.channels.store.byId(1)).toMatchObject({ state: "dropped", endReason: "the owner did not visit it 1d or more after registration" });
    expect(w.channels.store.accessList(1)).toEqual([]);
    expect(parted(w)).toEqual(["#chan"]);
    expect(w.actions.noticesTo(u.uid).pop()).toBe("#chan was dropped: the owner did not visit it 1d or more after registration.");
  });

  it("counts a visit by joining after 24 hours", async () => {
    w = makeChannelWorld();
    const u = await w.registerActive("Alice", "#chan");
    w.net.part("#chan", u.uid);
    w.clock.advance(30 * HOUR);
    w.net.join("#chan", u.uid);
    w.channels.visits.onJoin("#chan", u.uid, false);
    w.net.part("#chan", u.uid);
    await w.advance(10 * DAY);
    expect(w.channels.store.live("#chan")?.state).toBe("active");
  });

  it("does not count a visit by an account that is not the owner", async () => {
    w = makeChannelWorld();
    const u = await w.registerActive("Alice", "#chan");
    const bob = await w.member("Bob");
    w.net.join("#chan", bob.uid);
    expect((await w.x2(u, "ADDUSER #chan Bob manager"))[0]).toMatch(/Bob now has manager/);
    w.net.part("#chan", u.uid);
    await w.advance(10 * DAY);
    expect(w.channels.store.byId(1)?.state).toBe("dropped");
  });
});

describe("inactivity", () => {
  it("expires established channels nobody with access visited for inactive_expire", async () => {
    w = makeChannelWorld({ channels: 'inactive_expire = "30d"' });
    const u = await w.registerActive("Alice", "#chan");
    await w.advance(25 * HOUR);
    w.net.part("#chan", u.uid);
    await w.advance(30 * DAY - MINUTE);
    expect(w.channels.store.live("#chan")?.state).toBe("active");
    const reports = await w.advance(MINUTE);
    expect(reports["channel-inactivity"]).toMatchObject({ changed: 1 });
    expect(w.channels.store.byId(1)).toMatchObject({ state: "expired", endReason: "nobody with access visited it for 4w2d" });
    expect(w.channels.store.accessList(1)).toEqual([]);
  });

  it("never expires channels when inactive_expire is 0", async () => {
    w = makeChannelWorld({ channels: 'inactive_expire = "0"' });
    const u = await w.registerActive("Alice", "#chan");
    await w.advance(25 * HOUR);
    w.net.part("#chan", u.uid);
    await w.advance(3 * 365 * DAY);
    expect(w.channels.store.live("#chan")?.state).toBe("active");
  });

  it("counts a manager's visit as activity", async () => {
    w = makeChannelWorld({ channels: 'inactive_expire = "30d"' });
    const u = await w.registerActive("Alice", "#chan");
    const bob = await w.member("Bob");
    await w.x2(u, "ADDUSER #chan Bob manager");
    await w.advance(25 * HOUR);
    w.net.part("#chan", u.uid);
    w.net.join("#chan", bob.uid);
    await w.advance(40 * DAY);
    expect(w.channels.store.live("#chan")?.state).toBe("active");
  });
});
