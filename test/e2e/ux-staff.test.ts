/**
 * Honest staff help (issue 19), over a real InspIRCd: OperServ HELP tells a user without
 * privileges that it is for staff; an oper lacking a privilege is told which one a command needs;
 * logged-in reviewers get a notice when a registration is held. And mail that is not ASCII
 * arrives over SMTP 7-bit safe (quoted-printable) and decodes to the text as written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "./harness/stack.js";
import type { TestClient } from "./harness/client.js";
import { ask, noticesFrom, registerVerified } from "./ux-helpers.js";

let stack: Stack;
let helper: TestClient;
let staff: TestClient;
let plain: TestClient;

beforeAll(async () => {
  stack = await startStack({
    sections: {
      mail: 'delay = "0"',
      flood: "messages = 40",
      channels: 'registrations_per_host_per_day = 50\n[[channels.flag_rules]]\nkind = "channel"\npattern = "#held*"\nreason = "held by the test rule"',
    },
    // Right after the harness's [opers] StaffOne = "admin": a reviewer without the blacklist privilege.
    extraToml: 'Helper = "reviewer"\n\n[oper_classes.reviewer]\nprivileges = ["review"]\n',
  });
  helper = (await registerVerified(stack, "Helper", "helper-pass-1", "helper@example.org")).client;
  staff = (await registerVerified(stack, "StaffOne", "staff-pass-1", "staff@example.org")).client;
  plain = (await registerVerified(stack, "Plain", "plain-pass-1", "plain@example.org")).client;
});

afterAll(async () => {
  await stack?.stop();
});

const operserv = (client: TestClient, text: string, last: (t: string) => boolean): Promise<string[]> => ask(client, "OperServ", text, last);

describe("OperServ to users without the privileges", () => {
  it("HELP says OperServ is for staff, and to log in first when not logged in", async () => {
    const guest = await stack.connect("Guest7");
    expect(await operserv(guest, "HELP", (t) => t.startsWith("If you are staff"))).toEqual([
      "OperServ is for the network staff: none of its commands is open to you.",
      "If you are staff, log in first: /msg NickServ IDENTIFY <account> <password>",
    ]);
    expect(await operserv(plain, "HELP", (t) => t.startsWith("OperServ is for"))).toEqual(["OperServ is for the network staff: none of its commands is open to you."]);
    await guest.quit();
  });

  it("an oper without the blacklist privilege is told it is needed, not that the command is unknown", async () => {
    expect(await operserv(helper, "BLACKLIST LIST", (t) => t.includes("privilege"))).toEqual(["BLACKLIST needs the blacklist privilege, which your account does not have."]);
    expect(await operserv(helper, "HELP BLACKLIST", (t) => t.includes("privilege"))).toEqual(["BLACKLIST needs the blacklist privilege, which your account does not have."]);
    // What the reviewer may use is listed, and works.
    const help = await operserv(helper, "HELP", (t) => t === "***** End of Help *****");
    expect(help.join("\n")).toContain("REVIEW");
    expect(help.join("\n")).not.toContain("BLACKLIST");
  });
});

describe("reviewers are told of held registrations", () => {
  it("a held X2 registration is told to every logged-in user with the review privilege, and to nobody else", async () => {
    const registrant = await stack.connect("Regi");
    await registrant.join("#heldchan");
    registrant.say("X2", "REGISTER #heldchan regi@example.org");
    await registrant.waitNotice("X2", (t) => t.includes("waiting for staff review"));
    const id = stack.app.services.channels.live("#heldchan")?.id;
    expect(id).toBeDefined();
    const told = `The registration of #heldchan by Regi is held for review (held by the test rule): /msg OperServ REVIEW SHOW ${id}.`;
    for (const oper of [helper, staff]) await oper.waitNotice("OperServ", (t) => t === told);
    await plain.sync("OperServ");
    expect(noticesFrom(plain, "OperServ").filter((t) => t.includes("held for review"))).toEqual([]);
    await registrant.quit();
  });
});

describe("mail in UTF-8 over SMTP", () => {
  it("arrives quoted-printable (7-bit on the wire), decoding to the text as sent", async () => {
    const owner = await stack.connect("Zoe");
    await owner.join("#cafe");
    owner.say("X2", "REGISTER #cafe zoe@example.org");
    await owner.waitNotice("X2", (t) => t.includes("An account named Zoe was created for you"));
    await stack.smtp.waitFor((m) => m.to.includes("zoe@example.org"), 10_000);
    const id = stack.app.services.channels.live("#cafe")!.id;
    const reason = "Le nom #cafe est déjà pris — désolé";
    staff.say("OperServ", `REVIEW REJECT ${id} ${reason}`);
    await staff.waitNotice("OperServ", (t) => t.includes("#cafe"));
    const mail = await stack.smtp.waitFor((m) => m.to.includes("zoe@example.org") && m.subject.includes("not accepted"), 10_000);
    expect(mail.bodyParameter).toBeNull();
    expect(mail.raw).toMatch(/\r\nContent-Transfer-Encoding: quoted-printable\r\n/);
    // eslint-disable-next-line no-control-regex
    expect(mail.raw).toMatch(/^[\x00-\x7f]*$/);
    expect(mail.text).toContain(`Reason: ${reason}\n`);
    await owner.quit();
  });
});
