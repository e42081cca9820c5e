import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeWorld, type World } from "./accounts-fixture.js";

let w: World;
beforeEach(() => {
  w = makeWorld();
});
afterEach(() => w.close());

describe("the requester's session account", () => {
  it("gives the id and name of the account a user is logged in to, and forgets a session whose account is gone", async () => {
    const user = await w.registered("Sessioned");
    const account = w.accounts.accountOf(user.uid)!;
    expect(w.accounts.sessionAccount(user.uid)).toEqual({ id: account.id, name: "Sessioned" });
    w.accounts.deps.store.rename(account.id, "Renamed");
    expect(w.accounts.sessionAccount(user.uid)).toEqual({ id: account.id, name: "Renamed" });
    w.accounts.deps.store.delete(account.id, w.clock.now());
    expect(w.accounts.sessionAccount(user.uid)).toBeNull();
    expect(w.accounts.deps.sessions.get(user.uid)).toBeUndefined();
    expect(w.accounts.sessionAccount(w.network.add("Nobody").uid)).toBeNull();
  });
});

describe("NickServ commands through the dispatcher", () => {
  it("HELP lists the commands and HELP <command> shows syntax and help", async () => {
    const user = w.network.add("Reader");
    const list = await w.command(user.uid, "HELP");
    for (const name of ["REGISTER", "VERIFY", "RESEND", "IDENTIFY", "LOGOUT", "INFO", "SET", "GROUP", "UNGROUP", "GHOST", "REGAIN", "RESETPASS"]) {
      expect(list.some((l) => l.trimStart().startsWith(name))).toBe(true);
    }
    // Staff commands are hidden from users.
    expect(list.some((l) => l.trimStart().startsWith("SETPASS") || l.trimStart().startsWith("MARK"))).toBe(false);
    const help = await w.command(user.uid, "HELP REGISTER");
    expect(help[1]).toBe("Syntax: REGISTER <password> <email>");
    expect(help.join("\n")).toContain("VERIFY REGISTER <account> <code>");
    const set = await w.command(user.uid, "HELP SET");
    expect(set).toContain("Options:");
    expect(set.some((l) => l.includes("EXPMAIL"))).toBe(true);
    expect((await w.command(user.uid, "HELP SET EMAIL"))[1]).toBe("Syntax: SET EMAIL <address>");
    expect(await w.command(user.uid, "HELP SETPASS")).toEqual([
      "SETPASS needs the account:admin privilege; if you are staff, log in first: /msg NickServ IDENTIFY <account> <password>",
    ]);
  });

  it("answers wrong argument counts with the syntax", async () => {
    const user = w.network.add("Typo");
    expect(await w.command(user.uid, "REGISTER onlypassword")).toEqual([
      "Syntax: REGISTER <password> <email>",
      "Type /msg NickServ HELP REGISTER for more.",
    ]);
    expect((await w.command(user.uid, "IDENTIFY a b c"))[0]).toBe("Syntax: IDENTIFY [<account>] <password>");
    expect((await w.command(user.uid, "VERIFY"))[0]).toBe("Syntax: VERIFY REGISTER|EMAIL <account> <code>");
    expect((await w.command(user.uid, "VERIFY REGISTER Tom"))[0]).toBe("Syntax: VERIFY REGISTER <account> <code>");
    expect((await w.command(user.uid, "VERIFY SOMETHING a b"))[0]).toBe("Unknown VERIFY option SOMETHING.");
    expect((await w.command(user.uid, "GHOST"))[0]).toBe("Syntax: GHOST <nick> [<password>]");
    expect((await w.command(user.uid, "RESETPASS Tom CODE"))[0]).toBe("Syntax: RESETPASS <account> [<code> <newpassword>]");
    expect((await w.command(user.uid, "SET EXPMAIL maybe"))[0]).toBe("You must be logged in to use SET EXPMAIL: /msg NickServ IDENTIFY <account> <password>");
    expect((await w.command(user.uid, "GROUP"))[0]).toBe("You must be logged in to use GROUP: /msg NickServ IDENTIFY <account> <password>");
  });

  it("REGISTER tells the user about the mail, the spam folder, VERIFY, the window and EXPMAIL", async () => {
    const user = w.network.add("Newbie");
    const replies = await w.command(user.uid, "REGISTER hunter2hunter2 newbie@example.com");
    const text = replies.join("\n");
    expect(text).toContain("not verified yet: you are not logged in until it is");
    expect(text).toContain("mailed to newbie@example.com");
    expect(text).toContain("check your spam folder for mail from TestNet");
    expect(text).toContain("/msg NickServ VERIFY REGISTER Newbie <code> within 1d");
    expect(text).toContain("/msg NickServ RESEND");
    expect(text).toContain("you will get mail about it first; to opt out: /msg NickServ SET EXPMAIL OFF");
    // NickServ codes go out at once, whatever mail.delay says (it is 5m here): no delay is announced.
    expect(w.config.mail.delay).toBeGreaterThan(0);
    expect(text).not.toMatch(/\babout \d|\bdelay/i);
    expect(w.actions.of("setLogin")).toEqual([]);

    const code = w.mail.lastCode();
    expect(await w.command(user.uid, `VERIFY REGISTER Newbie ${code}`)).toEqual(["Newbie is now verified.", "You are now logged in as Newbie."]);
  });

  it("VERIFY takes a code pasted with spaces and dashes, in any case", async () => {
    const user = w.network.add("Paster");
    await w.command(user.uid, "REGISTER hunter2hunter2 paster@example.com");
    const code = w.mail.lastCode();
    const pasted = `${code.slice(0, 4)} ${code.slice(4, 8)}-${code.slice(8, 12)}  ${code.slice(12)}`.toLowerCase();
    expect(await w.command(user.uid, `VERIFY REGISTER Paster ${pasted}`)).toEqual(["Paster is now verified.", "You are now logged in as Paster."]);
  });

  it("IDENTIFY and its alias LOGIN log in; LOGOUT logs out", async () => {
    const user = await w.registered("Login");
    expect(await w.command(user.uid, "LOGOUT")).toEqual(["You have been logged out of Login."]);
    expect(w.actions.of("setLogin").at(-1)).toEqual([user.uid, null]);
    expect(await w.command(user.uid, "LOGOUT")).toEqual(["You are not logged in."]);
    expect(await w.command(user.uid, "IDENTIFY wrongpassword")).toEqual(["Invalid password for Login."]);
    expect(await w.command(user.uid, "LOGIN Login correct horse")).toEqual(["Syntax: IDENTIFY [<account>] <password>", "Type /msg NickServ HELP IDENTIFY for more."]);
    expect(await w.command(user.uid, "login Login correct")).toEqual(["Invalid password for Login."]);
    await w.accounts.changePassword(w.store.byName("Login")!.id, "correcthorse", "test");
    expect(await w.command(user.uid, "LOGIN Login correcthorse")).toEqual(["You are now logged in as Login."]);
    expect(await w.command(user.uid, "IDENTIFY NoSuchAccount pass")).toEqual(["NoSuchAccount is not a registered account or nickname."]);
  });

  it("SET alone lists the options; SET EMAIL works before verification", async () => {
    const user = w.network.add("Setter");
    const list = await w.command(user.uid, "SET");
    expect(list[0]).toBe("Settings you can change:");
    expect(list.some((l) => l.includes("SET EXPMAIL ON|OFF"))).toBe(true);
    await w.command(user.uid, "REGISTER hunter2hunter2 setter@exmaple.com");
    w.clock.advance(91_000);
    const fixed = await w.command(user.uid, "SET EMAIL setter@example.com");
    expect(fixed[0]).toBe("The address of Setter is now setter@example.com; a new verification code was mailed there (older codes no longer work).");
    expect(w.mail.last("account_verify").to).toBe("setter@example.com");
  });

  it("SET EXPMAIL, HIDEMAIL and PASSWORD change the logged-in account", async () => {
    const user = await w.registered("Prefs");
    expect(await w.command(user.uid, "SET EXPMAIL OFF")).toEqual(["You will no longer be mailed about expiry."]);
    expect(await w.command(user.uid, "SET HIDEMAIL off")).toEqual(["Your email address is now shown to others in INFO."]);
    expect(await w.command(user.uid, "SET HIDEMAIL perhaps")).toEqual(["Syntax: SET HIDEMAIL ON|OFF"]);
    expect(w.store.byName("Prefs")).toMatchObject({ expmail: false, hideEmail: false });
    expect(await w.command(user.uid, "SET PASSWORD prefs")).toEqual(["A password must be at least 8 characters long."]);
    expect(await w.command(user.uid, "SET PASSWORD a-much-better-one")).toEqual(["The password of Prefs has been changed."]);
    const email = await w.command(user.uid, "SET EMAIL prefs@example.net");
    expect(email[0]).toContain("A code was mailed to prefs@example.net");
    expect(email[1]).toBe("To confirm, type /msg NickServ VERIFY EMAIL Prefs <code> within 1d.");
    expect(await w.command(user.uid, `VERIFY EMAIL Prefs ${w.mail.lastCode("email_change_verify")}`)).toEqual(["The email address of Prefs is now prefs@example.net."]);
  });

  it("INFO shows owners and auspex opers everything, and others only what is public", async () => {
    const owner = await w.registered("Shown");
    const id = w.store.byName("Shown")!.id;
    const stranger = w.network.add("Stranger");
    const staff = await w.registered("StaffOne");
    w.accounts.addMark(id, { id: w.store.byName("StaffOne")!.id, name: "StaffOne" }, "watch this one");

    const public_ = (await w.command(stranger.uid, "INFO Shown")).join("\n");
    expect(public_).toContain("Information on Shown:");
    expect(public_).toContain("Nicknames  : Shown");
    expect(public_).toContain("Last seen  : now (logged in)");
    expect(public_).not.toContain(id);
    expect(public_).not.toContain("shown@example.com");
    expect(public_).not.toContain("watch this one");

    const own = (await w.command(owner.uid, "INFO")).join("\n");
    expect(own).toContain(`Entity ID    : ${id}`);
    expect(own).toContain("Email        : shown@example.com (hidden from others)");
    expect(own).toContain("Options      : EXPMAIL, HIDEMAIL");
    expect(own).toMatch(/Last address : user@/);
    expect(own).not.toContain("watch this one");

    const oper = (await w.command(staff.uid, `INFO ?${id}`)).join("\n");
    expect(oper).toContain(`Entity ID    : ${id}`);
    expect(oper).toContain("Real address : user@host-");
    expect(oper).toContain("by StaffOne: watch this one");

    await w.command(owner.uid, "SET HIDEMAIL OFF");
    expect((await w.command(stranger.uid, "INFO Shown")).join("\n")).toContain("Email      : shown@example.com");
    expect((await w.command(stranger.uid, "INFO Nobody"))[0]).toBe("Nobody is not registered.");
  });

  it("INFO keeps the last address and the time of a user who quit", async () => {
    const owner = await w.registered("Gone");
    const stranger = w.network.add("Looker");
    w.clock.advance(10_000);
    w.accounts.userQuit(owner.uid);
    w.network.quit(owner.uid);
    w.clock.advance(10_000);
    const lines = await w.command(stranger.uid, "INFO Gone");
    expect(lines).toContain("Last seen  : 2026-01-01 00:00 UTC (10s ago)");
    const staff = await w.registered("StaffOne");
    expect((await w.command(staff.uid, "INFO Gone")).join("\n")).toMatch(/Last address : user@cloak\d+\.example\.net/);
  });

  it("INFO shows an unverified account as such", async () => {
    const user = w.network.add("Pending");
    await w.command(user.uid, "REGISTER hunter2hunter2 pending@example.com");
    const other = w.network.add("Viewer");
    const lines = await w.command(other.uid, "INFO Pending");
    expect(lines.join("\n")).toContain("not verified yet (email verification pending; dropped if not verified by 2026-01-02 00:00 UTC (in 1d))");
  });

  it("MARK needs account:mark and adds, lists and deletes marks", async () => {
    await w.registered("Marked");
    const helper = await w.registered("Helper");
    const user = await w.registered("Plain");
    expect(await w.command(user.uid, "MARK Marked LIST")).toEqual(["MARK needs the account:mark privilege, which your account does not have."]);
    expect(await w.command(helper.uid, "MARK Marked LIST")).toEqual(["Marked has no marks."]);
    expect(await w.command(helper.uid, "MARK Marked ADD suspected   ban evasion")).toEqual(["Mark #1 added to Marked."]);
    const listed = await w.command(helper.uid, "MARK Marked LIST");
    expect(listed[0]).toMatch(/^#1 2026-01-01 00:00 UTC \(now\) by Helper: suspected {3}ban evasion$/);
    expect(await w.command(helper.uid, "MARK Marked FROB")).toEqual(["Syntax: MARK <account> ADD <text> | DEL <id> | LIST"]);
    expect(await w.command(helper.uid, "MARK Marked DEL x")).toEqual(['"x" is not a mark number; see MARK Marked LIST.']);
    expect(await w.command(helper.uid, "MARK Marked DEL 2")).toEqual(["There is no mark #2 on that account."]);
    expect(await w.command(helper.uid, "MARK Marked DEL #1")).toEqual(["Mark #1 removed from Marked."]);
    const markedId = w.store.byName("Marked")!.id;
    expect(w.audit.forTarget(markedId).map((e) => [e.actor, e.action])).toContainEqual([w.store.byName("Helper")!.id, "account.mark.delete"]);
  });

  it("SETPASS needs account:admin and is audited with the oper's entity ID", async () => {
    await w.registered("Locked");
    const staff = await w.registered("StaffOne");
    const user = await w.registered("Plain");
    expect(await w.command(user.uid, "SETPASS Locked newpassword1")).toEqual(["SETPASS needs the account:admin privilege, which your account does not have."]);
    const locked = w.store.byName("Locked")!;
    expect(await w.command(staff.uid, "SETPASS Locked newpassword1")).toEqual([`The password of Locked (${locked.id}) has been changed.`]);
    expect(w.audit.forTarget(locked.id)[0]).toMatchObject({ actor: w.store.byName("StaffOne")!.id, action: "account.setpass" });
  });

  it("REGAIN with the password replies what it did: disconnected, logged in, renamed", async () => {
    const old = await w.registered("Back", "secret-horse-1");
    w.accounts.logout(old.uid);
    const me = w.network.add("Back_");
    expect(await w.command(me.uid, "REGAIN back secret-horse-1")).toEqual([
      "Back has been disconnected.",
      "You are now logged in as Back.",
      "You have regained Back.",
    ]);
  });

  it("GROUP, UNGROUP, GHOST, REGAIN and RESETPASS reply through the dispatcher", async () => {
    const user = await w.registered("Grp");
    w.network.rename(user.uid, "GrpAlt");
    expect(await w.command(user.uid, "GROUP")).toEqual(["GrpAlt is now grouped to Grp (2 of 5 nicknames)."]);
    expect(await w.command(user.uid, "UNGROUP Grp")).toEqual(["Grp is your account name and cannot be ungrouped."]);
    expect(await w.command(user.uid, "UNGROUP")).toEqual(["GrpAlt is no longer grouped to Grp."]);
    const ghost = w.network.add("Grp");
    expect(await w.command(user.uid, "GHOST Grp")).toEqual(["Grp has been disconnected."]);
    expect(w.network.users.has(ghost.uid)).toBe(false);
    expect(await w.command(user.uid, "REGAIN Grp")).toEqual(["You have regained Grp."]);
    const stranger = w.network.add("Anyone");
    const reset = await w.command(stranger.uid, "RESETPASS Grp");
    expect(reset[0]).toBe("A password reset code was mailed to the address of Grp; it works for 1d.");
    const code = w.mail.lastCode("password_reset");
    expect(await w.command(stranger.uid, `RESETPASS Grp ${code} a-new-password`)).toEqual([
      "The password of Grp has been changed. Log in with /msg NickServ IDENTIFY Grp <newpassword>",
    ]);
  });

  it("RESEND through the dispatcher names the limit and the wait", async () => {
    const user = w.network.add("Waiter");
    await w.command(user.uid, "REGISTER hunter2hunter2 waiter@example.com");
    expect(await w.command(user.uid, "RESEND")).toEqual(["You can ask for a new code once every 1m30s; try again in 1m30s."]);
    w.clock.advance(100_000);
    const ok = await w.command(user.uid, "RESEND");
    expect(ok[0]).toBe("A new verification code was mailed to waiter@example.com; codes mailed before no longer work.");
    expect(ok[2]).toBe("Type /msg NickServ VERIFY REGISTER Waiter <code> within 23h58m.");
  });
});
