/**
 * Account deletion cases end to end (issue 18): a real InspIRCd, a real SMTP sink, irc-framework
 * clients and the database file, with the services' clock moved forward.
 *   - a member: DROP -> confirmation mail -> DROP with the code -> the case mail -> execution after
 *     the objection window (the channel goes to its coowner), logged out, the last mail, and
 *     nothing of the account left in any table of the database file;
 *   - an oper: OperServ DELETE, CASE SHOW / HOLD / RELEASE, execution, and the account's nick
 *     free for someone else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textsContaining } from "../support.js";
import { eventually, startStack, type Stack } from "./harness/stack.js";
import type { TestClient } from "./harness/client.js";
import { x2 } from "./channels-helpers.js";

const DAY = 86_400_000;
const CASE = /a\d{8}\.\d+/;

describe("account deletion on a live network", () => {
  let stack: Stack;
  let staff: TestClient;

  async function registerVerified(nick: string, password: string, address: string): Promise<TestClient> {
    const client = await stack.connect(nick);
    client.say("NickServ", `REGISTER ${password} ${address}`);
    await client.waitNotice("NickServ", (t) => t.includes("is now registered"));
    const mail = await stack.smtp.waitFor((m) => m.to.includes(address) && m.subject.includes("verify your account"));
    const code = /VERIFY REGISTER \S+ ([A-Z2-9]{20})/.exec(mail.text)?.[1];
    client.say("NickServ", `VERIFY REGISTER ${nick} ${code}`);
    await client.waitNotice("NickServ", (t) => t === `You are now logged in as ${nick}.`);
    return client;
  }

  async function ns(client: TestClient, text: string, pred?: (t: string) => boolean): Promise<string> {
    client.say("NickServ", text);
    return client.waitNotice("NickServ", pred);
  }

  async function os(text: string, pred?: (t: string) => boolean): Promise<string> {
    staff.say("OperServ", text);
    return staff.waitNotice("OperServ", pred);
  }

  beforeAll(async () => {
    stack = await startStack({ sections: { mail: 'delay = "0"', flood: "messages = 100" } });
    staff = await registerVerified("StaffOne", "staff-pass-1", "staffone@example.org");
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("deletes a member's account through DROP, the mailed code and the case, leaving nothing of it behind", async () => {
    const member = await registerVerified("Zephyrine", "zephyr-pass-1", "zephyrine.box@example.org");
    await member.join("#breeze");
    expect(await x2(member, "REGISTER #breeze zephyrine.box@example.org")).toMatch(/^#breeze is registered/);
    const heir = await registerVerified("Heiress", "heiress-pass-1", "heiress@example.org");
    expect(await x2(member, "ADDUSER #breeze Heiress coowner")).toMatch(/Heiress now has coowner/);
    member.raw.changeNick("ZephyrAway");
    await eventually(() => member.nick === "ZephyrAway", 5000, "nick change to ZephyrAway");
    expect(await ns(member, "GROUP", (t) => t.includes("grouped"))).toMatch(/^ZephyrAway is now grouped to Zephyrine/);
    const entityId = stack.app.services.accounts.resolve("Zephyrine")!.id;

    expect(await ns(member, "DROP Zephyrine zephyr-pass-1", (t) => t.startsWith("A confirmation code"))).toBe("A confirmation code was mailed to the address of Zephyrine; it works for 1d.");
    const confirm = await stack.smtp.waitFor((m) => m.to.includes("zephyrine.box@example.org") && m.subject === "TestNet: confirm the deletion of Zephyrine");
    const code = /DROP Zephyrine <password> ([A-Z2-9]{20})/.exec(confirm.text)?.[1];
    expect(code).toBeDefined();
    const opened = await ns(member, `DROP Zephyrine zephyr-pass-1 ${code}`, (t) => t.startsWith("Deletion case"));
    const number = CASE.exec(opened)?.[0] as string;
    expect(opened).toBe(`Deletion case ${number} is open for Zephyrine: it is carried out on ${new Date(stack.clock.now() + 14 * DAY).toISOString().slice(0, 16).replace("T", " ")} UTC at the earliest.`);
    const caseMail = await stack.smtp.waitFor((m) => m.to.includes("zephyrine.box@example.org") && m.subject === `TestNet: deletion case ${number} for Zephyrine`);
    expect(caseMail.text).toContain("#breeze goes to Heiress, who becomes its owner.");
    expect(caseMail.text).toContain("Your nicknames Zephyrine, ZephyrAway are released.");
    expect(caseMail.text).toMatch(/\/msg NickServ DROP CANCEL [A-Z2-9]{20}/);
    expect(await os(`CASE SHOW ${number}`, (t) => t.startsWith("Case "))).toBe(`Case ${number} - open (requested by the member)`);
    expect(await os(`CASE SHOW ${number}`, (t) => t.includes("channel:#breeze"))).toMatch(/channel:#breeze +goes to Heiress \(\?\w+\) \(by the successor rule\)/);

    await stack.advance(14 * DAY);
    await member.waitNotice("NickServ", (t) => t === `Your account has been dropped (deleted by case ${number}); you are now logged out.`);
    await heir.waitNotice("X2", (t) => t === "You are now the owner of #breeze: the account of its previous owner was deleted.");
    await stack.settle(member);
    expect((await staff.whois("ZephyrAway")).account).toBeFalsy();
    expect(stack.app.services.channels.live("#breeze")?.ownerId).toBe(stack.app.services.accounts.resolve("Heiress")!.id);
    const farewell = await stack.smtp.waitFor((m) => m.to.includes("zephyrine.box@example.org") && m.subject === `TestNet: the account Zephyrine was deleted (case ${number})`);
    expect(farewell.text).toContain("#breeze went to Heiress, who became its owner.");

    // Once the last mail has left, it forgets the address too: nothing names the account any more.
    await stack.deliverMail();
    await stack.advance(0);
    expect(textsContaining(stack.app.db, ["Zephyrine", "ZephyrAway", "zephyrine.box@example.org"])).toEqual([]);
    expect(stack.app.services.deletion.tombstone(entityId)?.email).toMatch(/^a[0-9]{8}\.[0-9]+\.[0-9]+@deleted\.invalid$/);
    expect(stack.app.db.pragma("foreign_key_check")).toEqual([]);
  });

  it("deletes an account by OperServ DELETE once a staff hold is released, and frees its nick", async () => {
    const target = await registerVerified("Dellamy", "dellamy-pass-1", "dellamy@example.org");
    const opened = await os("DELETE Dellamy asked by mail from the owner's address", (t) => t.startsWith("Deletion case"));
    const number = CASE.exec(opened)?.[0] as string;
    expect(opened).toMatch(new RegExp(`^Deletion case ${number.replace(".", "\\.")} opened; it is carried out from .* if nothing holds it\\. The member was mailed\\.$`));
    const mail = await stack.smtp.waitFor((m) => m.to.includes("dellamy@example.org") && m.subject === `TestNet: deletion case ${number} for Dellamy`);
    expect(mail.text).toContain("The staff opened this case. To object, write to staff@test.local");

    expect(await os(`CASE HOLD ${number} waiting for the member's answer`, (t) => t.includes("is held"))).toBe(`Case ${number} is held: waiting for the member's answer. CASE RELEASE ${number} lifts the hold.`);
    await stack.advance(15 * DAY);
    expect(stack.app.services.accounts.resolve("Dellamy")).toBeDefined();
    expect(await os("CASE LIST held", (t) => t.startsWith(number))).toMatch(/waits for: a staff hold \(waiting for the member's answer\)/);
    expect(await os(`CASE RELEASE ${number}`, (t) => t.includes("lifted"))).toBe(`The hold on case ${number} is lifted. CASE SHOW ${number} shows what else it waits for.`);
    await stack.advance(0);
    await target.waitNotice("NickServ", (t) => t.startsWith("Your account has been dropped"));
    expect(stack.app.services.accounts.resolve("Dellamy")).toBeUndefined();

    await target.quit();
    const newcomer = await stack.connect("Dellamy");
    expect(await ns(newcomer, "REGISTER newcomer-pass-1 newcomer@example.org", (t) => t.includes("registered"))).toMatch(/^Dellamy is now registered \(entity ID /);
  });
});
