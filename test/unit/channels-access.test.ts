import { afterEach, describe, expect, it } from "vitest";
import { channelFailureText } from "../../src/commands/x2/failures.js";
import { levelName, parseLevel } from "../../src/services/channels/levels.js";
import { CommandTable, dispatch } from "../../src/commands/dispatcher.js";
import { x2Commands } from "../../src/commands/x2/index.js";
import { silentLogger } from "../../src/util/logger.js";
import { makeChannelWorld, type ChannelWorld } from "./channels-fixture.js";
import { commandContext, MINUTE, requester, TEST_WORDING, testDomain, X2_UID } from "../support.js";

let w: ChannelWorld;
afterEach(() => w?.close());

const modes = (world: ChannelWorld): string[] => world.actions.of("channelMode").map((a) => `${a[2]} ${(a[3] as string[]).join(" ")}`);

describe("levels", () => {
  it("parses names and numbers of levels and names stored levels", () => {
    expect(parseLevel("op")).toEqual({ ok: true, value: 200 });
    expect(parseLevel("Co-Owner")).toEqual({ ok: true, value: 400 });
    expect(parseLevel("300")).toEqual({ ok: true, value: 300 });
    expect(parseLevel("250")).toEqual({ ok: false, error: { kind: "bad-level", text: "250" } });
    expect(channelFailureText({ kind: "bad-level", text: "250" }, TEST_WORDING)).toBe(
      "250 is not an access level; use one of owner (500), coowner (400), manager (300), op (200), voice (100).",
    );
    expect(levelName(500)).toBe("owner");
    expect(levelName(100)).toBe("voice");
  });
});

describe("ADDUSER, DELUSER, CLVL and ACCESS", () => {
  it("lets the owner add, change and remove users below their level", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#chan");
    await w.member("Bob");
    expect(await w.x2(alice, "ADDUSER #chan Bob op")).toEqual(["Bob now has op (200) access in #chan."]);
    expect((await w.x2(alice, "ADDUSER #chan Bob voice"))[0]).toBe("Bob already has op access in #chan; use CLVL to change it.");
    expect(await w.x2(alice, "CLVL #chan Bob coowner")).toEqual(["Bob now has coowner (400) access in #chan (was op)."]);
    expect((await w.x2(alice, "CLVL #chan Bob owner"))[0]).toMatch(/You can only give levels below your own \(owner\)/);
    const list = await w.x2(alice, "ACCESS #chan LIST");
    expect(list[0]).toBe("Access list of #chan (2 entries):");
    expect(list[1]).toBe("  500 owner    Alice  last seen now (logged in, in the channel)");
    // The names are padded: "last seen" starts in one column.
    expect(list[2]).toBe("  400 coowner  Bob    last seen now (logged in)");
    expect(await w.x2(alice, "DELUSER #chan Bob")).toEqual(["Bob (coowner) no longer has access in #chan."]);
    expect((await w.x2(alice, "DELUSER #chan Alice"))[0]).toMatch(/The owner cannot be removed/);
  });

  it("says when access holders were last seen as NickServ INFO does, and a visit under way in X2 INFO", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#chan");
    const bob = await w.member("Bob");
    await w.x2(alice, "ADDUSER #chan Bob op");
    // Nobody recorded a visit yet (no join, no maintenance run): the owner sits in the channel all the same.
    expect(w.channels.store.live("#chan")?.lastVisitAt).toBeNull();
    expect(await w.x2(alice, "INFO #chan")).toContain("  Last visit:   now (someone with access is in the channel)");
    // One source: what NickServ INFO reads (AccountService.seen).
    expect(w.accounts.seen(w.account("Alice")!)).toEqual({ online: true, at: w.clock.now() });
    expect((await w.x2(bob, "ACCESS #chan LIST"))[1]).toContain("last seen now (logged in, in the channel)");

    // Bob leaves the network 15 minutes later; ten minutes after that both services give that time.
    w.clock.advance(15 * MINUTE);
    w.accounts.userQuit(bob.uid);
    w.net.quit(bob.uid);
    const left = w.clock.now();
    w.clock.advance(10 * MINUTE);
    const line = (await w.x2(alice, "ACCESS #chan LIST")).find((l) => l.includes(" Bob "));
    const stamp = new Date(left).toISOString().slice(0, 16).replace("T", " ");
    expect(line).toBe(`  200 op       Bob    last seen ${stamp} UTC (10m ago)`);
    expect(w.accounts.seen(w.account("Bob")!)).toEqual({ online: false, at: left });

    // The owner parts (the wiring records the visit as it ends): the last visit is then.
    w.channels.visits.onLeave("#chan", alice.uid);
    w.net.part("#chan", alice.uid);
    w.clock.advance(5 * MINUTE);
    const parted = new Date(w.clock.now() - 5 * MINUTE).toISOString().slice(0, 16).replace("T", " ");
    expect((await w.x2(alice, "INFO #chan")).find((l) => l.includes("Last visit"))).toBe(`  Last visit:   ${parted} UTC (5m ago)`);
  });

  it("does not let a manager touch equal or higher levels, nor give them", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#chan");
    const bob = await w.member("Bob");
    await w.member("Carol");
    await w.member("Dave");
    await w.x2(alice, "ADDUSER #chan Bob manager");
    await w.x2(alice, "ADDUSER #chan Carol manager");
    expect((await w.x2(bob, "ADDUSER #chan Dave manager"))[0]).toMatch(/You can only give levels below your own \(manager\): op \(200\), voice \(100\)\./);
    expect(await w.x2(bob, "ADDUSER #chan Dave op")).toEqual(["Dave now has op (200) access in #chan."]);
    expect((await w.x2(bob, "DELUSER #chan Carol"))[0]).toBe("Carol has manager access, which is not below yours (manager).");
    expect((await w.x2(bob, "CLVL #chan Carol voice"))[0]).toBe("Carol has manager access, which is not below yours (manager).");
    expect((await w.x2(bob, "CLVL #chan Bob op"))[0]).toBe("You cannot change your own level.");
    expect(await w.x2(bob, "DELUSER #chan Bob")).toEqual(["Bob (manager) no longer has access in #chan."]);
  });

  it("refuses users below manager, unknown and unverified accounts", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#chan");
    const bob = await w.member("Bob");
    await w.x2(alice, "ADDUSER #chan Bob op");
    expect((await w.x2(bob, "ADDUSER #chan Alice voice"))[0]).toBe("You need manager (300) access or more in #chan to add users.");
    expect((await w.x2(alice, "ADDUSER #chan Nobody op"))[0]).toBe("There is no account Nobody.");
    const carol = w.user("Carol");
    await w.accounts.register({ ...carol }, "correct horse battery", "carol@example.com");
    expect((await w.x2(alice, "ADDUSER #chan Carol op"))[0]).toBe("The account Carol has not verified its email yet, so it cannot be given access.");
    expect((await w.x2(alice, "ADDUSER #chan Bob 250"))[0]).toMatch(/250 is not an access level/);
  });

  it("names accounts by entity ID and shows their current name after a rename", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#chan");
    await w.member("Bob");
    const bob = w.account("Bob")!;
    expect(await w.x2(alice, `ADDUSER #chan ?${bob.id} voice`)).toEqual(["Bob now has voice (100) access in #chan."]);
    w.accountStore.rename(bob.id, `${bob.id}-Bob`);
    const list = await w.x2(alice, "ACCESS #chan");
    expect(list[2]).toMatch(new RegExp(`^ {2}100 voice {4}${bob.id}-Bob `));
  });

  it("needs login and an active channel", async () => {
    w = makeChannelWorld();
    const u = w.user("Guest");
    expect((await w.x2(u, "ADDUSER #chan Bob op"))[0]).toMatch(/You must be logged in to use ADDUSER/);
    const alice = await w.member("Alice", "alice@example.com");
    w.opIn("#other", alice);
    await w.x2(alice, "REGISTER #other different@example.org");
    expect((await w.x2(alice, "ADDUSER #other Bob op"))[0]).toBe("#other is not verified yet; it works once its owner has verified it.");
    expect((await w.x2(alice, "ADDUSER #nowhere Bob op"))[0]).toBe("#nowhere is not registered.");
    expect((await w.x2(alice, "ACCESS #other FOO"))[0]).toMatch(/Unknown ACCESS option FOO/);
  });
});

describe("OP, DEOP, VOICE, DEVOICE and automatic status", () => {
  it("ops and voices by level when a user with access joins", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#chan");
    const bob = await w.member("Bob");
    const carol = await w.member("Carol");
    await w.x2(alice, "ADDUSER #chan Bob op");
    await w.x2(alice, "ADDUSER #chan Carol voice");
    for (const u of [bob, carol]) {
      w.net.join("#chan", u.uid);
      w.channels.visits.onJoin("#chan", u.uid, false);
    }
    expect(modes(w)).toEqual([`+o ${bob.uid}`, `+v ${carol.uid}`]);
  });

  it("gives nothing to burst joins, unverified or logged-out users", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#chan");
    const bob = await w.member("Bob");
    await w.x2(alice, "ADDUSER #chan Bob op");
    w.net.join("#chan", bob.uid);
    w.channels.visits.onJoin("#chan", bob.uid, true);
    w.accounts.logout(bob.uid);
    w.net.part("#chan", bob.uid);
    w.net.join("#chan", bob.uid);
    w.channels.visits.onJoin("#chan", bob.uid, false);
    expect(modes(w)).toEqual([]);
  });

  it("ops a user with access who logs in while in the channel", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#chan");
    const bob = await w.member("Bob");
    await w.x2(alice, "ADDUSER #chan Bob op");
    w.accounts.logout(bob.uid);
    w.net.join("#chan", bob.uid);
    w.accounts.login(bob.uid, w.account("Bob")!, "identify", false);
    expect(modes(w)).toEqual([`+o ${bob.uid}`]);
  });

  it("OP and DEOP need op access; VOICE on yourself needs voice", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#chan");
    const bob = await w.member("Bob");
    const carol = await w.member("Carol");
    await w.x2(alice, "ADDUSER #chan Bob voice");
    w.net.join("#chan", bob.uid);
    w.net.join("#chan", carol.uid);
    expect(await w.x2(bob, "VOICE #chan")).toEqual(["Bob voiced in #chan."]);
    expect((await w.x2(bob, "OP #chan"))[0]).toBe("You need op (200) access or more in #chan to do that.");
    expect((await w.x2(bob, "VOICE #chan Carol"))[0]).toBe("You need op (200) access or more in #chan to do that.");
    expect(await w.x2(alice, "OP #chan Carol")).toEqual(["Carol opped in #chan."]);
    expect(await w.x2(alice, "DEOP #chan Carol")).toEqual(["Carol deopped in #chan."]);
    expect((await w.x2(alice, "DEOP #chan X2"))[0]).toMatch(/is not online|network service/);
    expect((await w.x2(alice, "OP #chan Nobody"))[0]).toBe("Nobody is not online.");
    const dave = w.user("Dave");
    expect((await w.x2(alice, "OP #chan Dave"))[0]).toBe(`${dave.nick} is not in #chan.`);
    expect(modes(w)).toEqual([`+v ${bob.uid}`, `+o ${carol.uid}`, `-o ${carol.uid}`]);
  });

  it("does not let a user deop someone with an equal or higher level, nor a service", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#chan");
    const bob = await w.member("Bob");
    await w.x2(alice, "ADDUSER #chan Bob manager");
    w.net.join("#chan", bob.uid, { op: true });
    w.net.users.set(X2_UID, { ...w.net.add("X2", { uid: X2_UID }) });
    expect((await w.x2(bob, "DEOP #chan Alice"))[0]).toBe("Alice has owner access, which is not below yours.");
    expect((await w.x2(bob, "DEOP #chan X2"))[0]).toBe("X2 is a network service.");
  });
});

describe("INFO", () => {
  it("shows the owner and state, and the email only to the owner and opers", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#chan");
    const bob = await w.member("Bob");
    const staff = await w.member("StaffOne");
    const forBob = (await w.x2(bob, "INFO #chan")).join("\n");
    expect(forBob).toMatch(/State: {8}registered and active/);
    expect(forBob).toMatch(/Owner: {8}Alice \(owner\)/);
    expect(forBob).not.toMatch(/Email/);
    expect((await w.x2(alice, "INFO #chan")).join("\n")).toMatch(/Email: {8}alice@example.com/);
    expect((await w.x2(staff, "INFO #chan")).join("\n")).toMatch(/Email: {8}alice@example.com/);
    expect((await w.x2(bob, "INFO #none"))[0]).toBe("#none is not registered.");
  });
});

describe("UNREGISTER", () => {
  it("needs the confirmation code within 10 minutes, then drops the channel", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#chan");
    const first = (await w.x2(alice, "UNREGISTER #chan"))[0] ?? "";
    const code = /UNREGISTER #chan (\S+) within 10m/.exec(first)?.[1];
    expect(code).toMatch(/^[0-9A-F]{8}$/);
    expect((await w.x2(alice, "UNREGISTER #chan WRONG"))[0]).toMatch(/confirmation code is wrong or expired/);
    w.clock.advance(11 * MINUTE);
    expect((await w.x2(alice, `UNREGISTER #chan ${code}`))[0]).toMatch(/confirmation code is wrong or expired/);
    const second = (await w.x2(alice, "UNREGISTER #chan"))[0] ?? "";
    const fresh = /UNREGISTER #chan (\S+) within/.exec(second)?.[1];
    expect(await w.x2(alice, `UNREGISTER #chan ${fresh}`)).toEqual(["#chan is no longer registered."]);
    expect(w.channels.store.byId(1)).toMatchObject({ state: "unregistered" });
    expect(w.channels.store.accessList(1)).toEqual([]);
    expect(w.actions.of("partChannel").map((a) => a[1])).toEqual(["#chan"]);
  });

  it("keeps the confirmation code across a restart of services (in the database, hashed)", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#chan");
    const first = (await w.x2(alice, "UNREGISTER #chan"))[0] ?? "";
    const code = /UNREGISTER #chan (\S+) within 10m/.exec(first)?.[1] ?? "";
    const stored = JSON.stringify(w.db.prepare("SELECT * FROM channel_unregister_codes").all());
    expect(stored).not.toContain(code);

    // Services restart: a new domain on the same database; Alice logs in again.
    const restarted = testDomain({ config: w.config, clock: w.clock, mail: w.mail, db: w.db, net: w.net });
    restarted.domain.accounts.login(alice.uid, w.account("Alice")!, "identify", false);
    w.clock.advance(5 * MINUTE);
    const { ctx, replies } = commandContext("x2", requester(alice, restarted.domain), restarted.services);
    await dispatch(new CommandTable(x2Commands), ctx, `UNREGISTER #chan ${code.toLowerCase()}`, silentLogger());
    expect(replies).toEqual(["#chan is no longer registered."]);
    expect(w.db.prepare("SELECT count(*) AS n FROM channel_unregister_codes").get()).toEqual({ n: 0 });
    expect(w.audit.forTarget("#chan").map((e) => e.action)).toContain("channel.unregister_requested");
    restarted.domain.dispose();
  });

  it("is refused to anyone but the owner", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#chan");
    const bob = await w.member("Bob");
    await w.x2(alice, "ADDUSER #chan Bob coowner");
    expect((await w.x2(bob, "UNREGISTER #chan"))[0]).toBe("Only the owner of #chan can unregister it.");
  });
});
