import { afterEach, describe, expect, it } from "vitest";
import { fillTemplate, frozenText, suspendedText } from "../../src/commands/freeze-words.js";
import { splitReason } from "../../src/commands/operserv/freeze.js";
import { wording } from "../../src/commands/words.js";
import { freezeExpiryLoop } from "../../src/loops/freeze-expiry.js";
import { FREEZE_EXPIRY_LOOP } from "../../src/services/lifecycle/freeze/service.js";
import { FREEZE_RECORD_TABLES, snapshotTables } from "../db-snapshot.js";
import { parseConfig } from "../../src/config/load.js";
import type { OnlineUser } from "../../src/services/ports.js";
import { CONFIG_PREAMBLE, DAY, HOUR, MINUTE, TEST_WORDING, testConfig, testDomain, worded, X2_UID } from "../support.js";
import { BOB_PASSWORD, makeFreezeWorld, type FreezeWorld } from "./freeze-fixture.js";

let w: FreezeWorld;
const actorOf = (u: OnlineUser) => ({ ...u });
afterEach(() => w?.close());

/** Everything but what a freeze and its undoing write on purpose (its records, the audit log, the mails it sends). */
const state = (world: FreezeWorld) => snapshotTables(world.db, [...FREEZE_RECORD_TABLES, "mail_outbox"]);
const audits = (world: FreezeWorld, action: string) =>
  world.db.prepare<[string], { actor: string; target: string; details: string }>("SELECT actor, target, details FROM audit_log WHERE action = ? ORDER BY id").all(action);
const levelIn = (world: FreezeWorld, channel: string, accountId: string) => world.channels.store.accessOf(world.channels.live(channel)!.id, accountId)?.level;

describe("FREEZE", () => {
  it("takes the access, suspends only the channels nobody else can manage, logs out without disconnecting, mails, audits", async () => {
    w = await makeFreezeWorld();
    const replies = await w.os(w.staff, "FREEZE Bob dues unpaid since March");
    expect(replies).toEqual([
      "Bob (" + w.bobId + ") is frozen until lifted with UNFREEZE: dues unpaid since March",
      "Logged out, still connected: Bob.",
      "Access taken: #other op (200), #shared coowner (400), #solo owner (500)",
      "Suspended (nobody else could manage them): #solo",
      "The freeze notice was mailed to the account's address. /msg OperServ UNFREEZE Bob puts everything back.",
    ]);
    // Logged out at the ircd, once, and still online.
    expect(w.actions.of("setLogin").filter((a) => a[0] === w.bob.uid).at(-1)).toEqual([w.bob.uid, null]);
    expect(w.net.user(w.bob.uid)).toBeDefined();
    expect(w.actions.of("killUser")).toEqual([]);
    expect(w.accounts.accountOf(w.bob.uid)).toBeNull();
    expect(w.actions.noticesTo(w.bob.uid).at(-1)).toBe(
      "You have been logged out (you stay connected and can still talk to anyone). The account Bob is frozen by the network staff: dues unpaid since March. To resolve this, write to staff@test.local.",
    );
    // Access gone everywhere; #solo suspended (X2 parts), #shared still has Carol.
    for (const channel of ["#solo", "#shared", "#other"]) expect(levelIn(w, channel, w.bobId)).toBeUndefined();
    expect(w.actions.of("partChannel")).toEqual([["x2", "#solo", "Channel suspended: ask its owner to contact the network staff"]]);
    expect(w.services.freeze.isFrozen(w.bobId)).toBe(true);
    expect(w.account("Bob")?.frozen).toBe(true);
    // The notice goes to the unchanged address; password and email untouched.
    expect(w.mails("account_frozen")).toMatchObject([{ recipient: "bob@example.com", data: { account: "Bob", reason: "dues unpaid since March", until: "" } }]);
    expect(audits(w, "account.freeze")).toHaveLength(1);
    expect(audits(w, "channel.access.frozen").map((a) => a.target).sort()).toEqual(["#other", "#shared", "#solo"]);
    expect(audits(w, "channel.suspended").map((a) => a.target)).toEqual(["#solo"]);
    expect(audits(w, "account.freeze.logout")).toHaveLength(1);
  });

  it("changes nothing on a frozen account, and says so", async () => {
    w = await makeFreezeWorld();
    await w.os(w.staff, "FREEZE Bob first reason");
    const before = snapshotTables(w.db, []);
    const replies = await w.os(w.staff, "FREEZE Bob second reason 3d");
    expect(replies[0]).toMatch(/^Bob is already frozen \(since .* by StaffOne: first reason\); nothing changed\. To freeze it on other terms, \/msg OperServ UNFREEZE Bob first\.$/);
    expect(snapshotTables(w.db, [])).toEqual(before);
  });

  it("refuses unknown, unverified and own accounts, and a missing reason", async () => {
    w = await makeFreezeWorld();
    expect(await w.os(w.staff, "FREEZE Nobody spam")).toEqual(["There is no account Nobody."]);
    expect(await w.os(w.staff, "FREEZE StaffOne testing")).toEqual(["You cannot freeze your own account."]);
    const eve = w.user("Eve");
    await w.accounts.register({ ...eve }, "correct horse battery", "eve@example.com");
    expect((await w.os(w.staff, "FREEZE Eve spam"))[0]).toMatch(/^Eve is not verified/);
    expect(await w.os(w.staff, `FREEZE Bob ${"x".repeat(301)}`)).toEqual(["A reason can be at most 300 characters long."]);
    expect(await w.os(w.bob, "FREEZE StaffOne revenge")).toEqual(["FREEZE needs the account:freeze privilege, which your account does not have."]);
  });

  it("logs out only users the ircd shows logged in: a user never logged in gets no line", async () => {
    w = await makeFreezeWorld();
    const other = w.user("Bob_");
    await w.os(w.staff, "FREEZE Bob reason");
    expect(w.actions.of("setLogin").filter((a) => a[0] === other.uid)).toEqual([]);
    // NickServ LOGOUT by a user who is not logged in sends nothing either.
    const before = w.actions.of("setLogin").length;
    expect(await w.ns(other, "LOGOUT")).toEqual(["You are not logged in."]);
    expect(w.actions.of("setLogin").length).toBe(before);
  });
});

describe("a frozen account cannot be worked around", () => {
  it("refuses IDENTIFY after the password check, with the reason only for the owner", async () => {
    w = await makeFreezeWorld();
    await w.os(w.staff, "FREEZE Bob dues unpaid");
    const stranger = w.user("Mallory");
    expect(await w.ns(stranger, "IDENTIFY Bob wrong-password")).toEqual(["Invalid password for Bob."]);
    expect(worded(await w.accounts.identify(actorOf(stranger), "Bob", BOB_PASSWORD))).toEqual({
      ok: false,
      error: "The account Bob is frozen by the network staff: dues unpaid. To resolve this, write to staff@test.local.",
    });
    expect(w.accounts.accountOf(stranger.uid)).toBeNull();
    expect(w.accounts.frozenOwnerOf(stranger.uid)?.name).toBe("Bob");
  });

  it("refuses RESETPASS (without the reason), SET PASSWORD, SET EMAIL and GROUP (with it), and registering its nicks", async () => {
    w = await makeFreezeWorld();
    await w.os(w.staff, "FREEZE Bob dues unpaid");
    const full = "The account Bob is frozen by the network staff: dues unpaid. To resolve this, write to staff@test.local.";
    const publicText = "The account Bob is frozen by the network staff. To resolve this, write to staff@test.local.";
    const stranger = w.user("Mallory");
    expect(await w.ns(stranger, "RESETPASS Bob")).toEqual([publicText]);
    expect(await w.ns(stranger, "RESETPASS Bob ABCDEF newpassword1")).toEqual([publicText]);
    expect(w.mails("password_reset")).toEqual([]);
    // Bob's connection, logged out by the freeze: every command that needs a login says why.
    expect(await w.ns(w.bob, "SET PASSWORD another-password")).toEqual([full]);
    expect(await w.ns(w.bob, "SET EMAIL bob@elsewhere.example")).toEqual([full]);
    expect(await w.ns(w.bob, "GROUP")).toEqual([full]);
    expect(await w.ns(w.bob, "REGISTER another-password bob2@example.com")).toEqual([full]);
    // Anyone else on one of its nicks.
    w.net.rename(stranger.uid, "Bob");
    expect(await w.ns(stranger, "REGISTER another-password mallory@example.com")).toEqual([publicText]);
    // GROUP of a frozen account's nick by another account.
    w.net.rename(w.carol.uid, "Bob");
    expect(await w.ns(w.carol, "GROUP")).toEqual([publicText]);
    expect(w.account("Bob")?.email).toBe("bob@example.com");
    expect(w.accountStore.nickOwner("Bob")?.accountId).toBe(w.bobId);
  });

  it("keeps the owner's nicks protected from others but does not rename the owner", async () => {
    w = await makeFreezeWorld();
    await w.os(w.staff, "FREEZE Bob dues unpaid");
    // Nick protection counts Bob's logged-out connection as the owner (AccountNetwork wires the same lookup).
    expect(w.accounts.sessionAccountId(w.bob.uid) ?? w.accounts.frozenOwnerOf(w.bob.uid)?.id).toBe(w.bobId);
    const stranger = w.user("Mallory");
    expect(w.accounts.frozenOwnerOf(stranger.uid)).toBeNull();
  });
});

describe("a suspended channel", () => {
  it("is left alone by X2, which tells joiners and askers to ask the owner to contact staff", async () => {
    w = await makeFreezeWorld();
    await w.os(w.staff, "FREEZE Bob dues unpaid");
    const visitor = w.user("Visitor");
    w.net.join("#solo", visitor.uid);
    w.channels.visits.onJoin("#solo", visitor.uid, false);
    const notice = "#solo is suspended: services do not act here for now. Ask its owner, Bob, to contact the network staff (staff@test.local).";
    expect(w.actions.noticesTo(visitor.uid)).toEqual([notice]);
    // Once per user and channel for a while, and never for a burst.
    w.channels.visits.onJoin("#solo", visitor.uid, false);
    expect(w.actions.noticesTo(visitor.uid)).toHaveLength(1);
    for (const command of ["INFO #solo", "ACCESS #solo LIST", "OP #solo", "ADDUSER #solo Carol op", "UNREGISTER #solo", "REGISTER #solo v@example.com"]) {
      expect(await w.x2(w.carol, command)).toEqual([notice]);
    }
    // Staff still see it and can drop it.
    expect((await w.x2(w.staff, "INFO #solo"))[1]).toMatch(/suspended \(its owner's account is frozen/);
    expect((await w.x2(w.staff, "UNREGISTER #solo"))[0]).toMatch(/^To really unregister #solo, type/);
    // X2 does not sit in it after a relink either.
    expect(w.channels.joinable().map((c) => c.name)).not.toContain("#solo");
  });

  it("does not expire while suspended, and counts its periods from its resumption", async () => {
    w = await makeFreezeWorld({ channels: 'establish_window = "30d"' });
    w.net.part("#solo", w.bob.uid);
    await w.os(w.staff, "FREEZE Bob dues unpaid");
    await w.advance(40 * DAY);
    expect(w.channels.live("#solo")).toBeDefined();
    await w.os(w.staff, "UNFREEZE Bob");
    await w.advance(20 * DAY);
    expect(w.channels.live("#solo")).toBeDefined();
    await w.advance(11 * DAY);
    expect(w.channels.live("#solo")).toBeUndefined();
  });
});

describe("UNFREEZE", () => {
  it("restores the state exactly, rejoins and re-ops, and changes nothing the second time", async () => {
    w = await makeFreezeWorld();
    const before = state(w);
    await w.os(w.staff, "FREEZE Bob dues unpaid");
    expect(state(w)).not.toEqual(before);
    const replies = await w.os(w.staff, "UNFREEZE Bob");
    expect(replies).toEqual([
      `Bob (${w.bobId}) is no longer frozen; logins work again.`,
      "Access restored: #other op (200), #shared coowner (400), #solo owner (500)",
      "Channels resumed: #solo",
      "The member was mailed that the freeze is lifted.",
    ]);
    expect(state(w)).toEqual(before);
    expect(w.actions.of("joinChannel").at(-1)).toEqual(["x2", "#solo", expect.any(Number)]);
    expect(w.net.presence("#solo", X2_UID)?.op).toBe(true);
    expect(w.mails("account_unfrozen")).toMatchObject([{ recipient: "bob@example.com" }]);
    expect(w.actions.noticesTo(w.bob.uid).at(-1)).toBe("The account Bob is no longer frozen. You can log in again: /msg NickServ IDENTIFY Bob <password>");
    expect((await w.accounts.identify(actorOf(w.bob), "Bob", BOB_PASSWORD)).ok).toBe(true);

    const audited = snapshotTables(w.db, []);
    expect((await w.os(w.staff, "UNFREEZE Bob"))[0]).toMatch(/^Bob is not frozen; nothing changed\. Its last freeze was lifted .* by StaffOne\.$/);
    expect(snapshotTables(w.db, [])).toEqual(audited);
  });

  it("reports a channel dropped meanwhile and an entry someone changed, and overwrites neither", async () => {
    w = await makeFreezeWorld();
    await w.os(w.staff, "FREEZE Bob dues unpaid");
    const code = /UNREGISTER #solo (\w+)/.exec((await w.x2(w.staff, "UNREGISTER #solo")).join(" "))?.[1];
    expect(await w.x2(w.staff, `UNREGISTER #solo ${code}`)).toEqual(["#solo is no longer registered."]);
    expect(await w.x2(w.dave, "ADDUSER #other Bob voice")).toEqual(["Bob now has voice (100) access in #other."]);
    const replies = await w.os(w.staff, "UNFREEZE Bob");
    expect(replies[1]).toBe("Access restored: #shared coowner (400)");
    expect(replies[2]).toMatch(/^Not restored: #other op \(200\) - Dave gave Bob voice \(100\) there .*; that entry stays\.$/);
    expect(replies[3]).toMatch(/^Not restored: #solo owner \(500\) - the channel was unregistered .* \(unregistered by staff\)\.$/);
    expect(replies[4]).toBe("Channels resumed: none");
    expect(replies[5]).toBe("Suspended channels that ended meanwhile: #solo");
    expect(levelIn(w, "#other", w.bobId)).toBe(100);
    const show = await w.os(w.staff, "FREEZE SHOW Bob");
    expect(show[0]).toMatch(/^Freeze #1 of Bob \(\w+\): lifted$/);
    expect(show).toContain("  Channels resumed: none");
    expect(show.at(-1)).toBe("  Freezes of this account: 1");
  });

  it("resumes a channel another freeze suspended once a coowner is back", async () => {
    w = await makeFreezeWorld();
    // #shared: Carol owner, Bob coowner. Bob frozen first: Carol still manages it.
    await w.os(w.staff, "FREEZE Bob dues unpaid");
    expect(w.channels.joinable().map((c) => c.name)).toContain("#shared");
    // Carol frozen next: nobody is left, #shared is suspended by her freeze.
    expect((await w.os(w.staff, "FREEZE Carol chargeback"))[3]).toBe("Suspended (nobody else could manage them): #shared");
    // Bob back: he can manage #shared again, so it runs again.
    expect(await w.os(w.staff, "UNFREEZE Bob")).toContain("Channels resumed: #shared, #solo");
    expect(w.channels.joinable().map((c) => c.name)).toContain("#shared");
    expect((await w.os(w.staff, "UNFREEZE Carol"))).toContain("Channels resumed: none");
    expect(levelIn(w, "#shared", w.account("Carol")!.id)).toBe(500);
  });

  it("ends a timed freeze by itself, mails the member, and waits for an oper past the breaker", async () => {
    w = await makeFreezeWorld({ maintenance: "breaker_limit = 1" });
    await w.os(w.staff, "FREEZE Bob dues unpaid 2d");
    await w.os(w.staff, "FREEZE Carol chargeback 2d");
    const run = () => freezeExpiryLoop.run(w.services);
    w.clock.advance(DAY);
    expect(await run()).toEqual({ changed: 0 });
    w.clock.advance(DAY + MINUTE);
    expect((await run()).held).toBe(`2 timed freezes whose end has come wait for OperServ BREAKER CONFIRM ${FREEZE_EXPIRY_LOOP}`);
    expect(w.services.freeze.isFrozen(w.bobId)).toBe(true);
    expect(await w.os(w.staff, `BREAKER CONFIRM ${FREEZE_EXPIRY_LOOP}`)).toEqual([`Confirmed: the next run of ${FREEZE_EXPIRY_LOOP} will go ahead.`]);
    expect(await run()).toEqual({ changed: 2, details: { unfrozen: 2 } });
    expect(w.services.freeze.isFrozen(w.bobId)).toBe(false);
    expect(w.mails("account_freeze_ended").map((m) => m.recipient).sort()).toEqual(["bob@example.com", "carol@example.com"]);
    expect(audits(w, "account.freeze.expired").map((a) => a.actor)).toEqual(["system", "system"]);
    expect((await w.os(w.staff, "FREEZE SHOW Bob")).find((l) => l.startsWith("  Ended:"))).toMatch(/ended by itself \(its time was up\)$/);
  });
});

describe("a timed freeze across a restart", () => {
  it("ends from the record alone: a new process over the same database lifts it", async () => {
    w = await makeFreezeWorld();
    await w.os(w.staff, "FREEZE Bob dues unpaid 1h");
    // What a restart keeps: the database. A new domain graph over it, with nothing in memory.
    const restarted = testDomain({ config: w.config, clock: w.clock, mail: w.mail, db: w.db });
    w.clock.advance(HOUR);
    expect(await freezeExpiryLoop.run(restarted.services)).toEqual({ changed: 1, details: { unfrozen: 1 } });
    expect(w.account("Bob")?.frozen).toBe(false);
    expect(levelIn(w, "#solo", w.bobId)).toBe(500);
    expect(restarted.actions.of("joinChannel")).toEqual([["x2", "#solo", expect.any(Number)]]);
    restarted.domain.dispose();
  });
});

describe("FREEZE LIST, FREEZE SHOW and INFO", () => {
  it("show who, when, why, until when and what was taken", async () => {
    w = await makeFreezeWorld();
    expect(await w.os(w.staff, "FREEZE LIST")).toEqual(["No account is frozen."]);
    await w.os(w.staff, "FREEZE Bob dues unpaid 7d");
    const list = await w.os(w.staff, "FREEZE LIST");
    expect(list[0]).toBe("Frozen accounts (1):");
    expect(list[1]).toMatch(/^ {2}Bob \(\w+\) since 2026-01-01 \d\d:\d\d UTC by StaffOne, until 2026-01-08 00:00 UTC \(in 1w\): dues unpaid$/);
    const show = await w.os(w.staff, "FREEZE SHOW Bob");
    expect(show).toEqual([
      `Freeze #1 of Bob (${w.bobId}): in force`,
      expect.stringMatching(/^ {2}Frozen: {6}2026-01-01 .* by StaffOne$/),
      "  Reason:      dues unpaid",
      expect.stringMatching(/^ {2}Lasts: {7}until 2026-01-08 .* \(1w in all\)$/),
      "  Logged out:  Bob",
      "  Access taken: #other op (200), #shared coowner (400), #solo owner (500)",
      "  Suspended:   #solo",
      "  Freezes of this account: 1",
    ]);
    expect(await w.os(w.staff, "FREEZE SHOW Carol")).toEqual(["Carol has never been frozen."]);
    const info = await w.ns(w.staff, "INFO Bob");
    // INFO's labels are aligned on the longest of the reply (one style: info-format.ts).
    expect(info.find((l) => l.startsWith("Status"))).toMatch(/^Status +: frozen by the network staff$/);
    expect(info.find((l) => l.startsWith("Frozen"))).toMatch(/^Frozen +: since .* by StaffOne, until .*: dues unpaid$/);
    const publicInfo = await w.ns(w.carol, "INFO Bob");
    expect(publicInfo.find((l) => l.startsWith("Status"))).toMatch(/^Status +: frozen by the network staff$/);
    expect(publicInfo.some((l) => l.includes("dues unpaid"))).toBe(false);
  });
});

describe("the frozen flag and the freeze record", () => {
  it("stay equal whichever is written", async () => {
    w = await makeFreezeWorld();
    w.accountStore.setFlag(w.bobId, "frozen", true);
    expect(w.services.freeze.isFrozen(w.bobId)).toBe(true);
    expect((await w.os(w.staff, "FREEZE SHOW Bob"))[2]).toBe("  Reason:      frozen outside OperServ FREEZE");
    expect((await w.os(w.staff, "UNFREEZE Bob"))[0]).toMatch(/is no longer frozen/);
    expect(w.account("Bob")?.frozen).toBe(false);
    await w.os(w.staff, "FREEZE Bob again");
    w.accountStore.setFlag(w.bobId, "frozen", false);
    expect(w.services.freeze.isFrozen(w.bobId)).toBe(false);
  });
});

describe("account expiry after a freeze", () => {
  it("counts the absence from the unfreeze: the frozen time does not count", async () => {
    w = await makeFreezeWorld();
    w.accounts.logout(w.bob.uid);
    w.net.quit(w.bob.uid);
    w.accounts.userQuit(w.bob.uid);
    await w.os(w.staff, "FREEZE Bob long dispute");
    w.clock.advance(100 * DAY);
    await w.os(w.staff, "UNFREEZE Bob");
    const expiry = w.services.expiry;
    const now = w.clock.now();
    expect(expiry.deadlines(w.account("Bob")!).degradeAt).toBe(now + 60 * DAY);
    for (const kind of ["expire", "degrade", "warn"] as const) expiry.processBatch(kind, now, null, 100);
    expect(w.account("Bob")?.degradedAt).toBeNull();
    w.clock.advance(61 * DAY);
    expiry.processBatch("degrade", w.clock.now(), null, 100);
    expect(w.account("Bob")?.degradedAt).not.toBeNull();
  });
});

describe("the words", () => {
  it("split a trailing duration off the reason", () => {
    expect(splitReason("dues unpaid since March 30d")).toEqual({ reason: "dues unpaid since March", durationMs: 30 * DAY });
    expect(splitReason("spam")).toEqual({ reason: "spam", durationMs: null });
    expect(splitReason("12h")).toEqual({ reason: "12h", durationMs: null });
    expect(splitReason("bad 0")).toEqual({ reason: "bad 0", durationMs: null });
    expect(splitReason("back in 1d12h")).toEqual({ reason: "back in", durationMs: DAY + 12 * HOUR });
  });

  it("fill the configured messages, the reason only for the owner", () => {
    const config = testConfig(`[mail]\ncontact = "help@net.example"\nurl = "https://net.example"\n[freeze]\nurl = "https://net.example/dues"\nmessage = "{account} frozen ({reason}); see {url}, mail {contact}"`);
    const words = wording(config);
    expect(frozenText({ kind: "frozen", account: "Tom", reason: "dues\u0003 unpaid" }, words)).toBe("Tom frozen (dues unpaid); see https://net.example/dues, mail help@net.example");
    expect(frozenText({ kind: "frozen", account: "Tom", reason: null }, words)).toBe(
      "The account Tom is frozen by the network staff. How to resolve this: https://net.example/dues - or write to help@net.example.",
    );
    expect(suspendedText("#a", null, TEST_WORDING)).toBe("#a is suspended: services do not act here for now. Ask its owner, its owner, to contact the network staff (staff@test.local).");
    expect(fillTemplate("{a}-{b}-{c}", { a: "1", b: "2" })).toBe("1-2-{c}");
    // Without [freeze] url, [mail] url.
    expect(wording(testConfig(`[mail]\nurl = "https://net.example"`)).freeze?.url).toBe("https://net.example");
    // Without both, the shipped messages send the member to the contact once; a message of the
    // network's own gets a mailto: link to the contact for {url}.
    const noUrl = wording(testConfig(`[mail]\ncontact = "help@net.example"`));
    expect(frozenText({ kind: "frozen", account: "Tom", reason: "dues" }, noUrl)).toBe("The account Tom is frozen by the network staff: dues. To resolve this, write to help@net.example.");
    expect(frozenText({ kind: "frozen", account: "Tom", reason: null }, noUrl)).toBe("The account Tom is frozen by the network staff. To resolve this, write to help@net.example.");
    const ownMessage = wording(testConfig(`[mail]\ncontact = "help@net.example"\n[freeze]\nmessage = "{account} frozen; see {url}"`));
    expect(frozenText({ kind: "frozen", account: "Tom", reason: "dues" }, ownMessage)).toBe("Tom frozen; see mailto:help@net.example");
  });

  it("refuses unknown placeholders and bad URLs in [freeze], naming the key", () => {
    const bad = parseConfig(`${CONFIG_PREAMBLE}\n[freeze]\nmessage = "frozen: {why}"\nurl = "ftp://x"`);
    expect(bad.ok).toBe(false);
    const errors = bad.ok ? "" : bad.error.join("\n");
    expect(errors).toMatch(/freeze\.message.*expected placeholders among \{account\}, \{reason\}, \{url\}, \{contact\}, got \{why\}/);
    expect(errors).toMatch(/freeze\.url.*expected an http:\/\/ or https:\/\/ URL/);
  });
});

