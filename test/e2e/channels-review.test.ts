/**
 * The review queue of X2 registrations end to end (issue 4): with registrations_per_hour = 1 the
 * second registration within an hour is held; staff approve or reject through OperServ REVIEW; a
 * rejection within the mail delay means no mail is ever sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startStack, type Stack } from "./harness/stack.js";
import type { TestClient } from "./harness/client.js";
import { x2 } from "./channels-helpers.js";

const MINUTE = 60_000;

describe("X2 registration review on a live network", () => {
  let stack: Stack;
  let staff: TestClient;

  const live = (name: string) => stack.app.services.channels.store.live(name);
  const x2InChannel = (name: string): boolean => stack.app.network.getChannel(name)?.members.has(stack.app.clients.uid("x2")) ?? false;

  async function os(text: string, pred?: (t: string) => boolean): Promise<string> {
    staff.say("OperServ", text);
    return staff.waitNotice("OperServ", pred);
  }

  beforeAll(async () => {
    stack = await startStack({
      sections: {
        mail: 'delay = "5m"',
        channels: "registrations_per_hour = 1\nregistrations_per_host_per_day = 1000",
        flood: "messages = 100",
      },
    });
    // StaffOne is an admin in the test config: register and verify the account.
    staff = await stack.connect("StaffOne");
    staff.say("NickServ", "REGISTER staff-password-1 staff@example.org");
    await staff.waitNotice("NickServ", (t) => t.includes("is now registered"));
    // NickServ codes go out at once: mail.delay (5m here) holds back channel registration mail only.
    const mail = await stack.smtp.waitFor((m) => m.to.includes("staff@example.org"));
    const code = /VERIFY REGISTER \S+ ([A-Z2-9]{20})/.exec(mail.text)?.[1];
    staff.say("NickServ", `VERIFY REGISTER StaffOne ${code}`);
    await staff.waitNotice("NickServ", (t) => t === "You are now logged in as StaffOne.");
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("sends no mail at all when an oper rejects within the mail delay", async () => {
    const quick = await stack.connect("Quick");
    await quick.join("#quick");
    expect(await x2(quick, "REGISTER #quick quick@example.org")).toMatch(/its password will be mailed to quick@example\.org in about 5m/);
    const id = live("#quick")!.id;
    expect(await os(`REVIEW REJECT ${id} test registration`, (t) => t.startsWith("Rejected"))).toBe(
      `Rejected request ${id} (#quick). Its queued mail was cancelled before it was sent. The account X2 made for it was dropped.`,
    );
    await quick.waitNotice("X2", (t) => t === "Staff rejected your registration of #quick: test registration");
    await eventually(() => !x2InChannel("#quick"), 5000, "X2 parted #quick");
    // Past the delay, a delivery run sends nothing: the mail was taken back, and no rejection is mailed.
    await stack.advance(6 * MINUTE);
    expect(await stack.deliverMail()).toMatchObject({ sent: 0 });
    expect(stack.outboxFor("quick@example.org")).toMatchObject([{ template: "channel_register_password", status: "cancelled", attempts: 0 }]);
    expect(stack.smtp.messages.filter((m) => m.to.includes("quick@example.org"))).toEqual([]);
  });

  it("holds a request over the hourly limit, and APPROVE lets it proceed", async () => {
    const held = await stack.connect("HeldOne");
    await held.join("#heldone");
    const reply = await x2(held, "REGISTER #heldone heldone@example.org");
    const id = live("#heldone")!.id;
    expect(reply).toBe(`Your registration of #heldone is waiting for staff review (request ${id}). You will be told here when it is decided, if you are online.`);
    expect(x2InChannel("#heldone")).toBe(false);
    expect(stack.app.services.accounts.resolve("HeldOne")).toBeUndefined();
    // The logged-in reviewer was told (issue 19).
    await staff.waitNotice("OperServ", (t) => t.startsWith(`The registration of #heldone by HeldOne is held for review (over the hourly registration limit): /msg OperServ REVIEW SHOW ${id}.`));

    expect(await os("REVIEW LIST held", (t) => t.includes("#heldone"))).toMatch(new RegExp(`^ +${id} {2}#heldone {2}held .* heldone@example\\.org - over the hourly registration limit$`));
    await staff.waitNotice("OperServ", (t) => t.startsWith("Registration requests (held)"));
    await staff.waitNotice("OperServ", (t) => t.startsWith("REVIEW SHOW <id> for details"));
    expect(await os(`REVIEW APPROVE ${id}`, (t) => t.startsWith("Approved"))).toMatch(new RegExp(`^Approved request ${id}\\. For the registrant: #heldone is registered but not verified yet`));
    await held.waitNotice("X2", (t) => t.startsWith("Staff approved your registration of #heldone."));
    expect(live("#heldone")).toMatchObject({ state: "unverified", decidedBy: "StaffOne" });
    await eventually(() => x2InChannel("#heldone"), 5000, "X2 in #heldone");
    expect((await held.names("#heldone")).find((m) => m.nick === "X2")?.modes).toContain("o");

    await stack.advance(5 * MINUTE);
    const mail = await stack.smtp.waitFor((m) => m.to.includes("heldone@example.org"));
    expect(mail.text).toMatch(/IDENTIFY HeldOne \S{16}/);
  });

  it("REJECT with BLACKLIST refuses the email from then on", async () => {
    const spammer = await stack.connect("HeldTwo");
    await spammer.join("#heldtwo");
    await x2(spammer, "REGISTER #heldtwo heldtwo@example.org");
    const id = live("#heldtwo")!.id;
    expect(live("#heldtwo")?.state).toBe("held");
    expect(await os(`REVIEW REJECT ${id} BLACKLIST spam channel`, (t) => t.startsWith("Rejected"))).toBe(`Rejected request ${id} (#heldtwo). Its email is now on the blacklist.`);
    await spammer.waitNotice("X2", (t) => t === "Staff rejected your registration of #heldtwo: spam channel");
    // An hour later the hourly limit no longer holds a registration back: without the blacklist this
    // one would be accepted and its password queued for mailing.
    await stack.advance(61 * MINUTE);
    expect(await x2(spammer, "REGISTER #heldtwo heldtwo@example.org")).toMatch(/can't be used for registration/);
    expect(live("#heldtwo")).toBeUndefined();
    // Nothing was ever queued for the address: not for the held request, not for its rejection, not since.
    expect(await stack.deliverMail()).toMatchObject({ sent: 0 });
    expect(stack.outboxFor("heldtwo@example.org")).toEqual([]);
    expect(stack.smtp.messages.filter((m) => m.to.includes("heldtwo@example.org"))).toEqual([]);
  });
});
