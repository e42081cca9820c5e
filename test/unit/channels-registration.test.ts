import { afterEach, describe, expect, it } from "vitest";
import { sha256 } from "../../src/services/channels/service.js";
import { burstJoins } from "../../src/wiring/channels-network.js";
import { makeChannelWorld, type ChannelWorld } from "./channels-fixture.js";
import { HOUR, MINUTE, X2_UID } from "../support.js";

let w: ChannelWorld;
afterEach(() => w?.close());

const joined = (world: ChannelWorld): string[] => world.actions.of("joinChannel").map((a) => String(a[1]));
const parted = (world: ChannelWorld): string[] => world.actions.of("partChannel").map((a) => String(a[1]));

describe("X2 REGISTER checks", () => {
  it("refuses names that do not match the pattern or are too long", async () => {
    w = makeChannelWorld({ channels: "max_name_length = 10" });
    const u = w.user("Alice");
    expect((await w.x2(u, "REGISTER #a,b a@example.com"))[0]).toMatch(/not a channel name that can be registered/);
    expect((await w.x2(u, "REGISTER #verylongname a@example.com"))[0]).toMatch(/at most 10 characters/);
    expect((await w.x2(u, "REGISTER nohash a@example.com"))[0]).toMatch(/channel names start with #/);
  });

  it("answers the syntax when an argument is missing", async () => {
    w = makeChannelWorld();
    const replies = await w.x2(w.user("Alice"), "REGISTER #chan");
    expect(replies[0]).toBe("Syntax: REGISTER <#channel> <email>");
  });

  it("refuses a user who is not in the channel, or not opped in it", async () => {
    w = makeChannelWorld();
    const u = w.user("Alice");
    expect((await w.x2(u, "REGISTER #chan a@example.com"))[0]).toMatch(/You are not in #chan/);
    w.net.join("#chan", u.uid);
    expect((await w.x2(u, "REGISTER #chan a@example.com"))[0]).toMatch(/must be a channel operator/);
  });

  it("refuses an op status that came from a netjoin", async () => {
    w = makeChannelWorld();
    const u = w.user("Alice");
    w.opIn("#chan", u, true);
    expect((await w.x2(u, "REGISTER #chan a@example.com"))[0]).toMatch(/came from a server joining the network \(a netjoin\)/);
  });

  it("refuses while the network is split", async () => {
    w = makeChannelWorld();
    const u = w.user("Alice");
    w.opIn("#chan", u);
    w.net.split = true;
    expect((await w.x2(u, "REGISTER #chan a@example.com"))[0]).toMatch(/network is split or was split less than 30m ago/);
  });

  it("refuses a user whose nick is a registered account until they identify", async () => {
    w = makeChannelWorld();
    const owner = await w.member("Alice");
    w.accounts.logout(owner.uid);
    w.opIn("#chan", owner);
    expect((await w.x2(owner, "REGISTER #chan a@example.com"))[0]).toMatch(/belongs to a registered account\. Identify first/);
  });

  it("passes the policy's refusals through (blacklisted, invalid email) and records them", async () => {
    w = makeChannelWorld();
    const u = w.user("Alice");
    w.opIn("#chan", u);
    expect((await w.x2(u, "REGISTER #chan spam@mailinator.com"))[0]).toMatch(/can't be used for registration/);
    expect((await w.x2(u, "REGISTER #chan not-an-email"))[0]).toMatch(/needs an @/);
    const n = w.db.prepare("SELECT count(*) AS n FROM registration_attempts WHERE outcome = 'refused'").get() as { n: number };
    expect(n.n).toBe(2);
  });

  it("refuses a channel that is already registered or pending", async () => {
    w = makeChannelWorld();
    await w.registerWithoutAccount("Alice", "#chan", "alice@example.com");
    const b = w.user("Bob");
    w.opIn("#chan", b);
    expect((await w.x2(b, "REGISTER #CHAN bob@example.com"))[0]).toMatch(/#chan already has a registration waiting for its owner to verify it/);
  });
});

describe("X2 REGISTER without an account", () => {
  it("creates an unverified x2 account, stores the channel unverified, joins X2 and queues the password mail with the delay", async () => {
    w = makeChannelWorld();
    const u = w.user("Alice");
    w.opIn("#chan", u);
    const replies = await w.x2(u, "REGISTER #chan Alice@Example.com");
    expect(replies[0]).toMatch(/An account named Alice was created for you; its password will be mailed to Alice@example.com in about 5m\. Within 2d, log in/);
    const account = w.account("Alice");
    expect(account).toMatchObject({ status: "unverified", origin: "x2", passwordGenerated: true });
    const record = w.channels.store.live("#chan");
    expect(record).toMatchObject({ state: "unverified", ownerId: account?.id, verifyVia: "password", accountCreated: true, ts: 1_700_000_000 });
    expect(w.channels.store.accessList(record!.id)).toMatchObject([{ accountName: "Alice", level: 500 }]);
    expect(joined(w)).toEqual(["#chan"]);
    const [mail] = w.mails("channel_register_password");
    expect(mail).toMatchObject({ recipient: "Alice@example.com", status: "queued", notBefore: w.clock.now() + 5 * MINUTE });
    expect(mail?.data).toMatchObject({ channel: "#chan", account: "Alice", verifyWindow: "2d" });
    expect(String(mail?.data.password)).toHaveLength(16);
  });

  it("activates the channel when the owner logs in with the mailed password", async () => {
    w = makeChannelWorld();
    const u = await w.registerWithoutAccount("Alice", "#chan", "alice@example.com");
    const password = String(w.mails("channel_register_password")[0]?.data.password);
    const identified = await w.accounts.identify({ ...u }, "Alice", password);
    expect(identified.ok).toBe(true);
    expect(w.channels.store.live("#chan")).toMatchObject({ state: "active" });
    expect(w.account("Alice")?.status).toBe("active");
    expect(w.actions.noticesTo(u.uid)).toContain("#chan is now verified and active. You are its owner.");
    expect(w.audit.forTarget("#chan").map((e) => e.action)).toContain("channel.activated");
  });
});

describe("X2 REGISTER with an account", () => {
  it("is active at once when the account is verified with the same (canonical) email", async () => {
    w = makeChannelWorld();
    const u = await w.member("Alice", "alice.smith@gmail.com");
    w.opIn("#chan", u);
    const replies = await w.x2(u, "REGISTER #chan AliceSmith+irc@googlemail.com");
    expect(replies[0]).toBe("#chan is registered to your account Alice and is active; you are its owner.");
    expect(w.channels.store.live("#chan")).toMatchObject({ state: "active", verifyVia: null });
    expect(w.mails().filter((m) => m.template.startsWith("channel_"))).toEqual([]);
    expect(joined(w)).toEqual(["#chan"]);
  });

  it("mails a code when the email differs, and VERIFY with it activates", async () => {
    w = makeChannelWorld();
    const u = await w.member("Alice", "alice@example.com");
    w.opIn("#chan", u);
    const replies = await w.x2(u, "REGISTER #chan other@example.org");
    expect(replies[0]).toMatch(/A verification code will be mailed to other@example.org in about 5m\. Within 2d, type \/msg X2 VERIFY #chan <code>/);
    const mail = w.mails("channel_verify_code")[0];
    const code = String(mail?.data.code);
    const record = w.channels.store.live("#chan");
    expect(record?.codeHash).toBe(sha256(code));
    expect((await w.x2(u, "VERIFY #chan WRONGCODE"))[0]).toMatch(/not the verification code of #chan/);
    // Pasted with spaces and dashes, in lower case, as NickServ accepts its codes.
    const pasted = `${code.slice(0, 5)} ${code.slice(5, 10)}-${code.slice(10, 15)} - ${code.slice(15)}`.toLowerCase();
    expect((await w.x2(u, `VERIFY #chan ${pasted}`))[0]).toBe("#chan is verified and active. Its owner is Alice.");
    expect(w.channels.store.live("#chan")?.state).toBe("active");
    expect((await w.x2(u, `VERIFY #chan ${code}`))[0]).toBe("#chan is already verified.");
  });

  it("tells a password-verified registration that there is no code", async () => {
    w = makeChannelWorld();
    const u = await w.registerWithoutAccount("Alice", "#chan", "alice@example.com");
    expect((await w.x2(u, "VERIFY #chan ABC"))[0]).toMatch(/verified by logging in to the account Alice with the password that was mailed/);
  });
});

describe("review queue", () => {
  it("holds requests over the hourly limit: no join, no mail, no account", async () => {
    w = makeChannelWorld({ channels: "registrations_per_hour = 1" });
    await w.registerWithoutAccount("Alice", "#one", "alice@example.com");
    const b = w.user("Bob");
    w.opIn("#two", b);
    const replies = await w.x2(b, "REGISTER #two bob@example.com");
    expect(replies[0]).toMatch(/Your registration of #two is waiting for staff review \(request 2\)/);
    expect(w.channels.store.live("#two")).toMatchObject({ state: "held", ownerId: null, flagReasons: ["over the hourly registration limit"] });
    expect(w.account("Bob")).toBeUndefined();
    expect(joined(w)).toEqual(["#one"]);
    expect(w.mails().map((m) => m.recipient)).toEqual(["alice@example.com"]);
    expect(w.actions.of("operNotice")).toHaveLength(1);
  });

  it("tells logged-in reviewers about each held request, and about holds for the hourly limit once per window", async () => {
    w = makeChannelWorld({
      channels: 'registrations_per_hour = 1\nreview_alert_window = "30m"\n[[channels.flag_rules]]\nkind = "channel"\npattern = "#flag*"\nreason = "flagged name"',
    });
    const staff = await w.member("StaffOne");
    const plain = await w.member("Plain");
    const toldStaff = () => w.actions.messages.filter((m) => m.uid === staff.uid && m.message.kind === "registration-held");
    const anyoneElse = () => w.actions.messages.filter((m) => m.uid !== staff.uid && m.message.kind === "registration-held");
    await w.registerWithoutAccount("Alice", "#one", "alice@example.com");
    expect(toldStaff()).toHaveLength(0);

    await w.registerWithoutAccount("Bob", "#flagged", "bob@example.com");
    expect(w.actions.noticesTo(staff.uid).at(-1)).toBe(
      "The registration of #flagged by Bob is held for review (over the hourly registration limit; flagged name): /msg OperServ REVIEW SHOW 2.",
    );
    expect(w.actions.calls.filter((c) => c.action === "notice" && c.args[1] === staff.uid).at(-1)?.args[0]).toBe("operserv");

    // Held for the hourly limit alone: told once, with when the next such hold will be told.
    await w.registerWithoutAccount("Carol", "#three", "carol@example.com");
    expect(w.actions.noticesTo(staff.uid).at(-1)).toBe(
      "The registration of #three by Carol is held for review (over the hourly registration limit): /msg OperServ REVIEW SHOW 3. " +
        "Further holds for the hourly limit are not announced for 30m: /msg OperServ REVIEW LIST held.",
    );
    await w.registerWithoutAccount("Dave", "#four", "dave@example.com");
    expect(toldStaff()).toHaveLength(2);
    w.clock.advance(30 * 60_000);
    await w.registerWithoutAccount("Erin", "#five", "erin@example.com");
    expect(w.channels.store.live("#five")?.state).toBe("held");
    expect(toldStaff()).toHaveLength(3);
    expect(anyoneElse()).toEqual([]);
    expect(w.actions.noticesTo(plain.uid).join("\n")).not.toContain("held for review");
  });

  it("REVIEW APPROVE proceeds as an acceptance and tells the registrant", async () => {
    w = makeChannelWorld({ channels: "registrations_per_hour = 1" });
    const staff = await w.member("StaffOne");
    await w.registerWithoutAccount("Alice", "#one", "alice@example.com");
    const b = await w.registerWithoutAccount("Bob", "#two", "bob@example.com");
    const list = await w.os(staff, "REVIEW LIST held");
    expect(list[1]).toMatch(/^ {3}2 {2}#two {2}held {2}0s ago {2}Bob!bob@host\d+\.example\.net {2}bob@example\.com - over the hourly registration limit$/);
    const show = await w.os(staff, "REVIEW SHOW 2");
    expect(show.join("\n")).toMatch(/Flagged: {4}over the hourly registration limit/);
    expect(show.join("\n")).toMatch(/Mail: {7}none yet \(sent on approval\)/);
    const approved = await w.os(staff, "REVIEW APPROVE 2");
    expect(approved[0]).toMatch(/^Approved request 2\. For the registrant: #two is registered but not verified yet\. An account named Bob was created/);
    expect(w.channels.store.live("#two")).toMatchObject({ state: "unverified", decidedBy: "StaffOne", accountCreated: true });
    expect(joined(w)).toEqual(["#one", "#two"]);
    expect(w.mails("channel_register_password").map((m) => m.recipient)).toEqual(["alice@example.com", "bob@example.com"]);
    expect(w.actions.noticesTo(b.uid).pop()).toMatch(/^Staff approved your registration of #two\./);
    expect((await w.os(staff, "REVIEW APPROVE 2"))[0]).toMatch(/is unverified; only held requests can be approved/);
  });

  it("REVIEW REJECT in time cancels the queued mail, parts X2, drops the account and mails nothing", async () => {
    w = makeChannelWorld();
    const staff = await w.member("StaffOne");
    const a = await w.registerWithoutAccount("Alice", "#chan", "alice@example.com");
    const replies = await w.os(staff, "REVIEW REJECT 1 looks like spam");
    expect(replies[0]).toBe("Rejected request 1 (#chan). Its queued mail was cancelled before it was sent. The account X2 made for it was dropped.");
    expect(w.mails("channel_register_password").map((m) => m.status)).toEqual(["cancelled"]);
    expect(w.account("Alice")).toBeUndefined();
    expect(parted(w)).toEqual(["#chan"]);
    expect(w.channels.store.byId(1)).toMatchObject({ state: "rejected", endReason: "looks like spam" });
    expect(w.channels.store.accessList(1)).toEqual([]);
    expect(w.actions.noticesTo(a.uid).pop()).toBe("Staff rejected your registration of #chan: looks like spam");
    w.clock.advance(10 * MINUTE);
    expect(w.deliverDueMail()).toBe(0);
  });

  it("REVIEW REJECT after the mail left queues a rejection mail", async () => {
    w = makeChannelWorld();
    const staff = await w.member("StaffOne");
    await w.registerWithoutAccount("Alice", "#chan", "alice@example.com");
    w.clock.advance(5 * MINUTE);
    expect(w.deliverDueMail()).toBe(1);
    const replies = await w.os(staff, "REVIEW REJECT 1 not a real channel");
    expect(replies[0]).toMatch(/registration mail had already been sent, so a rejection mail was queued/);
    const rejection = w.mails("channel_rejected")[0];
    expect(rejection).toMatchObject({ recipient: "alice@example.com", status: "queued", notBefore: w.clock.now() });
    expect(rejection?.data).toEqual({ channel: "#chan", reason: "not a real channel" });
  });

  it("REVIEW REJECT BLACKLIST blacklists the exact email, which is then refused", async () => {
    w = makeChannelWorld({ channels: "registrations_per_hour = 1" });
    const staff = await w.member("StaffOne");
    await w.registerWithoutAccount("Alice", "#one", "alice@example.com");
    const b = await w.registerWithoutAccount("Bob", "#two", "bob@example.com");
    const replies = await w.os(staff, "REVIEW REJECT 2 BLACKLIST abuse");
    expect(replies[0]).toBe("Rejected request 2 (#two). Its email is now on the blacklist.");
    expect(w.blacklist.get("bob@example.com")).toMatchObject({ setter: "StaffOne" });
    expect(w.mails("channel_register_password").map((m) => m.recipient)).toEqual(["alice@example.com"]);
    w.clock.advance(2 * HOUR);
    expect((await w.x2(b, "REGISTER #two bob@example.com"))[0]).toMatch(/can't be used for registration/);
  });

  it("REVIEW REJECT needs a reason and a known, undecided request", async () => {
    w = makeChannelWorld();
    const staff = await w.member("StaffOne");
    expect(await w.os(staff, "REVIEW REJECT 1")).toEqual(["Syntax: REVIEW REJECT <id> [BLACKLIST] <reason>", "Type /msg OperServ HELP REVIEW REJECT for more."]);
    expect((await w.os(staff, "REVIEW REJECT 1 BLACKLIST"))[0]).toBe("Give a reason; the registrant is told it.");
    expect((await w.os(staff, "REVIEW REJECT 9 spam"))[0]).toBe("There is no registration request 9.");
    expect((await w.os(staff, "REVIEW REJECT x spam"))[0]).toMatch(/is not a request number/);
  });

  it("REVIEW NOTE adds notes that REVIEW SHOW lists, with the registrant's other requests", async () => {
    w = makeChannelWorld();
    const staff = await w.member("StaffOne");
    const a = await w.registerWithoutAccount("Alice", "#one", "alice@example.com");
    await w.os(staff, "REVIEW REJECT 1 spam");
    w.opIn("#two", a);
    await w.x2(a, "REGISTER #two alice@example.com");
    expect((await w.os(staff, "REVIEW NOTE 2 knows the channel founder"))[0]).toBe("Noted on request 2 (#two).");
    const show = (await w.os(staff, "REVIEW SHOW 2")).join("\n");
    expect(show).toMatch(/Other requests by this host, email or account \(1, newest first\):\n\s+1 {2}#one {2}rejected/);
    expect(show).toMatch(/Note by StaffOne .*: knows the channel founder/);
    expect(show).toMatch(/Mail: {7}queued, leaves in 5m unless rejected/);
  });

  it("is refused to users without the review privilege", async () => {
    w = makeChannelWorld();
    const u = await w.member("Alice");
    expect(await w.os(u, "REVIEW LIST")).toEqual(["REVIEW needs the review privilege, which your account does not have."]);
  });
});

describe("X2 after a relink", () => {
  it("lists unverified and active channels with their timestamps for the burst", async () => {
    w = makeChannelWorld({ channels: "registrations_per_hour = 1" });
    await w.registerWithoutAccount("Alice", "#one", "alice@example.com");
    await w.registerWithoutAccount("Bob", "#two", "bob@example.com");
    expect(burstJoins(w.channels, w.clock.now())).toEqual([{ channel: "#one", ts: 1_700_000_000 }]);
    expect(w.net.presence("#one", X2_UID)?.op).toBe(true);
  });
});
