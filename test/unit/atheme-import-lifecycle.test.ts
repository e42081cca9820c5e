/**
 * The Atheme import where it meets the account lifecycle, over the real domain and a real SQLite
 * file: an account Atheme had frozen ends in the state FREEZE leaves (and UNFREEZE restores it),
 * and a re-import with --merge does not bring back an account deleted here through a case.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { importAtheme, type ImportReport } from "../../src/services/import/atheme/index.js";
import { DAY } from "../support.js";
import { makeDeletionWorld, type DeletionWorld } from "./deletion-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "atheme-lifecycle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const worlds: DeletionWorld[] = [];
afterEach(() => {
  for (const w of worlds.splice(0)) w.close();
});

const HASH = "$z$26$10000$AblCK0WzIN+phCuAjw4mID7rBKyaO7hFMBqfJ6ggBsA=$GqJSxh9AKJ74+2yS0rrcNAjIsYsYww+my+JXQMf71axfjNy3cHgJOdNHQwdFJrtZHYTFBPPBLLzoKvN9ibOZ7Q==";
const mu = (uid: string, name: string): string =>
  `MU ${uid} ${name} ${HASH} ${name.toLowerCase()}@example.org 1700000000 1700000100 +sC default \nMN ${name} ${name} 1700000000 1700000100 \n`;
const frozen = (name: string): string =>
  `MDU ${name} private:freeze:freezer StaffOne\nMDU ${name} private:freeze:reason Chargeback\nMDU ${name} private:freeze:timestamp 1700000200\n`;
const mc = (channel: string, access: Array<[string, string]>): string =>
  `MC ${channel} 1700000000 1700000500 +h 0 0 0  \n${access.map(([who, flags]) => `CA ${channel} ${who} ${flags} 1700000000 ${who} \n`).join("")}`;

/**
 * Fay founded #fay alone, is coowner of Ann's #shared and op in Ann's #ann; Gus founded #pair
 * with Fay as his coowner (a second frozen account: the channel ends with no one to manage it).
 */
function athemeFile(fayFrozen: boolean): string {
  const path = join(dir, `services-${fayFrozen ? "frozen" : "plain"}-${Math.random().toString(36).slice(2)}.db`);
  writeFileSync(
    path,
    "DBV 12 \n" +
      mu("AAAAAAAAA", "Ann") +
      mu("AAAAAAAAB", "Fay") +
      (fayFrozen ? frozen("Fay") : "") +
      mu("AAAAAAAAC", "Gus") +
      (fayFrozen ? frozen("Gus") : "") +
      mc("#fay", [["Fay", "+AFORfs"]]) +
      mc("#ann", [["Ann", "+AFORfs"], ["Fay", "+o"]]) +
      mc("#shared", [["Ann", "+AFORfs"], ["Fay", "+Rfs"]]) +
      mc("#pair", [["Gus", "+AFORfs"], ["Fay", "+Rfs"]]),
  );
  return path;
}

function world(): DeletionWorld {
  const w = makeDeletionWorld({ file: true });
  worlds.push(w);
  return w;
}

const runImport = (w: DeletionWorld, file: string, merge = false): Promise<ImportReport> =>
  importAtheme({ db: w.db, config: w.config, clock: w.clock, file, dryRun: false, merge });

/** Access, suspensions and freeze records by names (entity IDs differ between databases). */
function state(db: Database): { access: string[]; suspended: string[]; saved: string[]; frozen: string[] } {
  const rows = <T>(sql: string): T[] => db.prepare<[], T>(sql).all();
  return {
    access: rows<{ r: string }>(
      "SELECT c.name || ' ' || a.name || ' ' || ca.level || ' ' || ca.added_by || ' ' || ca.added_at AS r FROM channel_access ca JOIN channels c ON c.id = ca.channel_id JOIN accounts a ON a.id = ca.account_id ORDER BY r",
    ).map((x) => x.r),
    suspended: rows<{ r: string }>(
      "SELECT f.account_name || ' ' || fc.channel_name AS r FROM account_freeze_channels fc JOIN account_freezes f ON f.id = fc.freeze_id WHERE f.lifted_at IS NULL AND fc.resumed_at IS NULL ORDER BY r",
    ).map((x) => x.r),
    saved: rows<{ r: string }>(
      "SELECT f.account_name || ' ' || fa.channel_name || ' ' || fa.level || ' ' || fa.added_by || ' ' || fa.added_at AS r FROM account_freeze_access fa JOIN account_freezes f ON f.id = fa.freeze_id WHERE f.lifted_at IS NULL ORDER BY r",
    ).map((x) => x.r),
    frozen: rows<{ name: string }>("SELECT name FROM accounts WHERE frozen = 1 ORDER BY name").map((x) => x.name),
  };
}

describe("an account Atheme had frozen", () => {
  it("is imported in the state FREEZE leaves, and UNFREEZE restores it", async () => {
    // The reference: the same database imported unfrozen, then Fay and Gus frozen by FREEZE.
    const reference = world();
    expect((await runImport(reference, athemeFile(false))).fatal).toBeNull();
    const before = state(reference.db);
    for (const name of ["Fay", "Gus"]) {
      const frozenNow = reference.domain.freeze.freeze({ reference: name, reason: "Chargeback", durationMs: null, by: { id: "import:atheme", name: "StaffOne" } });
      expect(frozenNow.ok).toBe(true);
    }
    const byFreeze = state(reference.db);
    expect(byFreeze.suspended).toEqual(["Fay #fay", "Gus #pair"]);
    expect(byFreeze.access.some((r) => r.includes(" Fay "))).toBe(false);

    const w = world();
    const report = await runImport(w, athemeFile(true));
    expect(report.fatal).toBeNull();
    expect(state(w.db)).toEqual(byFreeze);
    // X2 stays out of the suspended channels when the services start.
    expect(w.domain.channels.joinable().map((c) => c.name).sort()).toEqual(["#ann", "#shared"]);
    expect(w.domain.freeze.show("Fay")).toMatchObject({ ok: true, value: { record: { reason: "Chargeback", frozenByName: "StaffOne" } } });

    for (const name of ["Gus", "Fay"]) {
      const lifted = w.domain.freeze.unfreeze({ reference: name, by: { id: "1STAFF001", name: "StaffOne" } });
      expect(lifted.ok).toBe(true);
    }
    expect(state(w.db)).toEqual(before);
    expect(w.domain.channels.joinable().map((c) => c.name).sort()).toEqual(["#ann", "#fay", "#pair", "#shared"]);
  });
});

describe("re-importing with --merge after a deletion", () => {
  it("does not bring back an account deleted here through a case, and says why", async () => {
    const w = world();
    const file = join(dir, "services-deleted.db");
    writeFileSync(file, `DBV 12 \n${mu("AAAAAAAAA", "Ann")}${mu("AAAAAAAAB", "Fay")}`);
    expect((await runImport(w, file)).counts.accounts.imported).toBe(2);
    const fay = w.account("Fay");
    const oper = await w.member("StaffOne");
    const opened = (await w.os(oper, "DELETE Fay asked by mail")).join(" ");
    const number = /a\d{8}\.\d+/.exec(opened)?.[0];
    await w.advance(15 * DAY);
    expect(w.domain.deletion.get(number ?? "")?.state).toBe("executed");
    expect(w.domain.accounts.byId(fay.id)).toBeUndefined();

    const again = await runImport(w, file, true);
    expect(again.fatal).toBeNull();
    expect(again.counts.accounts).toEqual({ found: 2, imported: 0, skipped: 2 });
    expect(again.lines().join("\n")).toContain(`line 4: account Fay: its Atheme entity ID AAAAAAAAB belonged to an account deleted here (?${fay.id}, case ${number}): skipped.`);
    expect(w.domain.accounts.resolve("Fay")).toBeUndefined();
    expect(w.domain.accounts.resolve("?AAAAAAAAB")).toBeUndefined();

    // Once the tombstone is purged, the retired entity ID still remembers the Atheme ID.
    await w.advance(10 * 365 * DAY);
    expect(w.domain.deletion.tombstone(fay.id)).toBeUndefined();
    const later = await runImport(w, file, true);
    expect(later.lines().join("\n")).toContain(`line 4: account Fay: its Atheme entity ID AAAAAAAAB belonged to an account deleted here (?${fay.id}): skipped.`);
    expect(w.domain.accounts.resolve("Fay")).toBeUndefined();
  });

  it("does not bring back an account dropped here by expiry either", async () => {
    const w = world();
    const file = join(dir, "services-expired.db");
    writeFileSync(file, `DBV 12 \n${mu("AAAAAAAAA", "Ann")}${mu("AAAAAAAAB", "Fay")}`);
    expect((await runImport(w, file)).counts.accounts.imported).toBe(2);
    const fay = w.account("Fay");
    expect(w.domain.accounts.drop(fay.id, "expired", "services")).toBe(true);

    const again = await runImport(w, file, true);
    expect(again.counts.accounts).toEqual({ found: 2, imported: 0, skipped: 2 });
    expect(again.lines().join("\n")).toContain(`line 4: account Fay: its Atheme entity ID AAAAAAAAB belonged to an account deleted here (?${fay.id}): skipped.`);
    expect(w.domain.accounts.resolve("?AAAAAAAAB")).toBeUndefined();
  });
});
