/**
 * Member requests whose whole point is one mail to the account's stored address, when that address
 * does not pass the address rules (imported from Atheme as tom@localhost, or stored before the
 * rules): NickServ RESEND, RESETPASS, DROP and EXPORT, OperServ CASE EXPORT and X2 REGISTER are
 * refused with nothing written, never answered with "a code was mailed". The owner is told why
 * and how to set another address; anyone else only to write to the staff.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { OnlineUser } from "../../src/services/ports.js";
import { makeDeletionWorld, PASSWORD, type DeletionWorld } from "./deletion-fixture.js";

const OLD_ADDRESS = "tom@localhost";
const WHY = '("localhost" is not a full domain name (it needs a dot, like example.com).)';

let w: DeletionWorld;
afterEach(() => w?.close());

/** As `custodian import-atheme` keeps an account's address: straight into the database, past the rules. */
function storeAddress(account: string, address = OLD_ADDRESS): void {
  w.db.prepare("UPDATE accounts SET email = ? WHERE id = ?").run(address, w.account(account).id);
}

const mailsTo = (address: string) => w.mails().filter((m) => m.recipient === address);
const audited = (action: string, target: string) =>
  w.db.prepare<[string, string], { n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = ? AND target = ?").get(action, target)?.n;

/** SET EMAIL <address> and VERIFY EMAIL with the mailed code, as the owner follows the advice. */
async function setAddress(user: OnlineUser, account: string, address: string): Promise<void> {
  expect((await w.ns(user, `SET EMAIL ${address}`))[0]).toMatch(new RegExp(`^A code was mailed to ${address.replace(".", "\\.")};`));
  const code = String(w.lastMail("email_change_verify").data.code);
  expect(await w.ns(user, `VERIFY EMAIL ${account} ${code}`)).toEqual([`The email address of ${account} is now ${address}.`]);
}

describe("a request that would mail an address the rules refuse", () => {
  it("RESEND tells the owner of an unverified account that no code was mailed, and how to set an address that works", async () => {
    w = makeDeletionWorld();
    const user = w.user("Pending");
    expect((await w.ns(user, "REGISTER pending-pass-1 pending@example.org")).join(" ")).toContain("mailed to pending@example.org");
    storeAddress("Pending");
    w.clock.advance(2_000);

    expect(await w.ns(user, "RESEND")).toEqual([
      `The email address of Pending cannot receive mail, so no verification code was mailed. ${WHY} Set one that works with /msg NickServ SET EMAIL <address>: a new code is mailed there.`,
    ]);
    expect(mailsTo(OLD_ADDRESS)).toEqual([]);
    expect(audited("account.verify.resend", w.account("Pending").id)).toBe(0);

    // The advice works at once: the refused RESEND used up no limit.
    expect((await w.ns(user, "SET EMAIL pending@example.net"))[0]).toBe(
      "The address of Pending is now pending@example.net; a new verification code was mailed there (older codes no longer work).",
    );
    expect(w.lastMail("account_verify").recipient).toBe("pending@example.net");
  });

  it("RESETPASS tells anyone who asks to write to the staff, without showing the address or why it fails", async () => {
    w = makeDeletionWorld();
    await w.member("Tom");
    storeAddress("Tom");
    const stranger = w.user("Stranger");

    expect(await w.ns(stranger, "RESETPASS Tom")).toEqual([
      "The email address of Tom cannot receive mail, so no password reset code can be mailed. If it is your account, write to the network staff at staff@test.local for help.",
    ]);
    expect(mailsTo(OLD_ADDRESS)).toEqual([]);
    expect(audited("account.resetpass.request", w.account("Tom").id)).toBe(0);
  });

  it("DROP tells the owner that no confirmation code was mailed, and how to set an address that works", async () => {
    w = makeDeletionWorld();
    const tom = await w.member("Tom");
    storeAddress("Tom");

    expect(await w.ns(tom, `DROP Tom ${PASSWORD}`)).toEqual([
      `The email address of Tom cannot receive mail, so no confirmation code was mailed. ${WHY} ` +
        "Set one that works with /msg NickServ SET EMAIL <address> (logged in to Tom) and confirm it with the code mailed there, then ask again.",
    ]);
    expect(mailsTo(OLD_ADDRESS)).toEqual([]);

    await setAddress(tom, "Tom", "tom@example.net");
    expect((await w.ns(tom, `DROP Tom ${PASSWORD}`))[0]).toBe("A confirmation code was mailed to the address of Tom; it works for 1d.");
    expect(w.lastMail("account_deletion_confirm").recipient).toBe("tom@example.net");
  });

  it("EXPORT tells the owner the export was not mailed, and does not count it toward the daily limit", async () => {
    w = makeDeletionWorld();
    const tom = await w.member("Tom");
    storeAddress("Tom");

    expect(await w.ns(tom, "EXPORT")).toEqual([
      `The email address of Tom cannot receive mail, so the export was not mailed. ${WHY} ` +
        "Set one that works with /msg NickServ SET EMAIL <address> (logged in to Tom) and confirm it with the code mailed there, then ask again.",
    ]);
    expect(w.mails("account_export")).toEqual([]);
    expect(audited("account.export", w.account("Tom").id)).toBe(0);

    await setAddress(tom, "Tom", "tom@example.net");
    expect((await w.ns(tom, "EXPORT"))[0]).toMatch(/^The data of Tom \(\d+ kB of JSON\) is mailed to the account's address at example\.net\.$/);
    expect(w.lastMail("account_export").recipient).toBe("tom@example.net");
  });

  it("OperServ CASE EXPORT tells the oper their own address cannot receive the record", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    await w.member("Expo");
    const number = /a\d{8}\.\d+/.exec((await w.os(oper, "DELETE Expo asked"))[0] ?? "")?.[0] as string;
    storeAddress("StaffOne");

    expect(await w.os(oper, `CASE EXPORT ${number}`)).toEqual([
      `The email address of StaffOne cannot receive mail, so the export was not mailed. ${WHY} ` +
        "Set one that works with /msg NickServ SET EMAIL <address> (logged in to StaffOne) and confirm it with the code mailed there, then ask again.",
    ]);
    expect(w.mails("account_export")).toEqual([]);
    expect(audited("deletion.exported", number)).toBe(0);
  });

  it("X2 REGISTER refuses a member whose account address cannot receive mail before anything is written", async () => {
    w = makeDeletionWorld();
    const tom = await w.member("Tom");
    storeAddress("Tom");
    w.net.join("#toms", tom.uid, { op: true });
    const before = w.mails().length;

    expect(await w.x2(tom, "REGISTER #toms tom@example.net")).toEqual([
      `The email address of your account Tom cannot receive mail, so services could not mail you as the channel's owner. ${WHY} ` +
        "Set one that works with /msg NickServ SET EMAIL <address> and confirm it with the code mailed there, then register again.",
    ]);
    expect(w.domain.channels.live("#toms")).toBeUndefined();
    expect(w.mails()).toHaveLength(before);

    await setAddress(tom, "Tom", "tom@example.net");
    await w.x2(tom, "REGISTER #toms tom@example.net");
    expect(w.domain.channels.live("#toms")?.state).toBe("active");
  });
});
