/**
 * Deletion cases (issue 18) over the real domain, database and outbox, with the clock moved:
 * numbering, trivial deletion at once, succession and drops, holds, cancel, bottom-up execution
 * in one transaction, tombstones and retention.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DAY, textsContaining, YEAR } from "../support.js";
import { makeDeletionWorld, deletionConfig, PASSWORD, type DeletionWorld } from "./deletion-fixture.js";

const PSEUDONYM = /^a[0-9]{8}\.[0-9]+\.[0-9]+@/;

let w: DeletionWorld;
afterEach(() => w?.close());

/** DROP, the mailed code, DROP with the code: the replies to the confirmation. */
async function dropConfirmed(nick: string): Promise<string[]> {
  const user = w.net.user(nick) ?? w.user(`${nick}_`);
  const asked = await w.ns(user, `DROP ${nick} ${PASSWORD}`);
  expect(asked[0]).toMatch(/^A confirmation code was mailed to the address of/);
  const code = String(w.lastMail("account_deletion_confirm").data.code);
  return w.ns(user, `DROP ${nick} ${PASSWORD} ${code}`);
}

function caseNumberIn(text: string): string {
  const number = /a\d{8}\.\d+/.exec(text)?.[0];
  if (!number) throw new Error(`no case number in: ${text}`);
  return number;
}

const auditActions = (target: string): string[] =>
  w.db.prepare<[string], { action: string }>("SELECT action FROM audit_log WHERE target = ? ORDER BY id").all(target).map((r) => r.action);

describe("deletion cases", () => {
  it("deletes a trivial account as soon as the member confirms, and leaves a tombstone", async () => {
    w = makeDeletionWorld();
    const zed = await w.member("Zed", "zed.one@example.com");
    const account = w.account("Zed");
    const replies = await dropConfirmed("Zed");
    expect(replies[0]).toMatch(/^Zed is deleted \(case a20260101\.1\); its nicknames are free/);
    expect(w.domain.accounts.byId(account.id)).toBeUndefined();
    const tombstone = w.domain.deletion.tombstone(account.id);
    expect(tombstone).toMatchObject({ entityId: account.id, caseNumber: "a20260101.1", k: 1, email: "a20260101.1.1@deleted.invalid", createdAt: account.createdAt, deletedAt: w.clock.now() });
    expect(tombstone?.email).toMatch(PSEUDONYM);
    expect(w.domain.deletion.get("a20260101.1")?.state).toBe("executed");
    // The user was logged out, opers were told, and the last mail goes to the real address.
    expect(w.actions.of("setLogin")).toContainEqual([zed.uid, null]);
    expect(w.actions.operNotices.some((n) => n.includes("Deletion case a20260101.1 carried out"))).toBe(true);
    expect(w.lastMail("account_deletion_done")).toMatchObject({ recipient: "zed.one@example.com", status: "queued" });
    expect(auditActions(account.id)).toContain("account.deleted");
  });

  it("numbers cases aYYYYMMDD.N, N counting each UTC day's cases from 1", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    for (const nick of ["Ann", "Ben", "Cid"]) await w.member(nick);
    const numbers: string[] = [];
    for (const nick of ["Ann", "Ben"]) numbers.push(caseNumberIn((await w.os(oper, `DELETE ${nick} asked by mail`))[0] ?? ""));
    w.clock.advance(DAY);
    numbers.push(caseNumberIn((await w.os(oper, "DELETE Cid asked by mail"))[0] ?? ""));
    expect(numbers).toEqual(["a20260101.1", "a20260101.2", "a20260102.1"]);
  });

  it("hands a founder's channel to the highest coowner (ties to the oldest access) after the objection window", async () => {
    w = makeDeletionWorld();
    const founder = await w.founder("Fenna", "#harbour");
    for (const nick of ["Manny", "Cora", "Cato"]) await w.member(nick);
    for (const [nick, level] of [["Manny", "manager"], ["Cora", "coowner"], ["Cato", "coowner"]] as const) {
      expect((await w.x2(founder, `ADDUSER #harbour ${nick} ${level}`))[0]).toMatch(/now has/);
      w.clock.advance(1000);
    }
    const fenna = w.account("Fenna");
    const opened = await dropConfirmed("Fenna");
    const number = caseNumberIn(opened[0] ?? "");
    expect(opened[0]).toMatch(/is carried out on 2026-01-15/);
    const mail = w.lastMail("account_deletion_opened");
    expect(mail.data).toMatchObject({ caseNumber: number, successions: [{ channel: "#harbour", successor: "Cora" }], drops: [] });
    expect(String(mail.data.cancelCode)).toMatch(/^[A-Z2-9]{20}$/);

    await w.advance(13 * DAY);
    expect(w.domain.accounts.byId(fenna.id)).toBeDefined();
    await w.advance(DAY);
    expect(w.domain.accounts.byId(fenna.id)).toBeUndefined();
    const record = w.domain.channels.live("#harbour");
    expect(record?.ownerId).toBe(w.account("Cora").id);
    expect(record?.email).toBe(w.account("Cora").email);
    const levels = Object.fromEntries(w.domain.channels.accessEntries(record!.id).map((e) => [e.accountName, e.level]));
    expect(levels).toEqual({ Cora: 500, Cato: 400, Manny: 300 });
    expect(auditActions("#harbour")).toContain("channel.succession");
  });

  it("drops a founder's channel when nobody with coowner or manager access can take it", async () => {
    w = makeDeletionWorld();
    const founder = await w.founder("Solo", "#lonely");
    await w.member("Opal");
    await w.x2(founder, "ADDUSER #lonely Opal op");
    const number = caseNumberIn((await dropConfirmed("Solo"))[0] ?? "");
    expect(w.lastMail("account_deletion_opened").data).toMatchObject({ successions: [], drops: ["#lonely"] });
    await w.advance(14 * DAY);
    expect(w.domain.deletion.get(number)?.state).toBe("executed");
    expect(w.domain.channels.live("#lonely")).toBeUndefined();
    expect(w.actions.of("partChannel")).toContainEqual(["x2", "#lonely", "Channel registration dropped"]);
    expect(w.domain.channels.accessHeldBy(w.account("Opal").id)).toEqual([]);
    expect(w.lastMail("account_deletion_done").data).toMatchObject({ drops: ["#lonely"] });
  });

  it("keeps a held case until CASE RELEASE, however long after its window", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    await w.member("Hugo");
    const hugo = w.account("Hugo");
    const number = caseNumberIn((await w.os(oper, "DELETE Hugo requested in writing"))[0] ?? "");
    expect((await w.os(oper, `CASE HOLD ${number} the member wrote to object`))[0]).toMatch(/is held/);
    await w.advance(30 * DAY);
    expect(w.domain.accounts.byId(hugo.id)).toBeDefined();
    expect((await w.os(oper, "CASE LIST held")).join("\n")).toContain(`${number}  open  staff  Hugo (?${hugo.id})`);
    expect((await w.os(oper, `CASE RELEASE ${number}`))[0]).toMatch(/lifted/);
    await w.runLoops();
    expect(w.domain.accounts.byId(hugo.id)).toBeUndefined();
    expect((await w.os(oper, "CASE LIST done")).join("\n")).toContain(`${number}  executed  staff  ?${hugo.id}`);
  });

  it("waits while the account is frozen or in an earlier case, until the cause ends or is waived", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    const founder = await w.founder("Ivy", "#ivy");
    await w.member("Mo");
    await w.x2(founder, "ADDUSER #ivy Mo manager");
    const ivy = w.account("Ivy");
    const memberCase = caseNumberIn((await dropConfirmed("Ivy"))[0] ?? "");
    const staffCase = caseNumberIn((await w.os(oper, "DELETE Ivy duplicate account"))[0] ?? "");
    // The freeze suspends #ivy (only Ivy could manage it): X2 leaves it.
    const staff = w.account("StaffOne");
    expect(w.domain.freeze.freeze({ reference: "Ivy", reason: "unpaid dues", durationMs: null, by: { id: staff.id, name: staff.name } }).ok).toBe(true);
    expect(w.actions.of("partChannel").at(-1)?.[1]).toBe("#ivy");
    await w.advance(15 * DAY);
    expect(w.domain.accounts.byId(ivy.id)).toBeDefined();
    const shown = (await w.os(oper, `CASE SHOW ${staffCase}`)).join("\n");
    expect(shown).toContain(`hold:case:${memberCase}`);
    expect(shown).toContain("waits for");
    expect(shown).toMatch(/the account is frozen since 2026-01-01 12:00 UTC \(unpaid dues\)/);
    expect((await w.os(oper, `CASE RULE ${memberCase} hold:frozen waive`))[0]).toBe(`Case ${memberCase}: hold:frozen ruled waive.`);
    await w.runLoops();
    expect(w.domain.accounts.byId(ivy.id)).toBeUndefined();
    // The freeze record went with the account; the suspended channel went to Mo, and X2 is back in it.
    expect(w.db.prepare("SELECT count(*) AS n FROM account_freezes WHERE account_id = ?").get(ivy.id)).toEqual({ n: 0 });
    expect(w.domain.channels.live("#ivy")?.ownerId).toBe(w.account("Mo").id);
    expect(w.actions.of("joinChannel").at(-1)?.slice(0, 2)).toEqual(["x2", "#ivy"]);
    expect(w.db.pragma("foreign_key_check")).toEqual([]);
    expect(w.domain.deletion.get(memberCase)?.state).toBe("executed");
    // The later case had only this account: it closes with nothing left to do.
    await w.runLoops();
    expect(w.domain.deletion.get(staffCase)?.state).toBe("executed");
    expect(w.domain.deletion.get(staffCase)?.accounts[0]?.accountId).toBeNull();
  });

  it("waits for an open review request of the account", async () => {
    w = makeDeletionWorld({ config: deletionConfig("", `[[channels.flag_rules]]\nkind = "channel"\npattern = "#held*"\nreason = "reviewed"`) });
    const oper = await w.member("StaffOne");
    const rhea = await w.member("Rhea");
    w.net.join("#heldroom", rhea.uid, { op: true });
    await w.x2(rhea, `REGISTER #heldroom ${w.account("Rhea").email}`);
    const request = w.domain.channels.reviewList("held")[0];
    expect(request?.name).toBe("#heldroom");
    const number = caseNumberIn((await w.os(oper, "DELETE Rhea asked"))[0] ?? "");
    await w.advance(15 * DAY);
    expect(w.domain.deletion.get(number)?.state).toBe("open");
    expect((await w.os(oper, `CASE SHOW ${number}`)).join("\n")).toContain(`hold:review:${request!.id}`);
    await w.os(oper, `REVIEW REJECT ${request!.id} not now`);
    await w.runLoops();
    expect(w.domain.deletion.get(number)?.state).toBe("executed");
  });

  it("lets the member cancel inside the window with the mailed code; the account stays", async () => {
    w = makeDeletionWorld();
    const founder = await w.founder("Nora", "#keepme");
    const nora = w.account("Nora");
    const number = caseNumberIn((await dropConfirmed("Nora"))[0] ?? "");
    const code = String(w.lastMail("account_deletion_opened").data.cancelCode);
    w.clock.advance(7 * DAY);
    expect(await w.ns(founder, "DROP CANCEL 23456789ABCDEFGHJKLM")).toEqual(["That is not the cancel code of an open deletion case. Copy it from the case mail exactly."]);
    expect(await w.ns(founder, `DROP CANCEL ${code.toLowerCase()}`)).toEqual([`Deletion case ${number} is cancelled; your account stays as it was.`]);
    expect(w.lastMail("account_deletion_cancelled").data).toMatchObject({ caseNumber: number, by: "member" });
    await w.advance(30 * DAY);
    expect(w.domain.accounts.byId(nora.id)).toBeDefined();
    expect(w.domain.channels.live("#keepme")?.ownerId).toBe(nora.id);
    expect(await w.ns(founder, `DROP CANCEL ${code}`)).toEqual(["That is not the cancel code of an open deletion case. Copy it from the case mail exactly."]);
    expect(w.domain.expiry.isExempt(nora)).toBe(false);
  });

  it("exempts an account in an open case from expiry (the expiry hook)", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    await w.member("Exa");
    const exa = w.account("Exa");
    expect(w.domain.expiry.isExempt(exa)).toBe(false);
    await w.os(oper, "DELETE Exa asked");
    expect(w.domain.expiry.isExempt(exa)).toBe(true);
  });

  it("executes bottom-up in one transaction: access and successions, then nicks, then the account; no orphans", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    const owner = await w.founder("Orla", "#elsewhere");
    const bea = await w.founder("Bea", "#beach");
    await w.member("Cass");
    await w.x2(bea, "ADDUSER #beach Cass coowner");
    await w.x2(owner, "ADDUSER #elsewhere Bea op");
    w.net.rename(bea.uid, "BeaAway");
    expect(w.domain.accounts.group(w.account("Bea").id, "BeaAway", w.account("Bea").id).ok).toBe(true);
    w.domain.certfps.add(w.account("Bea").id, "ab".repeat(32), w.account("Bea").id);
    w.domain.accounts.addMark(w.account("Bea").id, { id: w.account("StaffOne").id, name: "StaffOne" }, "long-time member");
    const bee = w.account("Bea");
    // A guest rename left one of its nicks held at the ircd.
    w.domain.accounts.nickHolds.put({ nick: "BeaAway", accountId: bee.id, until: w.clock.now() + 15 * DAY }, w.clock.now());
    w.db.exec(`
      CREATE TEMP TABLE steps (n INTEGER PRIMARY KEY, what TEXT);
      CREATE TEMP TRIGGER t_access AFTER DELETE ON main.channel_access WHEN old.account_id = '${bee.id}' BEGIN INSERT INTO steps (what) VALUES ('access'); END;
      CREATE TEMP TRIGGER t_owner AFTER UPDATE OF owner_id ON main.channels WHEN old.owner_id = '${bee.id}' BEGIN INSERT INTO steps (what) VALUES ('succession'); END;
      CREATE TEMP TRIGGER t_nicks AFTER DELETE ON main.account_nicks WHEN old.account_id = '${bee.id}' BEGIN INSERT INTO steps (what) VALUES ('nick'); END;
      CREATE TEMP TRIGGER t_account AFTER DELETE ON main.accounts WHEN old.id = '${bee.id}' BEGIN INSERT INTO steps (what) VALUES ('account'); END;
    `);
    const number = caseNumberIn((await w.os(oper, "DELETE Bea asked"))[0] ?? "");
    await w.advance(14 * DAY);
    expect(w.domain.deletion.get(number)?.state).toBe("executed");
    const steps = w.db.prepare<[], { what: string }>("SELECT what FROM steps ORDER BY n").all().map((r) => r.what);
    expect(steps).toEqual(["succession", "access", "access", "nick", "nick", "account"]);
    expect(w.db.pragma("foreign_key_check")).toEqual([]);
    expect(w.db.prepare("SELECT count(*) AS n FROM channel_access WHERE account_id = ?").get(bee.id)).toEqual({ n: 0 });
    for (const table of ["account_nicks", "account_codes", "account_marks", "account_certfps", "expired_nicks"]) {
      expect(w.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE account_id = ?`).get(bee.id)).toEqual({ n: 0 });
    }
    expect(w.domain.channels.live("#beach")?.ownerId).toBe(w.account("Cass").id);
    expect(w.db.prepare("SELECT account_id FROM deletion_case_accounts WHERE case_number = ?").get(number)).toEqual({ account_id: null });
    expect(w.db.prepare("SELECT count(*) AS n FROM nick_holds").get()).toEqual({ n: 0 });
    expect(w.actions.of("releaseNick")).toContainEqual(["BeaAway"]);
  });

  it("rolls everything back when a reference to the account does not cascade, and tells opers", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    await w.founder("Rollo", "#rollback");
    const rollo = w.account("Rollo");
    w.db.exec("CREATE TABLE sticky_refs (account_id TEXT NOT NULL REFERENCES accounts (id))");
    w.db.prepare("INSERT INTO sticky_refs VALUES (?)").run(rollo.id);
    const number = caseNumberIn((await w.os(oper, "DELETE Rollo asked"))[0] ?? "");
    await w.advance(14 * DAY);
    expect(w.domain.deletion.get(number)?.state).toBe("open");
    expect(w.domain.accounts.byId(rollo.id)).toBeDefined();
    expect(w.domain.channels.live("#rollback")?.ownerId).toBe(rollo.id);
    expect(w.domain.accounts.nicksOf(rollo.id)).toHaveLength(1);
    expect(w.domain.deletion.tombstone(rollo.id)).toBeUndefined();
    expect(w.actions.operNotices.some((n) => n.startsWith(`Deletion case ${number} could not be carried out and nothing was changed`))).toBe(true);
  });

  it("numbers the accounts of one case K = 1, 2 in their pseudonyms", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    await w.member("Twin");
    await w.member("TwinToo");
    const [one, two] = [w.account("Twin"), w.account("TwinToo")];
    const opened = (await w.os(oper, "DELETE Twin,TwinToo same person, asked by mail"))[0] ?? "";
    expect(opened).toMatch(/if nothing holds it\. Each account's address was mailed\.$/);
    const number = caseNumberIn(opened);
    await w.advance(14 * DAY);
    expect(w.domain.deletion.tombstone(one.id)?.email).toBe(`${number}.1@deleted.invalid`);
    expect(w.domain.deletion.tombstone(two.id)?.email).toBe(`${number}.2@deleted.invalid`);
    expect((await w.os(oper, "DELETE Nobody,Twin x"))[0]).toBe("Nobody is not a registered account.");
  });

  it("needs the ruling revoke for a staff account, and a name key to leave [opers] first", async () => {
    w = makeDeletionWorld({ config: deletionConfig("", "") });
    const oper = await w.member("StaffOne");
    await w.member("Caseworker");
    const worker = w.account("Caseworker");
    const number = caseNumberIn((await w.os(oper, "DELETE Caseworker leaving the team"))[0] ?? "");
    await w.advance(15 * DAY);
    let shown = (await w.os(oper, `CASE SHOW ${number}`)).join("\n");
    expect(shown).toContain('class cases (by name "Caseworker": case, account:delete): needs the ruling revoke');
    expect((await w.os(oper, `CASE RULE ${number} staff keep`))[0]).toBe("For staff, rule one of: revoke.");
    await w.os(oper, `CASE RULE ${number} staff revoke`);
    await w.runLoops();
    shown = (await w.os(oper, `CASE SHOW ${number}`)).join("\n");
    expect(shown).toContain('the [opers] entry "Caseworker" to be removed');
    // The admin removes the name key (REHASH or a restart): nothing is left to inherit.
    delete (w.config.opers as Record<string, string>).Caseworker;
    await w.runLoops();
    expect(w.domain.accounts.byId(worker.id)).toBeUndefined();
    // Once the last mail has left, the directory's binding of the name, like everything else, refers to the entity ID.
    w.deliverMail();
    await w.runLoops();
    expect(w.domain.staff.bindings().map((b) => b.accountId)).toContain(worker.id);
    expect(textsContaining(w.db, ["Caseworker"])).toEqual([]);
  });

  it("revokes an entity-ID staff entry at execution and tells the opers to remove it", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    await w.member("Keyed");
    const keyed = w.account("Keyed");
    (w.config.opers as Record<string, string>)[`?${keyed.id}`] = "cases";
    const number = caseNumberIn((await w.os(oper, "DELETE Keyed leaving"))[0] ?? "");
    await w.os(oper, `CASE RULE ${number} staff revoke`);
    await w.advance(14 * DAY);
    expect(w.domain.accounts.byId(keyed.id)).toBeUndefined();
    expect(w.actions.operNotices).toContain(
      `The staff privileges (class cases) of ?${keyed.id} ended with its deletion (case ${number}); remove its [opers] entry "?${keyed.id}" from services.conf, then REHASH.`,
    );
  });

  it("follows CASE RULE: a ruled successor, a drop, and back to the rule", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    const founder = await w.founder("Rula", "#ruled");
    await w.founder("Dana", "#other");
    for (const nick of ["Coco", "Pete"]) await w.member(nick);
    await w.x2(founder, "ADDUSER #ruled Coco coowner");
    const number = caseNumberIn((await w.os(oper, "DELETE Rula asked"))[0] ?? "");
    expect((await w.os(oper, `CASE RULE ${number} channel:#RULED successor Pete`))[0]).toBe(`Case ${number}: channel:#ruled ruled successor Pete (?${w.account("Pete").id}).`);
    expect((await w.os(oper, `CASE RULE ${number} channel:#ruled successor Rula`))[0]).toBe("Rula is deleted by this case; choose another successor.");
    expect((await w.os(oper, `CASE RULE ${number} channel:#nope drop`))[0]).toBe(`Case ${number} has no item channel:#nope; its items: channel:#ruled, granted.`);
    expect((await w.os(oper, `CASE RULE ${number} granted drop`))[0]).toBe("granted needs no ruling: it is carried out as listed.");
    await w.os(oper, `CASE RULE ${number} channel:#ruled drop`);
    expect((await w.os(oper, `CASE SHOW ${number}`)).join("\n")).toContain("channel:#ruled       dropped (by ruling)");
    await w.os(oper, `CASE RULE ${number} channel:#ruled successor Pete`);
    await w.advance(14 * DAY);
    expect(w.domain.channels.live("#ruled")?.ownerId).toBe(w.account("Pete").id);
    expect(w.actions.messages).toContainEqual(expect.objectContaining({ message: { kind: "channel-inherited", channel: "#ruled" } }));
  });

  it("cancels by CASE CANCEL; a closed case refuses further changes", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    await w.member("Cleo");
    const number = caseNumberIn((await w.os(oper, "DELETE Cleo asked"))[0] ?? "");
    expect(await w.os(oper, `CASE CANCEL ${number}`)).toEqual([`Case ${number} is cancelled; its accounts stay as they are.`]);
    expect(await w.os(oper, `CASE HOLD ${number} why`)).toEqual([`Case ${number} is cancelled already.`]);
    expect(await w.os(oper, "CASE SHOW a2026")).toEqual(['a2026 is not a case number (they look like a20260131.1); /msg OperServ CASE LIST shows them.']);
    expect(w.lastMail("account_deletion_cancelled").data).toMatchObject({ caseNumber: number, by: "staff" });
  });

  it("keeps the tombstone until the latest retention rule, then purges it; the entity ID stays retired", async () => {
    w = makeDeletionWorld({ config: deletionConfig('retention = "1y"\nretain_after_grant = "2y"') });
    const oper = await w.member("StaffOne");
    const founder = await w.founder("Tomb", "#stones");
    await w.member("Gus");
    await w.x2(founder, "ADDUSER #stones Gus coowner");
    const grantedAt = w.clock.now();
    const tomb = w.account("Tomb");
    await w.os(oper, "DELETE Tomb asked");
    await w.advance(14 * DAY);
    const tombstone = w.domain.deletion.tombstone(tomb.id);
    expect(tombstone?.retainUntil).toBe(grantedAt + 2 * YEAR);
    expect(tombstone!.retainUntil).toBeGreaterThan(tombstone!.deletedAt + YEAR);
    w.clock.set(tombstone!.retainUntil - 1000);
    expect((await w.runLoops())["tombstone-purge"]?.changed).toBe(0);
    expect(w.domain.deletion.tombstone(tomb.id)).toBeDefined();
    await w.advance(1000);
    expect(w.domain.deletion.tombstone(tomb.id)).toBeUndefined();
    expect(w.domain.deletion.isRetired(tomb.id)).toBe(true);
    expect(auditActions(tomb.id)).toContain("deletion.tombstone_purged");
  });

  it("refuses a second member request while a case is open, and wrong passwords and codes", async () => {
    w = makeDeletionWorld();
    const founder = await w.founder("Vera", "#twice");
    expect(await w.ns(founder, "DROP Vera wrong-password")).toEqual(["Invalid password for Vera."]);
    await w.ns(founder, `DROP Vera ${PASSWORD}`);
    expect(await w.ns(founder, `DROP Vera ${PASSWORD} WRONGWRONGWRONGWRONG`)).toEqual(["That is not the right code for Vera. Copy the code from the latest mail exactly."]);
    const code = String(w.lastMail("account_deletion_confirm").data.code);
    const number = caseNumberIn((await w.ns(founder, `DROP Vera ${PASSWORD} ${code}`))[0] ?? "");
    expect((await w.ns(founder, `DROP Vera ${PASSWORD}`))[0]).toBe(`Vera is already in deletion case ${number}. To cancel it, type the cancel code from its mail: /msg NickServ DROP CANCEL <code>.`);
  });
});
