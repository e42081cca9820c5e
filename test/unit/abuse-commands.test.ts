import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CommandTable, dispatch } from "../../src/commands/dispatcher.js";
import { operservCommands } from "../../src/commands/operserv/index.js";
import type { Database } from "../../src/db/connection.js";
import type { Services } from "../../src/services/registry.js";
import { ManualClock } from "../../src/util/clock.js";
import { silentLogger } from "../../src/util/logger.js";
import { commandContext, DAY, FakeMail, testConfig, testDomain } from "../support.js";

let db: Database;
let clock: ManualClock;
let services: Services;
const table = new CommandTable(operservCommands);

beforeEach(() => {
  clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
  const config = testConfig('[mail]\nblacklist = ["*@conf-banned.example"]\n');
  ({ db, services } = testDomain({ config, clock, mail: new FakeMail() }));
});
afterEach(() => db.close());

/** Runs an OperServ command as StaffOne with `privileges`; returns the replies. */
async function run(text: string, privileges: string[] = ["blacklist"]): Promise<string[]> {
  const source = {
    uid: "001AAAAAA",
    nick: "Staff",
    ident: "staff",
    host: "staff.example",
    ip: "127.0.0.1",
    account: { id: "1STAFF001", name: "StaffOne" },
    privileges: new Set(privileges),
  };
  const { ctx, replies } = commandContext("operserv", source, services);
  await dispatch(table, ctx, text, silentLogger());
  return replies;
}

const auditRows = () =>
  db.prepare("SELECT actor, action, target, details FROM audit_log ORDER BY id").all() as {
    actor: string;
    action: string;
    target: string;
    details: string;
  }[];

describe("OperServ BLACKLIST", () => {
  it("says in HELP that a listed address is refused for accounts and new addresses, not only for channels", async () => {
    const help = (await run("HELP BLACKLIST")).join(" ");
    expect(help).toContain("cannot register an account (NickServ REGISTER) or a channel (X2 REGISTER)");
    expect(help).toContain("nor become an account's address (NickServ SET EMAIL)");
  });

  it("adds a mask with a duration and a reason, and audits it", async () => {
    expect(await run("BLACKLIST ADD *@Mailinator.com 30d disposable mail service")).toEqual([
      "Added *@mailinator.com on the email blacklist for 30d (until 2026-03-31 12:00 UTC).",
    ]);
    const entry = services.blacklist.get("*@mailinator.com");
    expect(entry).toMatchObject({ reason: "disposable mail service", setter: "StaffOne", expiresAt: clock.now() + 30 * DAY });
    expect(auditRows()).toEqual([
      {
        actor: "1STAFF001",
        action: "blacklist.add",
        target: "*@mailinator.com",
        details: JSON.stringify({ reason: "disposable mail service", expiresAt: clock.now() + 30 * DAY, setter: "StaffOne" }),
      },
    ]);
  });

  it("adds a permanent mask when no duration is given, and updates a listed one", async () => {
    expect(await run("BLACKLIST ADD spam.example spam waves")).toEqual(["Added spam.example on the email blacklist until removed."]);
    expect(services.blacklist.get("spam.example")).toMatchObject({ reason: "spam waves", expiresAt: null });
    expect(await run("BLACKLIST ADD spam.example +2w still spamming")).toEqual([
      "Updated spam.example on the email blacklist for 2w (until 2026-03-15 12:00 UTC).",
    ]);
    expect(auditRows().map((r) => r.action)).toEqual(["blacklist.add", "blacklist.update"]);
  });

  it("explains a bad mask, a missing reason and missing arguments", async () => {
    expect(await run("BLACKLIST ADD spammer some reason")).toEqual([
      "spammer is not an email mask: it needs an @ or a dot (e.g. *@mailinator.com, mailinator.com or spam*@*.example).",
    ]);
    expect(await run("BLACKLIST ADD *@*.* reason")).toEqual(["*@*.* would match nearly every address; name at least part of a domain or a mailbox."]);
    expect(await run("BLACKLIST ADD *@x.example 30d")).toEqual([
      "Give a reason after the duration.",
      "Syntax: BLACKLIST ADD <mask> [<duration>] <reason>",
    ]);
    expect(await run("BLACKLIST ADD *@x.example")).toEqual([
      "Syntax: BLACKLIST ADD <mask> [<duration>] <reason>",
      "Type /msg OperServ HELP BLACKLIST ADD for more.",
    ]);
    expect(auditRows()).toEqual([]);
  });

  it("removes a mask and audits it; says when a mask is not listed or comes from services.conf", async () => {
    await run("BLACKLIST ADD *@x.example abuse");
    expect(await run("BLACKLIST DEL *@X.example")).toEqual(["Removed *@x.example from the email blacklist."]);
    expect(await run("BLACKLIST DEL *@x.example")).toEqual([
      "*@x.example is not on the email blacklist. See /msg OperServ BLACKLIST LIST.",
    ]);
    expect(await run("BLACKLIST DEL *@conf-banned.example")).toEqual([
      "*@conf-banned.example comes from services.conf ([mail] blacklist); remove it there and restart.",
    ]);
    expect(auditRows().map((r) => [r.action, r.target])).toEqual([
      ["blacklist.add", "*@x.example"],
      ["blacklist.del", "*@x.example"],
    ]);
  });

  it("lists config masks and entries with setter, dates, expiry and reason, optionally filtered", async () => {
    await run("BLACKLIST ADD *@temp.example 1d short");
    await run("BLACKLIST ADD *@perm.example forever");
    expect(await run("BLACKLIST LIST")).toEqual([
      "Email blacklist: 3 masks.",
      "  *@conf-banned.example  (services.conf)",
      "  *@temp.example  set by StaffOne 2026-03-01 12:00 UTC, expires 2026-03-02 12:00 UTC (in 1d): short",
      "  *@perm.example  set by StaffOne 2026-03-01 12:00 UTC, permanent: forever",
      "End of list.",
    ]);
    expect(await run("BLACKLIST LIST *perm*")).toEqual([
      "Email blacklist: 1 mask matching *perm*.",
      "  *@perm.example  set by StaffOne 2026-03-01 12:00 UTC, permanent: forever",
      "End of list.",
    ]);
    clock.advance(DAY);
    expect((await run("BLACKLIST LIST"))[0]).toBe("Email blacklist: 2 masks.");
    expect(await run("BLACKLIST LIST *nothing*")).toEqual(["No blacklist mask matches *nothing*."]);
  });

  it("shows which masks would refuse an address, and whether it failed to verify", async () => {
    await run("BLACKLIST ADD spammer@gmail.com known spammer");
    await run("BLACKLIST ADD gmail.com 7d gmail wave");
    services.failedVerifications.add("spammer@gmail.com", "#spamchan", Date.UTC(2026, 1, 20, 8));
    expect(await run("BLACKLIST TEST Spam.Mer+x@googlemail.com")).toEqual([
      "Matches spammer@gmail.com  set by StaffOne 2026-03-01 12:00 UTC, permanent: known spammer",
      "Matches gmail.com  set by StaffOne 2026-03-01 12:00 UTC, expires 2026-03-08 12:00 UTC (in 1w): gmail wave",
      "Spam.Mer+x@googlemail.com is on the failed-verification list: #spamchan was dropped unverified 2026-02-20 08:00 UTC. Clear it with FAILED DEL.",
    ]);
    expect(await run("BLACKLIST TEST a@conf-banned.example")).toEqual(["Matches *@conf-banned.example (services.conf)."]);
    expect(await run("BLACKLIST TEST ok@example.org")).toEqual(["ok@example.org is not matched by any blacklist mask."]);
    expect((await run("BLACKLIST TEST nodomain"))[0]).toMatch(/^Note: nodomain is not a valid address/);
  });

  it("tells an oper without the blacklist privilege that it is needed, by its real name", async () => {
    expect(await run("BLACKLIST LIST", ["review"])).toEqual(["BLACKLIST needs the blacklist privilege, which your account does not have."]);
    expect(await run("FAILED LIST", [])).toEqual(["FAILED needs the blacklist privilege, which your account does not have."]);
  });

  it("has help for the command and its options", async () => {
    const help = await run("HELP BLACKLIST ADD");
    expect(help[0]).toBe("***** Help for BLACKLIST ADD *****");
    expect(help).toContain("Syntax: BLACKLIST ADD <mask> [<duration>] <reason>");
    const top = await run("HELP BLACKLIST");
    expect(top.some((l) => l.includes("TEST"))).toBe(true);
    expect(top).toContain("Needs the blacklist privilege.");
  });
});

describe("OperServ FAILED", () => {
  it("lists failed addresses newest first, optionally filtered", async () => {
    expect(await run("FAILED LIST")).toEqual(["The failed-verification list is empty."]);
    services.failedVerifications.add("old@example.com", "#old", Date.UTC(2026, 1, 1, 10));
    services.failedVerifications.add("new@example.org", "#new", Date.UTC(2026, 1, 2, 10));
    services.failedVerifications.add("new@example.org", "#newer", Date.UTC(2026, 1, 3, 10));
    expect(await run("FAILED LIST")).toEqual([
      "Failed-verification list: 2 addresses.",
      "  new@example.org  #newer  dropped 2026-02-03 10:00 UTC (2 failures)",
      "  old@example.com  #old  dropped 2026-02-01 10:00 UTC",
      "End of list.",
    ]);
    expect(await run("FAILED LIST *@example.com")).toEqual([
      "Failed-verification list: 1 address matching *@example.com.",
      "  old@example.com  #old  dropped 2026-02-01 10:00 UTC",
      "End of list.",
    ]);
  });

  it("caps long listings and says how many more there are", async () => {
    for (let i = 0; i < 60; i++) services.failedVerifications.add(`u${i}@example.com`, `#c${i}`, 1000 * i);
    const replies = await run("FAILED LIST");
    expect(replies[0]).toBe("Failed-verification list: 60 addresses.");
    expect(replies).toHaveLength(1 + 50 + 2);
    expect(replies[51]).toBe("... and 10 more; narrow it with FAILED LIST <pattern>.");
  });

  it("clears an address (any spelling of it) so that it can register again, and audits it", async () => {
    services.failedVerifications.add("Late.User@gmail.com", "#late", Date.UTC(2026, 1, 1));
    expect(await run("FAILED DEL lateuser+x@gmail.com")).toEqual([
      "Cleared Late.User@gmail.com from the failed-verification list (it failed for #late); it can register again.",
    ]);
    expect(services.failedVerifications.has("late.user@gmail.com")).toBe(false);
    expect(services.registrationPolicy.evaluate({
      channel: "#late",
      email: "Late.User@gmail.com",
      uid: "001AAAAAB",
      nick: "Late",
      host: "h",
      ip: "192.0.2.1",
      accountId: null,
    }).kind).toBe("accept");
    expect(auditRows()).toEqual([
      {
        actor: "1STAFF001",
        action: "failed_verification.del",
        target: "Late.User@gmail.com",
        details: JSON.stringify({ channel: "#late", failedAt: Date.UTC(2026, 1, 1), failures: 1, given: "lateuser+x@gmail.com" }),
      },
    ]);
  });

  it("explains an invalid or unlisted address", async () => {
    expect(await run("FAILED DEL nope")).toEqual(["nope is not a valid address: An email address needs an @ (user@example.com)."]);
    expect(await run("FAILED DEL a@example.com")).toEqual([
      "a@example.com is not on the failed-verification list. See /msg OperServ FAILED LIST.",
    ]);
    expect(await run("FAILED DEL")).toEqual(["Syntax: FAILED DEL <email>", "Type /msg OperServ HELP FAILED DEL for more."]);
    expect(auditRows()).toEqual([]);
  });
});
