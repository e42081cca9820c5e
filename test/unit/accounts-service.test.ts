import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/services/accounts/password.js";
import { makeWorld, type World } from "./accounts-fixture.js";
import { HOUR, explain, worded } from "../support.js";

let w: World;
beforeEach(() => {
  w = makeWorld();
});
afterEach(() => w.close());

describe("REGISTER and VERIFY", () => {
  it("registers the nick unverified, mails a code, and logs in on VERIFY", async () => {
    const events: string[] = [];
    w.accounts.on("verified", (a) => events.push(`verified:${a.name}`));
    w.accounts.on("loggedIn", (a, uid, info) => events.push(`loggedIn:${a.name}:${uid}:${info.via}:${info.generatedPassword}`));
    const { user, result } = await w.register("Tom");
    if (!result.ok) throw new Error(explain(result.error));
    const account = result.value;
    expect(account.status).toBe("unverified");
    expect(account.id).toMatch(/^[1-9][A-Z0-9]{8}$/);
    expect(w.store.nicksOf(account.id).map((n) => n.nick)).toEqual(["Tom"]);
    // Unverified is inert: no ircd login, no session.
    expect(w.actions.of("setLogin")).toEqual([]);
    expect(w.accounts.accountOf(user.uid)).toBeNull();
    expect(w.accounts.pendingAccountOf(user.uid)?.id).toBe(account.id);

    const mail = w.mail.last("account_verify");
    expect(mail.to).toBe("tom@example.com");
    expect(mail.data).toMatchObject({ account: "Tom", verifyWindow: "1d", serviceNick: "NickServ" });
    expect(String(mail.data.code)).toMatch(/^[A-Z2-9]{20}$/);
    // Only the hash is stored: the SHA-256 of the code, and the code itself in no column, in no case.
    const code = String(mail.data.code);
    const stored = w.db.prepare("SELECT * FROM account_codes").all() as Array<Record<string, unknown>>;
    expect(stored).toHaveLength(1);
    expect(stored[0]?.code_hash).toBe(createHash("sha256").update(code, "utf8").digest("hex"));
    expect(JSON.stringify(stored).toUpperCase()).not.toContain(code);

    const verified = w.accounts.verifyRegistration("Tom", String(mail.data.code).toLowerCase(), w.actor(user));
    if (!verified.ok) throw new Error(explain(verified.error));
    expect(verified.value.loggedIn).toBe(true);
    expect(w.store.byId(account.id)?.status).toBe("active");
    expect(w.store.byId(account.id)?.verifiedAt).toBe(w.clock.now());
    expect(w.actions.of("setLogin")).toEqual([[user.uid, { id: account.id, name: "Tom" }]]);
    expect(w.accounts.accountOf(user.uid)?.id).toBe(account.id);
    // Announced after the login: listeners never see a verified account whose owner is not logged in yet.
    expect(events).toEqual([`loggedIn:Tom:${user.uid}:verify:false`, `verified:Tom`]);
    expect(w.audit.forTarget(account.id).map((e) => e.action)).toEqual(["account.verify", "account.register"]);
  });

  it("refuses a wrong, an expired, a reused and a replaced code", async () => {
    const { user, result } = await w.register("Ann");
    if (!result.ok) throw new Error(explain(result.error));
    const first = w.mail.lastCode();
    const wrong = w.accounts.verifyRegistration("Ann", "AAAAAAAAAAAAAAAAAAAA", w.actor(user));
    expect(worded(wrong)).toEqual({ ok: false, error: "That is not the right code for Ann. Copy the code from the latest mail exactly." });

    w.clock.advance(2 * 60_000);
    const resent = w.accounts.resend(user.uid, user.nick);
    expect(resent.ok).toBe(true);
    const second = w.mail.lastCode();
    expect(w.mail.sent[0]?.cancelled).toBe(true);
    expect(worded(w.accounts.verifyRegistration("Ann", first, w.actor(user)))).toEqual({
      ok: false,
      error: "That code was replaced by a newer one; use the code from the latest mail.",
    });

    w.clock.advance(24 * HOUR);
    expect(worded(w.accounts.verifyRegistration("Ann", second, w.actor(user)))).toEqual({
      ok: false,
      error: "That code has expired. Ask for a new one with /msg NickServ RESEND.",
    });
  });

  it("refuses a code used twice", async () => {
    const { user } = await w.register("Bea");
    const code = w.mail.lastCode();
    expect(w.accounts.verifyRegistration("Bea", code, w.actor(user)).ok).toBe(true);
    const again = w.accounts.verifyRegistration("Bea", code, w.actor(user));
    expect(worded(again)).toEqual({ ok: false, error: "Bea is already verified." });
    // At the code level the second use is refused as used.
    const account = w.store.byName("Bea");
    expect(w.accounts.codes.consume(account!.id, "register", code, w.clock.now())).toEqual({ ok: false, error: "used" });
  });

  it("does not log in a different user who verifies with the code from elsewhere", async () => {
    const { result } = await w.register("Cid");
    if (!result.ok) throw new Error(explain(result.error));
    const other = w.network.add("Someone");
    const verified = w.accounts.verifyRegistration(result.value.id, w.mail.lastCode(), w.actor(other));
    expect(verified).toMatchObject({ ok: true, value: { loggedIn: false } });
    expect(w.accounts.accountOf(other.uid)).toBeNull();
  });

  it("limits accounts per email on the canonical address", async () => {
    w.config.nickserv.max_accounts_per_email = 2;
    expect((await w.register("One", "correct horse", "a.b+x@gmail.com")).result.ok).toBe(true);
    expect((await w.register("Two", "correct horse", "ab@googlemail.com")).result.ok).toBe(true);
    const third = await w.register("Three", "correct horse", "A.B+other@Gmail.com");
    expect(worded(third.result)).toEqual({ ok: false, error: "This email address already has 2 accounts (the limit); use another address." });
  });

  it("refuses blacklisted addresses, as given and in canonical form", async () => {
    expect(worded((await w.register("Mal", "correct horse", "x@mailinator.com")).result)).toEqual({
      ok: false,
      error: "Mail to this address or domain is not accepted here; use another address.",
    });
    // banned@gmail.com is matched through the canonical form only (dots, +tag, googlemail.com).
    expect((await w.register("Mal2", "correct horse", "Ban.Ned+x@googlemail.com")).result.ok).toBe(false);
    expect((await w.register("Fine", "correct horse", "banned@example.com")).result.ok).toBe(true);
    expect(worded((await w.register("Mal3", "correct horse", "not an address")).result)).toEqual({ ok: false, error: "An email address cannot contain spaces." });
  });

  it("refuses invalid, registered, guest and entity-ID-like nicks, and weak passwords", async () => {
    await w.registered("Taken");
    expect(worded((await w.register("taken")).result)).toEqual({ ok: false, error: "taken is already registered." });
    expect(worded((await w.register("Guest12345")).result)).toEqual({ ok: false, error: "Guest nicks cannot be registered; change your nick first (/nick YourName)." });
    expect(w.accounts.nickRegistrationProblem("1ABCDEFGH")).toEqual({ kind: "nick-invalid", nick: "1ABCDEFGH" });
    expect(explain({ kind: "nick-invalid", nick: "1ABCDEFGH" })).toBe("1ABCDEFGH is not a valid nickname.");
    expect(w.accounts.nickRegistrationProblem("TAKEN")).toEqual({ kind: "nick-registered", nick: "TAKEN" });
    expect(worded((await w.register("Short", "abc")).result)).toEqual({ ok: false, error: "A password must be at least 8 characters long." });
    expect(worded((await w.register("Samename", "SAMENAME")).result)).toEqual({ ok: false, error: "Your password cannot be your nickname or account name." });
    expect(worded((await w.register("Longpw", "x".repeat(301))).result)).toEqual({ ok: false, error: "A password can be at most 300 characters long." });
  });

  it("refuses a second registration from a user waiting for verification, and REGISTER while logged in", async () => {
    const { user } = await w.register("First");
    w.network.rename(user.uid, "Second");
    const again = await w.accounts.register(w.actor(w.network.users.get(user.uid)!), "correct horse", "x@example.com");
    expect(again.ok).toBe(false);
    if (!again.ok) expect(explain(again.error)).toContain("You already registered First");
    const verifiedUser = await w.registered("Logged");
    w.network.rename(verifiedUser.uid, "Logged2");
    const third = await w.accounts.register(w.actor(verifiedUser), "correct horse", "y@example.com");
    expect(worded(third)).toEqual({ ok: false, error: "You are already logged in to Logged. To add this nick to it, type /msg NickServ GROUP." });
  });
});

describe("RESEND", () => {
  it("is limited by resend_interval and to three a day, naming the limit and the wait", async () => {
    const { user } = await w.register("Res");
    const early = w.accounts.resend(user.uid, user.nick);
    expect(early).toEqual({ ok: false, error: { kind: "code-interval", purpose: "register", intervalMs: 90_000, retryAfterMs: 90_000 } });
    expect(worded(early)).toEqual({ ok: false, error: "You can ask for a new code once every 1m30s; try again in 1m30s." });
    for (let i = 0; i < 3; i++) {
      w.clock.advance(91_000);
      expect(w.accounts.resend(user.uid, user.nick).ok).toBe(true);
    }
    w.clock.advance(91_000);
    const fourth = w.accounts.resend(user.uid, user.nick);
    expect(fourth.ok).toBe(false);
    if (!fourth.ok) expect(explain(fourth.error)).toMatch(/^You have asked for a new code 3 times in the last 24 hours \(limit 3 a day\); try again in 23h5\dm\.$/);
    expect(w.mail.sent.filter((m) => m.template === "account_verify")).toHaveLength(4);
  });

  it("needs a registration waiting for the caller", async () => {
    const stranger = w.network.add("Nobody");
    const r = w.accounts.resend(stranger.uid, stranger.nick);
    expect(r.ok).toBe(false);
  });
});

describe("IDENTIFY", () => {
  it("logs in by account name, nick, entity ID and ?entity ID", async () => {
    const owner = await w.registered("Tom");
    const account = w.store.byName("Tom")!;
    expect(w.accounts.group(account.id, "TomAway", account.id).ok).toBe(true);
    w.accounts.logout(owner.uid);
    for (const ref of ["Tom", "tomaway", account.id, `?${account.id}`, `?${account.id.toLowerCase()}`]) {
      const user = w.network.add(`Guest${Math.floor(Math.random() * 1e6)}`);
      const r = await w.accounts.identify(w.actor(user), ref, "correct horse");
      if (!r.ok) throw new Error(`${ref}: ${explain(r.error)}`);
      expect(r.value.account.id).toBe(account.id);
      expect(w.accounts.accountOf(user.uid)?.id).toBe(account.id);
    }
  });

  it("uses the current nick when no account is given", async () => {
    const user = await w.registered("Nicky");
    w.accounts.logout(user.uid);
    const r = await w.accounts.identify(w.actor(user), null, "correct horse");
    expect(r.ok).toBe(true);
  });

  it("refuses an unverified account with a chosen password and points to VERIFY", async () => {
    const { user } = await w.register("Unv");
    w.accounts.logout(user.uid); // forgets the registration session
    const other = w.network.add("Elsewhere");
    const r = await w.accounts.identify(w.actor(other), "Unv", "correct horse");
    expect(worded(r)).toEqual({
      ok: false,
      error: "Unv is not verified yet: type the code from the registration mail, /msg NickServ VERIFY REGISTER Unv <code>. No mail? /msg NickServ RESEND.",
    });
    expect(w.accounts.accountOf(other.uid)).toBeNull();
    expect(w.actions.of("setLogin")).toEqual([]);
    // The proven password lets this user RESEND.
    w.clock.advance(91_000);
    expect(w.accounts.resend(other.uid, other.nick).ok).toBe(true);
  });

  it("logs in and verifies with a generated (mailed) password", async () => {
    const created = await w.accounts.createForChannel("Chan", "chan@example.com");
    if (!created.ok) throw new Error(explain(created.error));
    expect(created.value.account).toMatchObject({ status: "unverified", origin: "x2", passwordGenerated: true });
    const events: string[] = [];
    w.accounts.on("verified", (a) => events.push(`verified:${a.name}`));
    w.accounts.on("loggedIn", (a, _uid, info) => events.push(`loggedIn:${a.name}:${info.generatedPassword}`));
    const user = w.network.add("Chan");
    const r = await w.accounts.identify(w.actor(user), null, created.value.password);
    if (!r.ok) throw new Error(explain(r.error));
    expect(r.value.verifiedNow).toBe(true);
    expect(w.store.byName("Chan")?.status).toBe("active");
    expect(events).toEqual(["loggedIn:Chan:true", "verified:Chan"]);
    expect(w.actions.of("setLogin")).toHaveLength(1);
  });

  it("switches from another account", async () => {
    const user = await w.registered("Alpha");
    await w.registered("Beta");
    const loggedOut: string[] = [];
    w.accounts.on("loggedOut", (id) => loggedOut.push(id));
    const r = await w.accounts.identify(w.actor(user), "Beta", "correct horse");
    if (!r.ok) throw new Error(explain(r.error));
    expect(r.value.previous).toBe("Alpha");
    expect(w.accounts.accountOf(user.uid)?.name).toBe("Beta");
    expect(loggedOut).toEqual([w.store.byName("Alpha")!.id]);
    expect(worded(await w.accounts.identify(w.actor(user), "Beta", "correct horse"))).toEqual({ ok: false, error: "You are already logged in as Beta." });
  });

  it("refuses a frozen account with a message pointing to staff", async () => {
    const user = await w.registered("Cold");
    w.accounts.logout(user.uid);
    // A flag set directly (not by OperServ FREEZE) gets a freeze record of its own (migration 0015).
    w.store.setFlag(w.store.byName("Cold")!.id, "frozen", true);
    const r = await w.accounts.identify(w.actor(user), null, "correct horse");
    expect(worded(r)).toEqual({
      ok: false,
      error:
        "The account Cold is frozen by the network staff: frozen outside OperServ FREEZE. To resolve this, write to staff@test.local.",
    });
  });

  it("throttles failed logins, says when to retry, and alerts opers once", async () => {
    w.close();
    w = makeWorld({ security: "failure_alert_threshold = 7" });
    const user = await w.registered("Target");
    w.accounts.logout(user.uid);
    const attacker = w.network.add("Mallory");
    for (let i = 0; i < 5; i++) {
      expect(worded(await w.accounts.identify(w.actor(attacker), "Target", `wrong${i}wrong`))).toEqual({ ok: false, error: "Invalid password for Target." });
    }
    const refused = await w.accounts.identify(w.actor(attacker), "Target", "correct horse");
    expect(worded(refused)).toEqual({ ok: false, error: "Too many failed logins to Target (limit 5 a minute); try again in 30s." });
    // Other addresses are refused too: the account is locked...
    const elsewhere = w.network.add("Other", { ip: "203.0.113.5" });
    expect((await w.accounts.identify(w.actor(elsewhere), "Target", "correct horse")).ok).toBe(false);
    w.clock.advance(30_000);
    // ...and the attacker's address is locked as well (it failed 5 times).
    for (let i = 0; i < 5; i++) await w.accounts.identify(w.actor(elsewhere), "Target", `bad${i}badbad`);
    // Opers were told once (threshold 7 reached within 10 minutes), not once per attempt.
    const notices = w.actions.of("operNotice").map((a) => String(a[0]));
    expect(notices.filter((n) => n.includes("failed logins to account Target"))).toHaveLength(1);
    w.clock.advance(60_000);
    expect((await w.accounts.identify(w.actor(elsewhere), "Target", "correct horse")).ok).toBe(true);
  });

  it("rehashes the password when the scrypt parameters changed", async () => {
    const user = await w.registered("Rehash");
    w.accounts.logout(user.uid);
    const before = w.store.byName("Rehash")!.passwordHash;
    expect(before.startsWith("scrypt$1024$8$1$")).toBe(true);
    w.config.security.scrypt_n = 2048;
    const r = await w.accounts.identify(w.actor(user), null, "correct horse");
    expect(r.ok).toBe(true);
    const after = w.store.byName("Rehash")!.passwordHash;
    expect(after.startsWith("scrypt$2048$8$1$")).toBe(true);
    w.accounts.logout(user.uid);
    expect((await w.accounts.identify(w.actor(user), null, "correct horse")).ok).toBe(true);
  });

  it("accepts an imported hash with other parameters and upgrades it", async () => {
    const user = await w.registered("Imported");
    const id = w.store.byName("Imported")!.id;
    w.store.setPassword(id, await hashPassword("old password", { N: 4096, r: 4, p: 1 }), false);
    w.accounts.logout(user.uid);
    expect((await w.accounts.identify(w.actor(user), null, "old password")).ok).toBe(true);
    expect(w.store.byId(id)!.passwordHash.startsWith("scrypt$1024$8$1$")).toBe(true);
  });
});

describe("settings", () => {
  it("changes the email only after the code mailed to the new address is given", async () => {
    const user = await w.registered("Mover");
    const account = w.store.byName("Mover")!;
    const req = w.accounts.requestEmailChange(account.id, "new@example.net", account.id);
    expect(req.ok).toBe(true);
    expect(w.store.byId(account.id)!.email).toBe("mover@example.com");
    const mail = w.mail.last("email_change_verify");
    expect(mail.to).toBe("new@example.net");
    expect(mail.data).toMatchObject({ account: "Mover", newEmail: "new@example.net" });
    expect(w.accounts.verifyEmail("Mover", "WRONGWRONGWRONGWRONG", { uid: user.uid, nick: user.nick })).toMatchObject({ ok: false });
    expect(w.store.byId(account.id)!.email).toBe("mover@example.com");
    const done = w.accounts.verifyEmail("Mover", String(mail.data.code), { uid: user.uid, nick: user.nick, account });
    expect(done.ok).toBe(true);
    expect(w.store.byId(account.id)!.email).toBe("new@example.net");
    expect(w.audit.forTarget(account.id)[0]).toMatchObject({ actor: account.id, action: "account.email" });
  });

  it("refuses SET EMAIL on a frozen account", async () => {
    await w.registered("Icy");
    const account = w.store.byName("Icy")!;
    w.store.setFlag(account.id, "frozen", true);
    const r = w.accounts.requestEmailChange(account.id, "new@example.net", account.id);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(explain(r.error)).toContain("is frozen");
  });

  it("fixes a mistyped address before verification and mails a new code there", async () => {
    const { user } = await w.register("Typo", "correct horse", "typo@exmaple.com");
    const oldCode = w.mail.lastCode();
    w.clock.advance(91_000);
    const r = w.accounts.changePendingEmail(user.uid, user.nick, "typo@example.com");
    expect(r.ok).toBe(true);
    expect(w.store.byName("Typo")!.email).toBe("typo@example.com");
    expect(w.mail.last("account_verify").to).toBe("typo@example.com");
    expect(w.accounts.verifyRegistration("Typo", oldCode, w.actor(user)).ok).toBe(false);
    expect(w.accounts.verifyRegistration("Typo", w.mail.lastCode(), w.actor(user)).ok).toBe(true);
  });

  it("changes the password, refusing one equal to a nick", async () => {
    const user = await w.registered("Pw");
    const account = w.store.byName("Pw")!;
    expect(worded(await w.accounts.changePassword(account.id, "pw", account.id))).toEqual({ ok: false, error: "A password must be at least 8 characters long." });
    expect((await w.accounts.changePassword(account.id, "new secret pass", account.id)).ok).toBe(true);
    w.accounts.logout(user.uid);
    expect((await w.accounts.identify(w.actor(user), null, "correct horse")).ok).toBe(false);
    expect((await w.accounts.identify(w.actor(user), null, "new secret pass")).ok).toBe(true);
  });

  it("sets EXPMAIL and HIDEMAIL", async () => {
    await w.registered("Opt");
    const id = w.store.byName("Opt")!.id;
    w.accounts.setOption(id, "expmail", false, id);
    w.accounts.setOption(id, "hidemail", false, id);
    expect(w.store.byId(id)).toMatchObject({ expmail: false, hideEmail: false });
  });
});

describe("GROUP and UNGROUP", () => {
  it("groups nicks up to max_grouped_nicks", async () => {
    w.config.nickserv.max_grouped_nicks = 3;
    await w.registered("Many");
    const id = w.store.byName("Many")!.id;
    expect(w.accounts.group(id, "Many2", id)).toMatchObject({ ok: true, value: { count: 2 } });
    expect(w.accounts.group(id, "Many3", id)).toMatchObject({ ok: true, value: { count: 3 } });
    expect(worded(w.accounts.group(id, "Many4", id))).toEqual({
      ok: false,
      error: "Your account already has 3 nicknames (limit 3); ungroup one first with /msg NickServ UNGROUP <nick>.",
    });
    expect(worded(w.accounts.group(id, "Many2", id))).toEqual({ ok: false, error: "Many2 is already grouped to your account." });
  });

  it("refuses nicks of other accounts and ungrouping the account name", async () => {
    await w.registered("Mine");
    await w.registered("Yours");
    const id = w.store.byName("Mine")!.id;
    expect(worded(w.accounts.group(id, "Yours", id))).toEqual({ ok: false, error: "Yours is already registered." });
    expect(worded(w.accounts.ungroup(id, "Mine", id))).toEqual({ ok: false, error: "Mine is your account name and cannot be ungrouped." });
    expect(worded(w.accounts.ungroup(id, "Yours", id))).toEqual({ ok: false, error: "Yours is not grouped to your account." });
    w.accounts.group(id, "MineToo", id);
    expect(w.accounts.ungroup(id, "minetoo", id).ok).toBe(true);
    expect(w.store.nickOwner("MineToo")).toBeUndefined();
  });

  it("refuses GROUP on a frozen account", async () => {
    await w.registered("Frz");
    const id = w.store.byName("Frz")!.id;
    w.store.setFlag(id, "frozen", true);
    expect(w.accounts.group(id, "Frz2", id).ok).toBe(false);
  });
});

describe("GHOST and REGAIN", () => {
  it("GHOST kills the holder of a nick the caller is logged in for", async () => {
    const me = await w.registered("Owner");
    w.network.rename(me.uid, "Owner_");
    const ghost = w.network.add("Owner");
    const r = await w.accounts.reclaimNick("ghost", w.actor(me), "Owner", null);
    expect(r).toEqual({ ok: true, value: { disconnected: "Owner", loggedInAs: null, regained: null } });
    expect(w.actions.of("killUser")).toEqual([[ghost.uid, "GHOST command used by Owner_"]]);
  });

  it("GHOST with the password works without being logged in; a wrong one is refused", async () => {
    const me = await w.registered("Pwd");
    w.accounts.logout(me.uid);
    w.network.rename(me.uid, "Pwd_");
    w.network.add("Pwd");
    expect(worded(await w.accounts.reclaimNick("ghost", w.actor(me), "Pwd", "wrong password"))).toEqual({ ok: false, error: "Invalid password for Pwd." });
    expect((await w.accounts.reclaimNick("ghost", w.actor(me), "Pwd", "correct horse")).ok).toBe(true);
    expect(w.accounts.accountOf(me.uid)).toBeNull();
  });

  it("refuses GHOST on someone else's nick", async () => {
    await w.registered("Victim");
    const me = await w.registered("Intruder");
    expect(worded(await w.accounts.reclaimNick("ghost", w.actor(me), "Victim", null))).toEqual({
      ok: false,
      error: "You do not own Victim: log in to its account first, or give its password: /msg NickServ GHOST Victim <password>.",
    });
    expect(worded(await w.accounts.reclaimNick("ghost", w.actor(me), "Intruder", null))).toEqual({ ok: false, error: "You cannot ghost yourself." });
  });

  it("REGAIN kills, logs in and renames the caller", async () => {
    const old = await w.registered("Back");
    w.accounts.logout(old.uid);
    const me = w.network.add("Back_");
    const r = await w.accounts.reclaimNick("regain", w.actor(me), "back", "correct horse");
    expect(r).toEqual({ ok: true, value: { disconnected: "Back", loggedInAs: "Back", regained: "Back" } });
    expect(w.actions.of("killUser")).toEqual([[old.uid, "REGAIN command used by Back_"]]);
    expect(w.actions.of("forceNick")).toEqual([[me.uid, "Back"]]);
    expect(w.accounts.accountOf(me.uid)?.name).toBe("Back");
  });
});

describe("RESETPASS", () => {
  it("mails a code and sets the new password with it", async () => {
    const user = await w.registered("Forgot");
    w.accounts.logout(user.uid);
    const other = w.network.add("Anon");
    const req = w.accounts.requestPasswordReset("Forgot", { uid: other.uid, nick: other.nick });
    expect(req.ok).toBe(true);
    const mail = w.mail.last("password_reset");
    expect(mail).toMatchObject({ to: "forgot@example.com", data: { account: "Forgot", lifetime: "1d" } });
    const wrong = await w.accounts.completePasswordReset("Forgot", "BADBADBADBADBADBADBA", "brand new pass", { uid: other.uid, nick: other.nick });
    expect(wrong.ok).toBe(false);
    const done = await w.accounts.completePasswordReset("Forgot", String(mail.data.code), "brand new pass", { uid: other.uid, nick: other.nick });
    expect(done.ok).toBe(true);
    expect((await w.accounts.identify(w.actor(user), null, "brand new pass")).ok).toBe(true);
    const reuse = await w.accounts.completePasswordReset("Forgot", String(mail.data.code), "another new pass", { uid: other.uid, nick: other.nick });
    expect(worded(reuse)).toEqual({ ok: false, error: "That code was already used; each code works once." });
  });

  it("refuses the account's email address as the new password, as every other path does", async () => {
    const user = await w.registered("Mailpass", "correct horse", "mailpass@example.com");
    w.accounts.logout(user.uid);
    const anon = { uid: "X", nick: "anon" };
    expect(w.accounts.requestPasswordReset("Mailpass", anon).ok).toBe(true);
    const code = String(w.mail.last("password_reset").data.code);
    const refused = await w.accounts.completePasswordReset("Mailpass", code, "MailPass@Example.com", anon);
    expect(worded(refused)).toEqual({ ok: false, error: "Your password cannot be your email address." });
    // The code was not spent on the refusal: a proper password still works with it.
    expect((await w.accounts.completePasswordReset("Mailpass", code, "a proper new password", anon)).ok).toBe(true);
  });

  it("is rate-limited like RESEND and refused for frozen accounts", async () => {
    await w.registered("Limit");
    const anon = { uid: "X", nick: "anon" };
    expect(w.accounts.requestPasswordReset("Limit", anon).ok).toBe(true);
    expect(worded(w.accounts.requestPasswordReset("Limit", anon))).toEqual({
      ok: false,
      error: "You can ask for a password reset once every 1m30s; try again in 1m30s.",
    });
    w.store.setFlag(w.store.byName("Limit")!.id, "frozen", true);
    w.clock.advance(HOUR);
    const frozen = w.accounts.requestPasswordReset("Limit", anon);
    expect(frozen.ok).toBe(false);
    if (!frozen.ok) expect(explain(frozen.error)).toContain("frozen");
    expect(worded(w.accounts.requestPasswordReset("NoSuch", anon))).toEqual({ ok: false, error: "NoSuch is not a registered account." });
  });
});

describe("sessions and dropping", () => {
  it("ends the session when the user quits and records last seen", async () => {
    const user = await w.registered("Quitter");
    const id = w.store.byName("Quitter")!.id;
    w.clock.advance(HOUR);
    w.accounts.userQuit(user.uid);
    expect(w.accounts.accountOf(user.uid)).toBeNull();
    expect(w.store.byId(id)!.lastSeenAt).toBe(w.clock.now());
  });

  it("drops an account: nicks freed, sessions logged out, audited, event", async () => {
    const user = await w.registered("Gone");
    const id = w.store.byName("Gone")!.id;
    const dropped: string[] = [];
    w.accounts.on("dropped", (accountId, reason) => dropped.push(`${accountId}:${reason}`));
    expect(w.accounts.drop(id, "test", "system")).toBe(true);
    expect(w.store.byId(id)).toBeUndefined();
    expect(w.store.nickOwner("Gone")).toBeUndefined();
    expect(w.accounts.accountOf(user.uid)).toBeNull();
    expect(w.actions.of("setLogin").at(-1)).toEqual([user.uid, null]);
    expect(dropped).toEqual([`${id}:test`]);
    expect(w.audit.forTarget(id)[0]).toMatchObject({ actor: "system", action: "account.drop" });
  });
});
