/**
 * OperServ FREEZE and UNFREEZE over a real InspIRCd, real SMTP delivery and irc-framework clients
 * (issue 17). Frost owns #frost-solo alone, is coowner of Cole's #frost-shared and op in Dana's
 * #frost-other, and is logged in and present in them when staff freeze the account. One network
 * for the file; the tests run in order and later ones build on earlier ones.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FREEZE_RECORD_TABLES, snapshotTables, type TableRows } from "../db-snapshot.js";
import { x2 } from "./channels-helpers.js";
import type { TestClient } from "./harness/client.js";
import { eventually, startStack, type Stack } from "./harness/stack.js";
import { ask } from "./ux-helpers.js";

const MINUTE = 60_000;
const DAY = 86_400_000;
const URL = "https://net.test/dues";
const CONTACT = "staff@test.local";
const REASON = "dues unpaid since March";

describe("freezing an account on a live network", () => {
  let stack: Stack;
  let staff: TestClient;
  let frost: TestClient;
  let cole: TestClient;
  let dana: TestClient;
  let visitor: TestClient;
  let frostId: string;
  /** Staff's private messages received, for "the member can still talk to staff". */
  const toStaff: Array<{ from: string; text: string }> = [];

  const password = (nick: string): string => `${nick.toLowerCase()}-s3cret-pass`;
  const addressOf = (nick: string): string => `${nick.toLowerCase()}@example.org`;

  /** NickServ REGISTER, the code from the delivered mail, VERIFY: the client ends logged in. */
  async function member(nick: string): Promise<TestClient> {
    const client = await stack.connect(nick);
    client.say("NickServ", `REGISTER ${password(nick)} ${addressOf(nick)}`);
    await client.waitNotice("NickServ", (t) => t.includes("is now registered"));
    const mail = await stack.smtp.waitFor((m) => m.to.includes(addressOf(nick)) && /VERIFY REGISTER/.test(m.text), 15_000);
    const code = /VERIFY REGISTER \S+ (\S+)/.exec(mail.text)?.[1];
    client.say("NickServ", `VERIFY REGISTER ${nick} ${code}`);
    await client.waitNotice("NickServ", (t) => t === `You are now logged in as ${nick}.`);
    // The rest of REGISTER's and VERIFY's replies are not what later commands wait for.
    await client.sync("NickServ");
    while (client.pendingNotices().some((n) => n.from.toLowerCase() === "nickserv")) await client.waitNotice("NickServ");
    return client;
  }

  async function ns(client: TestClient, text: string, pred?: (t: string) => boolean): Promise<string> {
    client.say("NickServ", text);
    return client.waitNotice("NickServ", pred ?? ((t) => !/^The nickname \S+ is registered/.test(t)));
  }

  /** An OperServ command from staff; all its reply lines (up to `last`). */
  const os = (text: string, last: (t: string) => boolean): Promise<string[]> => ask(staff, "OperServ", text, last);

  /** Every table but the audit log and the freeze records; the outbox apart (the freeze and its end are mailed). */
  const tables = (): TableRows => snapshotTables(stack.app.db, [...FREEZE_RECORD_TABLES, "mail_outbox"]);
  const outbox = () =>
    stack.app.db.prepare("SELECT id, template, recipient, status FROM mail_outbox ORDER BY id").all() as Array<{ id: number; template: string; recipient: string; status: string }>;
  const level = (channel: string, accountId: string): number | undefined => {
    const record = stack.app.services.channels.live(channel);
    return record ? stack.app.services.channels.store.accessOf(record.id, accountId)?.level : undefined;
  };
  const x2In = (channel: string): boolean => stack.app.network.getChannel(channel)?.members.has(stack.app.clients.uid("x2")) ?? false;
  const allMailSent = () => outbox().every((m) => m.status === "sent");

  beforeAll(async () => {
    stack = await startStack({
      sections: {
        mail: `delay = "0"\nper_address_per_hour = 50\nurl = "https://net.test/help"`,
        // Only the test's own stack.advance runs the loops: nothing writes behind the snapshots' back.
        maintenance: 'interval = "1h"',
        nickserv: 'nick_expire = "10d"\nnick_expire_warning = "1d"',
        channels: "registrations_per_host_per_day = 100\nregistrations_per_hour = 1000",
        flood: "messages = 200",
      },
      extraToml: `[freeze]\nurl = "${URL}"`,
    });
    staff = await member("StaffOne");
    staff.raw.on("privmsg", (e: { nick: string; target: string; message: string }) => {
      if (e.target.toLowerCase() === "staffone") toStaff.push({ from: e.nick, text: e.message });
    });
    frost = await member("Frost");
    cole = await member("Cole");
    dana = await member("Dana");
    frostId = stack.app.services.accounts.resolve("Frost")!.id;

    await frost.join("#frost-solo");
    expect(await x2(frost, `REGISTER #frost-solo ${addressOf("Frost")}`)).toMatch(/active; you are its owner/);
    await cole.join("#frost-shared");
    expect(await x2(cole, `REGISTER #frost-shared ${addressOf("Cole")}`)).toMatch(/active; you are its owner/);
    expect(await x2(cole, "ADDUSER #frost-shared Frost coowner")).toBe("Frost now has coowner (400) access in #frost-shared.");
    await dana.join("#frost-other");
    expect(await x2(dana, `REGISTER #frost-other ${addressOf("Dana")}`)).toMatch(/active; you are its owner/);
    expect(await x2(dana, "ADDUSER #frost-other Frost op")).toBe("Frost now has op (200) access in #frost-other.");
    await frost.join("#frost-shared");
    await frost.join("#frost-other");
    visitor = await stack.connect("Visitor");
    await stack.settle(frost, cole, dana, visitor);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  let before: TableRows;
  let outboxBefore: ReturnType<typeof outbox>;

  it("freezes a logged-in owner: logged out but connected, access taken, the sole-owned channel suspended, mailed", async () => {
    await eventually(allMailSent, 10_000, "every mail so far delivered");
    before = tables();
    outboxBefore = outbox();
    expect(level("#frost-solo", frostId)).toBe(500);

    const replies = await os(`FREEZE Frost ${REASON}`, (t) => t.startsWith("The freeze notice was mailed"));
    expect(replies).toEqual([
      `Frost (${frostId}) is frozen until lifted with UNFREEZE: ${REASON}`,
      "Logged out, still connected: Frost.",
      "Access taken: #frost-other op (200), #frost-shared coowner (400), #frost-solo owner (500)",
      "Suspended (nobody else could manage them): #frost-solo",
      "The freeze notice was mailed to the account's address. /msg OperServ UNFREEZE Frost puts everything back.",
    ]);

    // Told why, with the reason, the URL and the staff contact; logged out at the ircd, still on.
    const told = await frost.waitNotice("NickServ", (t) => t.startsWith("You have been logged out"));
    expect(told).toBe(
      `You have been logged out (you stay connected and can still talk to anyone). The account Frost is frozen by the network staff: ${REASON}. How to resolve this: ${URL} - or write to ${CONTACT}.`,
    );
    await stack.settle(frost, visitor);
    expect((await visitor.whois("Frost")).account).toBeFalsy();
    expect(stack.app.network.findByNick("Frost")?.accountId).toBeNull();
    await eventually(() => frost.account === null, 5000, "account-notify: Frost logged out");

    // The member can still talk to staff.
    frost.say("StaffOne", "I paid, please check");
    await eventually(() => toStaff.some((m) => m.from === "Frost" && m.text === "I paid, please check"), 5000, "Frost's message reaches staff");

    // The freeze notice reaches the member's mailbox.
    await stack.deliverMail();
    const mail = await stack.smtp.waitFor((m) => m.to.includes(addressOf("Frost")) && m.subject.includes("has been frozen"), 15_000);
    expect(mail.text).toContain(`Reason: ${REASON}`);
    expect(mail.text).toContain(`How to resolve this: ${URL}`);
    expect(mail.text).toContain(CONTACT);

    // Access gone everywhere; X2 left #frost-solo only.
    for (const channel of ["#frost-solo", "#frost-shared", "#frost-other"]) expect(level(channel, frostId)).toBeUndefined();
    await eventually(() => !x2In("#frost-solo"), 5000, "X2 left #frost-solo");
    expect(x2In("#frost-shared")).toBe(true);

    // Whoever joins #frost-solo, or asks X2 about it, is told to ask the owner to contact staff.
    const notice = `#frost-solo is suspended: services do not act here for now. Ask its owner, Frost, to contact the network staff (${CONTACT}).`;
    await visitor.join("#frost-solo");
    expect(await visitor.waitNotice("X2")).toBe(notice);
    expect(await x2(visitor, "INFO #frost-solo")).toBe(notice);
    expect(await x2(cole, "ACCESS #frost-solo LIST")).toBe(notice);

    // Its nicks stay protected, but the owner's own connection is not renamed.
    stack.clock.advance(2 * MINUTE);
    stack.app.accountNetwork.tick();
    await stack.settle(frost);
    expect(frost.nick).toBe("Frost");
    expect(stack.app.network.findByNick("Frost")?.uid).toBeDefined();
  });

  it("shows the freeze in FREEZE LIST, FREEZE SHOW and to opers in INFO", async () => {
    const list = await os("FREEZE LIST", (t) => t.startsWith("FREEZE SHOW"));
    expect(list[0]).toBe("Frozen accounts (1):");
    expect(list[1]).toMatch(new RegExp(`^  Frost \\(${frostId}\\) since .* by StaffOne, until lifted with UNFREEZE: ${REASON}$`));
    const show = await os("FREEZE SHOW Frost", (t) => t.startsWith("  Freezes of this account"));
    expect(show).toContain("  Access taken: #frost-other op (200), #frost-shared coowner (400), #frost-solo owner (500)");
    expect(show).toContain("  Suspended:   #frost-solo");
    expect(show).toContain("  Logged out:  Frost");
    const info = await ask(staff, "NickServ", "INFO Frost", (t) => t === "*** End of Info ***");
    expect(info).toContain("Status       : frozen by the network staff");
    expect(info.find((l) => l.startsWith("Frozen"))).toMatch(new RegExp(`^Frozen {7}: since .* by StaffOne, until lifted: ${REASON}$`));
  });

  it("unfreezes to exactly the state before the freeze, rejoins and re-ops; a second UNFREEZE changes nothing", async () => {
    const replies = await os("UNFREEZE Frost", (t) => t.startsWith("The member was mailed"));
    expect(replies).toEqual([
      `Frost (${frostId}) is no longer frozen; logins work again.`,
      "Access restored: #frost-other op (200), #frost-shared coowner (400), #frost-solo owner (500)",
      "Channels resumed: #frost-solo",
      "The member was mailed that the freeze is lifted.",
    ]);
    await stack.settle(frost, visitor);
    expect(await frost.waitNotice("NickServ", (t) => t.includes("no longer frozen"))).toBe(
      "The account Frost is no longer frozen. You can log in again: /msg NickServ IDENTIFY Frost <password>",
    );
    expect((await visitor.names("#frost-solo")).find((m) => m.nick === "X2")?.modes).toContain("o");

    // The whole database as it was, but for the audit log, the freeze records and two mails.
    expect(tables()).toEqual(before);
    const after = outbox();
    expect(after.slice(0, outboxBefore.length)).toEqual(outboxBefore);
    expect(after.slice(outboxBefore.length).map((m) => [m.template, m.recipient])).toEqual([
      ["account_frozen", addressOf("Frost")],
      ["account_unfrozen", addressOf("Frost")],
    ]);

    await stack.deliverMail();
    await eventually(allMailSent, 10_000, "the freeze mails delivered");
    const everything = snapshotTables(stack.app.db, []);
    expect(await os("UNFREEZE Frost", () => true)).toEqual([
      expect.stringMatching(/^Frost is not frozen; nothing changed\. Its last freeze was lifted .* by StaffOne\.$/),
    ]);
    expect(snapshotTables(stack.app.db, [])).toEqual(everything);

    expect(await ns(frost, `IDENTIFY Frost ${password("Frost")}`)).toBe("You are now logged in as Frost.");
  });

  it("reports a channel dropped while frozen instead of restoring it", async () => {
    await os(`FREEZE Frost ${REASON}`, (t) => t.startsWith("The freeze notice was mailed"));
    await frost.waitNotice("NickServ", (t) => t.startsWith("You have been logged out"));
    const confirm = await x2(staff, "UNREGISTER #frost-solo");
    const code = /UNREGISTER #frost-solo (\S+)/.exec(confirm)?.[1];
    expect(await x2(staff, `UNREGISTER #frost-solo ${code}`)).toBe("#frost-solo is no longer registered.");
    const replies = await os("UNFREEZE Frost", (t) => t.startsWith("The member was mailed"));
    expect(replies[1]).toBe("Access restored: #frost-other op (200), #frost-shared coowner (400)");
    expect(replies[2]).toMatch(/^Not restored: #frost-solo owner \(500\) - the channel was unregistered .* \(unregistered by staff\)\.$/);
    expect(replies[3]).toBe("Channels resumed: none");
    expect(replies[4]).toBe("Suspended channels that ended meanwhile: #frost-solo");
    expect(stack.app.services.channels.live("#frost-solo")).toBeUndefined();
    expect(x2In("#frost-solo")).toBe(false);
    await frost.waitNotice("NickServ", (t) => t.startsWith("The account Frost is no longer frozen"));
  });

  it("refuses every way around a freeze with the frozen message", async () => {
    expect(await ns(frost, `IDENTIFY Frost ${password("Frost")}`)).toBe("You are now logged in as Frost.");
    await os(`FREEZE Frost ${REASON}`, (t) => t.startsWith("The freeze notice was mailed"));
    await frost.waitNotice("NickServ", (t) => t.startsWith("You have been logged out"));
    const full = `The account Frost is frozen by the network staff: ${REASON}. How to resolve this: ${URL} - or write to ${CONTACT}.`;
    const withoutReason = `The account Frost is frozen by the network staff. How to resolve this: ${URL} - or write to ${CONTACT}.`;

    // The owner's connection, logged out by the freeze.
    expect(await ns(frost, "SET PASSWORD a-new-password-1")).toBe(full);
    expect(await ns(frost, "SET EMAIL frost@elsewhere.example")).toBe(full);
    frost.raw.changeNick("FrostAway");
    await eventually(() => frost.nick === "FrostAway", 5000, "nick change to FrostAway");
    expect(await ns(frost, "GROUP")).toBe(full);

    // Anyone: RESETPASS, and REGISTER on one of its nicks.
    const other = await stack.connect("Frost");
    expect(await ns(other, "RESETPASS Frost")).toBe(withoutReason);
    expect(await ns(other, "REGISTER another-pass-1 other@example.org")).toBe(withoutReason);
    // Only after the right password does a login attempt learn the reason.
    expect(await ns(other, "IDENTIFY Frost wrong-password-1")).toBe("Invalid password for Frost.");
    expect(await ns(other, `IDENTIFY Frost ${password("Frost")}`)).toBe(full);
    expect((await other.whois("Frost")).account).toBeFalsy();

    // SASL PLAIN while connecting.
    const sasl = await stack.connect("FrostSasl", { sasl: { account: "Frost", password: password("Frost") } });
    expect(sasl.saslFailure).not.toBeNull();
    expect(sasl.account).toBeNull();
    expect(await sasl.waitNotice("NickServ", (t) => t.startsWith("SASL login failed"))).toBe(`SASL login failed: ${full}`);

    // Nothing changed: email, password, nicks.
    const account = stack.app.services.accounts.resolve("Frost")!;
    expect(account.email).toBe(addressOf("Frost"));
    expect(stack.app.services.accounts.nicksOf(frostId).map((n) => n.nick)).toEqual(["Frost"]);
    expect(stack.outboxFor(addressOf("Frost")).filter((m) => m.template === "password_reset" || m.template === "email_change_verify")).toEqual([]);
    await os("UNFREEZE Frost", (t) => t.startsWith("The member was mailed"));
    // Every connection that proved to be the owner's hears of it.
    for (const client of [frost, other, sasl]) await client.waitNotice("NickServ", (t) => t.startsWith("The account Frost is no longer frozen"));
  });

  it("ends a timed freeze by itself when its time comes, and tells the member by mail", async () => {
    const replies = await os("FREEZE Frost cooling off 1d", (t) => t.startsWith("The freeze notice was mailed"));
    expect(replies[0]).toMatch(/^Frost \(\w+\) is frozen until .* \(in 1d\): cooling off$/);
    await stack.advance(DAY + MINUTE);
    expect(stack.app.services.freeze.isFrozen(frostId)).toBe(false);
    expect(stack.app.services.accounts.resolve("Frost")?.frozen).toBe(false);
    await stack.deliverMail();
    const mail = await stack.smtp.waitFor((m) => m.to.includes(addressOf("Frost")) && m.text.includes("has ended, as planned"), 15_000);
    expect(mail.subject).toBe("TestNet: the account Frost is no longer frozen");
    expect(await os("FREEZE LIST", () => true)).toEqual(["No account is frozen."]);
    expect(await ns(frost, `IDENTIFY Frost ${password("Frost")}`)).toBe("You are now logged in as Frost.");
  });

  it("refuses RECLAIM of a frozen degraded account with the frozen message", async () => {
    const olde = await member("Olde");
    const oldeId = stack.app.services.accounts.resolve("Olde")!.id;
    await olde.quit();
    await eventually(() => stack.app.services.accounts.loggedInUids(oldeId).length === 0, 5000, "Olde's session ended");
    await stack.advance(11 * DAY);
    expect(stack.app.services.accounts.resolve(oldeId)?.name).toBe(`${oldeId}-Olde`);
    await os(`FREEZE ?${oldeId} chargeback`, (t) => t.startsWith("The freeze notice was mailed"));
    const back = await stack.connect("Oldie");
    expect(await ns(back, `RECLAIM ${oldeId} ${password("Olde")} Oldie`)).toBe(
      `The account ${oldeId}-Olde is frozen by the network staff: chargeback. How to resolve this: ${URL} - or write to ${CONTACT}.`,
    );
    expect(stack.app.services.accounts.resolve(oldeId)?.degradedAt).not.toBeNull();
  });
});
