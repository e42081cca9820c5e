/**
 * An account whose stored address no longer passes the address rules (imported from Atheme as
 * tom@localhost, or stored before the rules tightened): every action that mails it still
 * completes over a real InspIRCd, a real SQLite file and real SMTP delivery. The mail is recorded
 * as undeliverable (the outbox row, the audit record, the log) and OperServ tells the oper that
 * the member was not told. What a member asks to be mailed is refused instead, never claimed sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textsContaining } from "../support.js";
import { startStack, type Stack } from "./harness/stack.js";
import type { TestClient } from "./harness/client.js";
import { ask, registerVerified } from "./ux-helpers.js";

const DAY = 86_400_000;
const CASE = /a\d{8}\.\d+/;
const OLD_ADDRESS = "tom@localhost";
const NOT_SENT = "could not be mailed: the account's address does not pass the address rules";

describe("an account whose address the rules refuse", () => {
  let stack: Stack;
  let staff: TestClient;
  let tom: TestClient;
  let tomId: string;

  /** An OperServ command from staff; all its reply lines up to `last`. */
  const os = (text: string, last: (t: string) => boolean): Promise<string[]> => ask(staff, "OperServ", text, last);

  const mailTo = (address: string) =>
    stack.app.db.prepare("SELECT template, status, attempts, last_error AS lastError, data FROM mail_outbox WHERE recipient = ? ORDER BY id").all(address) as Array<{
      template: string;
      status: string;
      attempts: number;
      lastError: string | null;
      data: string;
    }>;
  const auditOf = (action: string) =>
    (stack.app.db.prepare("SELECT details FROM audit_log WHERE action = ? AND target = ? ORDER BY id").all(action, tomId) as Array<{ details: string }>).map(
      (r) => JSON.parse(r.details) as Record<string, unknown>,
    );

  beforeAll(async () => {
    stack = await startStack({ sections: { mail: 'delay = "0"\nper_address_per_hour = 50', flood: "messages = 100" } });
    staff = (await registerVerified(stack, "StaffOne", "staffone-pass-1", "staffone@example.org")).client;
    ({ client: tom, eid: tomId } = await registerVerified(stack, "Tommy", "tommy-pass-1", "tommy@example.org"));
    // As `custodian import-atheme` keeps an Atheme account's address: the rules are not applied to it.
    stack.app.db.prepare("UPDATE accounts SET email = ? WHERE id = ?").run(OLD_ADDRESS, tomId);
    await stack.deliverMail();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("refuses what the member asks to be mailed, saying why, and tells anyone else to write to the staff", async () => {
    tom.say("NickServ", "EXPORT");
    const about = (t: string) => t.startsWith("The email address of Tommy");
    expect(await tom.waitNotice("NickServ", about)).toBe(
      'The email address of Tommy cannot receive mail, so the export was not mailed. ("localhost" is not a full domain name (it needs a dot, like example.com).) ' +
        "Set one that works with /msg NickServ SET EMAIL <address> (logged in to Tommy) and confirm it with the code mailed there, then ask again.",
    );
    staff.say("NickServ", "RESETPASS Tommy");
    const reply = await staff.waitNotice("NickServ", about);
    expect(reply).toMatch(/^The email address of Tommy cannot receive mail, so no password reset code can be mailed\. If it is your account, write to the network staff at \S+@\S+ for help\.$/);
    expect(reply).not.toContain("localhost");
    expect(mailTo(OLD_ADDRESS)).toEqual([]);
  });

  it("freezes it, and tells the oper the notice could not be mailed", async () => {
    const replies = await os("FREEZE Tommy spam from this account", (t) => t.includes("UNFREEZE Tommy puts everything back"));
    expect(replies[0]).toMatch(/^Tommy \(\w+\) is frozen until lifted with UNFREEZE: spam from this account$/);
    expect(replies.at(-1)).toBe(
      `The freeze notice ${NOT_SENT} ("localhost" is not a full domain name (it needs a dot, like example.com).) The member was not told by mail. /msg OperServ UNFREEZE Tommy puts everything back.`,
    );
    expect(stack.app.services.freeze.isFrozen(tomId)).toBe(true);
    await tom.waitNotice("NickServ", (t) => t.includes("frozen"));
    expect(mailTo(OLD_ADDRESS)).toEqual([
      { template: "account_frozen", status: "failed", attempts: 0, lastError: "undeliverable: the address does not pass the address rules (not-full-domain)", data: "{}" },
    ]);
    expect(auditOf("account.freeze").at(-1)).toMatchObject({ mail: "undeliverable", addressProblem: "not-full-domain" });
  });

  it("unfreezes it, and says the member was not mailed", async () => {
    const replies = await os("UNFREEZE Tommy", (t) => t.includes("mailed"));
    expect(replies[0]).toMatch(/^Tommy \(\w+\) is no longer frozen; logins work again\.$/);
    expect(replies.at(-1)).toBe(`The notice that the freeze is lifted ${NOT_SENT} ("localhost" is not a full domain name (it needs a dot, like example.com).) The member was not told by mail.`);
    expect(stack.app.services.freeze.isFrozen(tomId)).toBe(false);
    expect(mailTo(OLD_ADDRESS).map((m) => [m.template, m.status])).toEqual([
      ["account_frozen", "failed"],
      ["account_unfrozen", "failed"],
    ]);
    expect(auditOf("account.unfreeze").at(-1)).toMatchObject({ mail: "undeliverable", addressProblem: "not-full-domain" });
  });

  it("opens a deletion case for it and carries the case out", async () => {
    const [opened = ""] = await os("DELETE Tommy asked by the owner in person", (t) => t.startsWith("Deletion case"));
    const number = CASE.exec(opened)?.[0] as string;
    expect(opened).toMatch(/it is carried out from .* if nothing holds it\. The notice of the case could not be mailed: the account's address does not pass the address rules/);
    expect(opened).toMatch(/The member was not told by mail\.$/);

    await stack.advance(15 * DAY);
    expect(stack.app.services.accounts.resolve("Tommy")).toBeUndefined();
    expect(stack.app.services.deletion.tombstone(tomId)).toBeDefined();
    expect(auditOf("account.deleted").at(-1)).toMatchObject({ case: number, mail: "undeliverable", addressProblem: "not-full-domain" });
    // The farewell was never sent; like a sent one it forgets the address, and nothing keeps it.
    await stack.advance(0);
    expect(textsContaining(stack.app.db, [OLD_ADDRESS])).toEqual([]);
    const farewell = stack.app.db.prepare("SELECT status, last_error AS lastError FROM mail_outbox WHERE template = 'account_deletion_done'").get() as { status: string; lastError: string };
    expect(farewell).toEqual({ status: "failed", lastError: "undeliverable: the address does not pass the address rules (not-full-domain)" });
    expect(stack.smtp.messages.some((m) => m.to.includes(OLD_ADDRESS))).toBe(false);
  });

  it("shows staff, and only staff, in NickServ INFO that mail to an account's address is refused", async () => {
    stack.smtp.setMode("permfail");
    const bouncy = await stack.connect("Bouncy");
    bouncy.say("NickServ", "REGISTER bouncy-pass-1 bouncy@example.org");
    await bouncy.waitNotice("NickServ", (t) => t.includes("is now registered"));
    await stack.deliverMail();
    stack.smtp.setMode("accept");
    expect(stack.outboxFor("bouncy@example.org")).toMatchObject([{ template: "account_verify", status: "failed" }]);

    const info = (client: TestClient): Promise<string[]> => ask(client, "NickServ", "INFO Bouncy", (t) => t === "*** End of Info ***");
    const seenByStaff = await info(staff);
    expect(seenByStaff.find((l) => l.startsWith("Email"))).toMatch(/: bouncy@example\.org/);
    expect(seenByStaff.filter((l) => l.startsWith("Mail failing"))).toEqual([
      expect.stringMatching(/^Mail failing +: the mail server refuses this address, since \d{4}-\d\d-\d\d \d\d:\d\d UTC \(.*\): 550 Mailbox unavailable \(test sink\)$/),
    ]);
    expect((await info(bouncy)).some((l) => l.startsWith("Mail failing"))).toBe(false);
  });
});
