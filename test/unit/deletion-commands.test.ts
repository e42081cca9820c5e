/**
 * The deletion commands as users and opers meet them (issue 18): help and syntax, privileges,
 * and the DROP CANCEL form next to an account that happens to be named CANCEL.
 */
import { afterEach, describe, expect, it } from "vitest";
import { deletionConfig, makeDeletionWorld, PASSWORD, type DeletionWorld } from "./deletion-fixture.js";

let w: DeletionWorld;
afterEach(() => w?.close());

describe("deletion commands", () => {
  it("shows DROP and EXPORT to everyone, DELETE and CASE only to holders of their privileges", async () => {
    w = makeDeletionWorld();
    const user = await w.member("Plainly");
    const worker = await w.member("Caseworker");
    const help = (await w.ns(user, "HELP")).join("\n");
    expect(help).toMatch(/DROP +Deletes your account \(confirmed by a mailed code\), or cancels its deletion\./);
    expect(help).toMatch(/EXPORT +Mails you everything services hold about your account\./);
    expect((await w.os(user, "HELP")).join("\n")).not.toMatch(/DELETE|CASE/);
    expect(await w.os(user, "CASE LIST")).toEqual(["CASE needs the case privilege, which your account does not have."]);
    const opHelp = (await w.os(worker, "HELP")).join("\n");
    expect(opHelp).toMatch(/DELETE +Opens a deletion case for one or more accounts\./);
    expect(opHelp).toMatch(/CASE +Works on account deletion cases\./);
  });

  it("explains every form of DROP and every CASE option", async () => {
    w = makeDeletionWorld();
    const user = await w.member("Plainly");
    const worker = await w.member("Caseworker");
    const drop = (await w.ns(user, "HELP DROP")).join("\n");
    expect(drop).toContain("Syntax: DROP <account> <password> [<code>] | DROP CANCEL <code>");
    expect(drop).toContain("DROP CANCEL <code> cancels an open deletion case");
    const cases = (await w.os(worker, "HELP CASE")).join("\n");
    for (const option of ["LIST", "SHOW", "HOLD", "RELEASE", "RULE", "CANCEL", "EXPORT"]) expect(cases).toMatch(new RegExp(`\\n  ${option} +\\S`));
    expect((await w.os(worker, "HELP CASE RULE")).join("\n")).toContain("channel:#name  successor <account> | drop | rule");
    expect(await w.os(worker, "CASE LIST lost")).toEqual(["Unknown CASE LIST filter lost; use open, held or done."]);
    expect(await w.os(worker, "CASE LIST")).toEqual(["No open deletion cases."]);
    expect((await w.ns(user, "DROP Plainly"))[0]).toBe("Syntax: DROP <account> <password> [<code>] | DROP CANCEL <code>");
    expect((await w.os(worker, "DELETE Plainly"))[0]).toBe("Syntax: DELETE <account>[,<account>...] <reason>");
  });

  it("takes DROP CANCEL <something not a code> as a request for an account named CANCEL", async () => {
    w = makeDeletionWorld();
    const user = await w.member("Cancel");
    expect(await w.ns(user, `DROP CANCEL ${PASSWORD}`)).toEqual([
      "A confirmation code was mailed to the address of Cancel; it works for 1d.",
      "To delete Cancel, type: /msg NickServ DROP Cancel <password> <code>",
    ]);
    expect(await w.ns(user, "DROP CANCEL 23456789ABCDEFGHJKLM")).toEqual(["That is not the cancel code of an open deletion case. Copy it from the case mail exactly."]);
  });
});

describe("OperServ DELETE of accounts whose stored address the rules refuse", () => {
  const WHY = '("localhost" is not a full domain name (it needs a dot, like example.com).)';
  /** As `custodian import-atheme` keeps an account's address: straight into the database, past the rules. */
  const storeUnmailable = (account: string, address: string): void => {
    w.db.prepare("UPDATE accounts SET email = ? WHERE id = ?").run(address, w.account(account).id);
  };

  it("names the accounts that were not mailed, and says the others were only when there are others", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    for (const nick of ["Ann", "Bob", "Cid"]) await w.member(nick);
    storeUnmailable("Ann", "ann@localhost");
    storeUnmailable("Bob", "bob@localhost");

    const [some = ""] = await w.os(oper, "DELETE Ann,Cid one person");
    expect(some).toMatch(/ if nothing holds it\. Not mailed, their address does not pass the address rules: Ann \(.*\); the others were mailed\.$/);
    const [none = ""] = await w.os(oper, "DELETE Bob,Ann another person");
    expect(none).toMatch(/ if nothing holds it\. Not mailed, their address does not pass the address rules: Bob \(.*\), Ann \(.*\)$/);
    expect(none).not.toContain("the others");
  });

  it("says why the farewell of a case carried out at once was not mailed", async () => {
    w = makeDeletionWorld({ config: deletionConfig('objection_window = "0"') });
    const oper = await w.member("StaffOne");
    await w.member("Ann");
    storeUnmailable("Ann", "ann@localhost");

    const replies = await w.os(oper, "DELETE Ann asked in person");
    expect(replies[0]).toMatch(/^Case a\d{8}\.\d+ was carried out at once: Ann \(\?\w+\) deleted\.$/);
    expect(replies[1]).toBe(`Not mailed, their address does not pass the address rules: Ann ${WHY}`);
  });

  it("says which members CASE CANCEL could not mail, and audits it with the cancellation", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    for (const nick of ["Ann", "Cid"]) await w.member(nick);
    storeUnmailable("Ann", "ann@localhost");
    const [opened = ""] = await w.os(oper, "DELETE Ann,Cid one person");
    const number = /a\d{8}\.\d+/.exec(opened)?.[0] ?? "";

    expect(await w.os(oper, `CASE CANCEL ${number}`)).toEqual([
      `Case ${number} is cancelled; its accounts stay as they are.`,
      `Not mailed, their address does not pass the address rules: Ann ${WHY}`,
    ]);
    const row = w.db.prepare("SELECT details FROM audit_log WHERE action = 'deletion.cancelled' AND target = ?").get(number) as { details: string };
    expect(JSON.parse(row.details)).toEqual({ by: "staff", mail: "undeliverable", unmailed: [{ account: "Ann", addressProblem: "not-full-domain" }] });
    expect(w.mails("account_deletion_cancelled").map((m) => [m.recipient, m.status])).toEqual([
      ["ann@localhost", "failed"],
      [w.account("Cid").email, "queued"],
    ]);
  });
});
