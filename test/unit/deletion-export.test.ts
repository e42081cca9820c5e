/**
 * Exports (issue 18): the export of an account covers every table that references accounts(id),
 * enumerated from the schema itself (a table added later cannot be forgotten), never holds a
 * secret, and a member's own export names nobody else.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { EXPORT_ROW_LIMIT } from "../../src/services/lifecycle/deletion/export.js";
import { DAY, HOUR } from "../support.js";
import { makeDeletionWorld, type DeletionWorld } from "./deletion-fixture.js";

let w: DeletionWorld;
afterEach(() => w?.close());

/** Every `table.column` the schema declares as a foreign key to accounts(id), read with PRAGMA foreign_key_list over sqlite_master. */
function foreignKeysToAccounts(db: Database): string[] {
  const refs: string[] = [];
  for (const { name } of db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()) {
    for (const fk of db.pragma(`foreign_key_list("${name}")`) as Array<{ table: string; from: string }>) {
      if (fk.table === "accounts") refs.push(`${name}.${fk.from}`);
    }
  }
  return refs.sort();
}

type Json = Record<string, any>;

/** A member with nicks, a certificate, a mark, a channel and access elsewhere, logged in. */
async function richMember(): Promise<void> {
  const oper = await w.member("StaffOne");
  const founder = await w.founder("Expo", "#expo");
  const host = await w.founder("Hoster", "#hosted");
  await w.x2(host, "ADDUSER #hosted Expo op");
  const expo = w.account("Expo");
  w.net.rename(founder.uid, "ExpoTwo");
  w.domain.accounts.group(expo.id, "ExpoTwo", expo.id);
  w.domain.certfps.add(expo.id, "cd".repeat(32), expo.id);
  w.domain.accounts.addMark(expo.id, { id: w.account("StaffOne").id, name: "StaffOne" }, "helpful in #help");
  void oper;
}

describe("account exports", () => {
  it("has a list for every table with a foreign key to accounts, including a table added later", async () => {
    w = makeDeletionWorld();
    await richMember();
    w.db.exec("CREATE TABLE future_things (id INTEGER PRIMARY KEY, owner TEXT REFERENCES accounts (id) ON DELETE CASCADE, note TEXT)");
    const expo = w.account("Expo");
    w.db.prepare("INSERT INTO future_things (owner, note) VALUES (?, 'a later feature')").run(expo.id);
    const oper = w.net.user("StaffOne")!;
    const number = /a\d{8}\.\d+/.exec((await w.os(oper, "DELETE Expo asked"))[0] ?? "")?.[0];
    expect((await w.os(oper, `CASE EXPORT ${number}`))[0]).toMatch(new RegExp(`^The record of case ${number} \\(\\d+ kB of JSON\\) is mailed to your address at example\\.com\\.$`));
    const mail = w.lastMail("account_export");
    expect(mail.recipient).toBe(w.account("StaffOne").email);
    const record = JSON.parse(String(mail.data.json)) as Json;
    const exported = record.accounts[0].export as Json;

    const declared = foreignKeysToAccounts(w.db);
    expect(declared).toContain("future_things.owner");
    expect(declared).toContain("deletion_case_accounts.account_id");
    for (const ref of declared) expect(Object.keys(exported.references)).toContain(ref);
    expect(exported.references["future_things.owner"]).toEqual([{ id: 1, owner: expo.id, note: "a later feature" }]);
    expect(exported.references["account_nicks.account_id"].map((n: Json) => n.nick).sort()).toEqual(["Expo", "ExpoTwo"]);
    expect(exported.references["channel_access.account_id"]).toHaveLength(2);
    expect(exported.references["account_marks.account_id"][0]).toMatchObject({ text: "helpful in #help", oper: "StaffOne" });
    // Referring columns without a foreign key are found by name: the channel it registered.
    expect(exported.references["channels.owner_id"].map((c: Json) => c.name)).toEqual(["#expo"]);
    expect(exported.account).toMatchObject({ id: expo.id, name: "Expo", email: expo.email });
    expect(exported.audit.about.length).toBeGreaterThan(0);
    expect(exported.mail.map((m: Json) => m.template)).toContain("account_verify");
    // Never a secret, even hashed.
    expect(mail.data.json).not.toMatch(/password_hash|code_hash|scrypt\$/);
    expect(record.case.number).toBe(number);
  });

  it("mails a member their own export once a day, without other people's names or secrets", async () => {
    w = makeDeletionWorld();
    await richMember();
    const expo = w.account("Expo");
    const user = w.net.user("ExpoTwo")!;
    const replies = await w.ns(user, "EXPORT");
    expect(replies[0]).toMatch(/^The data of Expo \(\d+ kB of JSON\) is mailed to the account's address at example\.com\.$/);
    const mail = w.lastMail("account_export");
    expect(mail.recipient).toBe(expo.email);
    const doc = JSON.parse(String(mail.data.json)) as Json;
    expect(doc.audience).toBe("member");
    expect(doc.references["account_marks.account_id"][0]).toEqual(expect.not.objectContaining({ oper: expect.anything() }));
    expect(doc.references["channel_access.account_id"][0]).toEqual(expect.not.objectContaining({ added_by: expect.anything() }));
    expect(new Set(doc.audit.about.map((e: Json) => e.actor))).toEqual(new Set(["you", "someone else"]));
    expect(doc.audit.by).toBeUndefined();
    expect(String(mail.data.json)).not.toContain("StaffOne");
    expect(String(mail.data.json)).not.toContain("Hoster");
    expect(String(mail.data.json)).not.toMatch(/_hash|scrypt\$/);

    w.clock.advance(23 * HOUR);
    expect((await w.ns(user, "EXPORT"))[0]).toBe("You can ask for an export once every 1d; try again in 1h.");
    w.clock.advance(HOUR);
    expect((await w.ns(user, "EXPORT"))[0]).toMatch(/is mailed/);
    expect(await w.ns(w.user("Stranger"), "EXPORT")).toEqual(["You must be logged in to use EXPORT: /msg NickServ IDENTIFY <account> <password>"]);
  });

  it("cuts long lists at EXPORT_ROW_LIMIT rows, newest kept, and says how many were left out", async () => {
    w = makeDeletionWorld();
    const user = await w.member("Busy");
    const busy = w.account("Busy");
    const insert = w.db.prepare("INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, 'account.set.expmail', ?, '{}')");
    w.db.transaction(() => {
      for (let i = 0; i < EXPORT_ROW_LIMIT + 250; i++) insert.run(w.clock.now() + i, busy.id, busy.id);
    })();
    await w.ns(user, "EXPORT");
    const doc = JSON.parse(String(w.lastMail("account_export").data.json)) as Json;
    expect(doc.audit.about).toHaveLength(EXPORT_ROW_LIMIT);
    expect(doc.truncated["audit.about"]).toBeGreaterThanOrEqual(250);
    expect(Buffer.byteLength(String(w.lastMail("account_export").data.json))).toBeLessThan(400_000);
  });

  it("exports only the case record and the tombstone once the case is carried out", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    await w.member("Gone");
    const gone = w.account("Gone");
    const number = /a\d{8}\.\d+/.exec((await w.os(oper, "DELETE Gone asked"))[0] ?? "")?.[0] as string;
    await w.advance(14 * DAY);
    await w.os(oper, `CASE EXPORT ${number}`);
    const record = JSON.parse(String(w.lastMail("account_export").data.json)) as Json;
    expect(record.accounts).toEqual([
      expect.objectContaining({ k: 1, entityId: gone.id, export: null, tombstone: expect.objectContaining({ email: `${number}.1@deleted.invalid` }) }),
    ]);
    expect(JSON.stringify(record)).not.toContain("Gone");
  });
});
