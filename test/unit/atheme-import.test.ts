import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { LegacyIds } from "../../src/services/accounts/legacy-ids.js";
import { verifyPassword } from "../../src/services/accounts/password.js";
import { AccountStore } from "../../src/services/accounts/store.js";
import { ChannelStore } from "../../src/services/channels/store.js";
import { FreezeStore } from "../../src/services/lifecycle/freeze/store.js";
import { importAtheme, type ImportReport } from "../../src/services/import/atheme/index.js";
import { levelForFlags } from "../../src/services/import/atheme/mapping.js";
import { ManualClock } from "../../src/util/clock.js";
import { memoryDb, testConfig } from "../support.js";

const FIXTURE = new URL("../fixtures/atheme/mixed.db", import.meta.url).pathname;
const config = testConfig("[security]\nscrypt_n = 1024\n");
const dir = mkdtempSync(join(tmpdir(), "atheme-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let db: Database;
let clock: ManualClock;
beforeEach(() => {
  db = memoryDb();
  clock = new ManualClock(Date.UTC(2027, 0, 1));
});

let files = 0;
/** Writes an Atheme database file: DBV 12 unless the text starts with its own header. */
function athemeFile(body: string | Buffer, header = "DBV 12 \n"): string {
  const path = join(dir, `services-${++files}.db`);
  writeFileSync(path, Buffer.isBuffer(body) ? Buffer.concat([Buffer.from(header), body]) : header + body);
  return path;
}

const run = (file: string, options: { dryRun?: boolean; merge?: boolean; maxLineBytes?: number } = {}): Promise<ImportReport> =>
  importAtheme({ db, config, clock, file, dryRun: options.dryRun ?? false, merge: options.merge ?? false, ...(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {}) });

const count = (table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const text = (report: ImportReport): string => report.lines().join("\n");
const HASH = "$z$26$10000$AblCK0WzIN+phCuAjw4mID7rBKyaO7hFMBqfJ6ggBsA=$GqJSxh9AKJ74+2yS0rrcNAjIsYsYww+my+JXQMf71axfjNy3cHgJOdNHQwdFJrtZHYTFBPPBLLzoKvN9ibOZ7Q==";
const mu = (uid: string, name: string, extra = "+sC", pass = HASH, email = `${name.toLowerCase()}@example.org`): string =>
  `MU ${uid} ${name} ${pass} ${email} 1700000000 1700000100 ${extra} default \nMN ${name} ${name} 1700000000 1700000100 \n`;

describe("importing the database the real Atheme wrote", () => {
  it("imports accounts, nicks, the channel with mapped levels, marks, fingerprints and BADMAIL", async () => {
    const report = await run(FIXTURE);
    expect(report.fatal).toBeNull();
    expect(report.counts.accounts).toEqual({ found: 10, imported: 10, skipped: 0 });
    expect(report.counts.nicks).toEqual({ found: 11, imported: 11, skipped: 0 });
    expect(report.counts.access).toEqual({ found: 5, imported: 3, skipped: 2 });
    expect(report.counts.badmail).toEqual({ found: 2, imported: 2, skipped: 0 });
    expect(text(report)).toContain("line 104: Held in #room (+A): these flags fit no access level: skipped.");
    expect(text(report)).toContain("line 105: *!*@bad.example in #room (+b): a hostmask entry");

    const accounts = new AccountStore(db);
    const legacy = new LegacyIds(db);
    const alice = accounts.byName("Alice");
    expect(alice).toMatchObject({ status: "active", hideEmail: true, email: "alice@example.org", createdAt: 1796520734000, lastMask: "Alice!alice@127.0.0.1" });
    expect(alice?.id).toMatch(/^[1-9][A-Z0-9]{8}$/);
    expect(alice?.passwordHash.startsWith("$z$26$")).toBe(true);
    expect(accounts.nicksOf(alice?.id ?? "").map((n) => n.nick)).toEqual(["Alice", "AliceAway"]);
    expect(legacy.accountOf("AAAAAAAAB")).toBe(alice?.id);
    expect(legacy.of(alice?.id ?? "")).toMatchObject({ legacyId: "AAAAAAAAB", source: "atheme" });

    const bob = accounts.byName("Bob");
    expect(bob?.hideEmail).toBe(false);
    expect(db.prepare("SELECT fingerprint FROM account_certfps WHERE account_id = ?").pluck().all(bob?.id)).toEqual(["ab".repeat(32)]);
    expect(db.prepare("SELECT oper, text FROM account_marks WHERE account_id = ?").all(bob?.id)).toEqual([{ oper: "StaffOne", text: "Known to staff" }]);
    expect(accounts.byName("Frozen")?.frozen).toBe(true);
    expect(db.prepare("SELECT text FROM account_marks WHERE account_id = ?").pluck().get(accounts.byName("Frozen")?.id)).toBe("Frozen in Atheme: Chargeback");
    // The freeze record carries Atheme's reason and freezer: the owner is told that reason.
    expect(new FreezeStore(db).activeFor(accounts.byName("Frozen")!.id)).toMatchObject({ reason: "Chargeback", frozenByName: "StaffOne", frozenBy: "import:atheme" });
    expect(accounts.byName("Held")?.noexpire).toBe(true);

    const channels = new ChannelStore(db);
    const room = channels.live("#room");
    expect(room).toMatchObject({ state: "active", ownerId: alice?.id, email: "alice@example.org", ts: 1796520735 });
    expect(room?.establishedAt).not.toBeNull();
    expect(channels.accessList(room?.id ?? 0).map((e) => [e.accountName, e.level])).toEqual([
      ["Alice", 500],
      ["StaffOne", 400],
      ["Bob", 200],
    ]);
    expect(db.prepare("SELECT mask, reason, setter, created_at FROM email_blacklist ORDER BY id").all()).toEqual([
      { mask: "*@spam.example", reason: "Known spam source", setter: "StaffOne", created_at: 1796520737000 },
      { mask: "spammer@example.com", reason: "Throwaway", setter: "StaffOne", created_at: 1796520737000 },
    ]);
    const audit = db.prepare("SELECT details FROM audit_log WHERE action = 'import.atheme'").pluck().get() as string;
    expect(JSON.parse(audit).report).toEqual(report.lines());
    expect(count("audit_log WHERE action = 'account.import'")).toBe(10);
    const frozenImport = db.prepare("SELECT details FROM audit_log WHERE action = 'account.import' AND target = ?").pluck().get(accounts.byName("Frozen")?.id) as string;
    expect(JSON.parse(frozenImport).frozen).toEqual({ by: "StaffOne", reason: "Chargeback" });
  });

  it("changes nothing in a dry run and prints the same report as the real run", async () => {
    const dry = await run(FIXTURE, { dryRun: true });
    expect(count("accounts") + count("channels") + count("email_blacklist") + count("audit_log")).toBe(0);
    const real = await run(FIXTURE);
    expect(dry.lines().slice(1)).toEqual(real.lines().slice(1));
    expect(dry.lines()[0]).toContain("Dry run");
  });

  it("refuses a database that holds accounts unless merging, then skips every clash", async () => {
    await run(FIXTURE);
    const before = count("accounts");
    const again = await run(FIXTURE);
    expect(again.fatal).toContain("--merge");
    const merged = await run(FIXTURE, { merge: true });
    expect(merged.fatal).toBeNull();
    expect(merged.counts.accounts).toEqual({ found: 10, imported: 0, skipped: 10 });
    expect(text(merged)).toContain("line 52: account Alice: its Atheme entity ID AAAAAAAAB was imported before (account Alice): skipped.");
    expect(text(merged)).toContain("channel #room: its founder Alice was not imported");
    expect(text(merged)).toContain("BADMAIL *@spam.example: already on the email blacklist: skipped.");
    expect(count("accounts")).toBe(before);
  });

  it("merges new accounts next to existing ones and skips a name that is taken", async () => {
    await run(athemeFile(mu("AAAAAAAAB", "Tom")));
    const report = await run(athemeFile(mu("AAAAAAAAX", "Tom") + mu("AAAAAAAAY", "Ann")), { merge: true });
    expect(report.counts.accounts).toEqual({ found: 2, imported: 1, skipped: 1 });
    expect(text(report)).toMatch(/line 2: account Tom: the name is taken by the account Tom \([1-9][A-Z0-9]{8}\): skipped\./);
    expect(new AccountStore(db).byName("Ann")).toBeDefined();
  });
});

describe("hostile or broken database files", () => {
  it("refuses a file cut short in the middle of a row and writes nothing", async () => {
    const report = await run(athemeFile(`${mu("AAAAAAAAB", "Tom")}MU AAAAAAAAC Ann $z$26$1000`));
    expect(report.fatal).toContain("ends in the middle of line 4");
    expect(count("accounts")).toBe(0);
  });

  it("refuses an empty file and a file that is not an Atheme database", async () => {
    expect((await run(athemeFile("", ""))).fatal).toBe("the file is empty.");
    expect((await run(athemeFile("hello world\n", ""))).fatal).toContain("line 1: a hello row before any DBV row");
    expect((await run(athemeFile("MU x\n", "DBV 5 \n"))).fatal).toContain("DBV 5 is older");
    expect(count("accounts")).toBe(0);
  });

  it("skips rows that are not UTF-8 or are oversize, naming their lines, and imports the rest", async () => {
    const bad = Buffer.concat([Buffer.from("MU AAAAAAAAC J"), Buffer.from([0xff, 0xfe]), Buffer.from(`rg ${HASH} j@example.org 1 2 +C default \n`)]);
    const big = `MDU Tom private:note ${"x".repeat(2000)}\n`;
    const file = athemeFile(Buffer.concat([Buffer.from(mu("AAAAAAAAB", "Tom")), bad, Buffer.from(big)]));
    const report = await run(file, { maxLineBytes: 1024 });
    expect(report.counts.accounts).toEqual({ found: 2, imported: 1, skipped: 1 });
    expect(text(report)).toContain("line 4: MU row that is not valid UTF-8: skipped.");
    expect(text(report)).toMatch(/line 5: MDU row of 20\d\d bytes \(longer than 1024\): skipped\./);
  });

  it("reports invalid names, duplicates, unknown rows, bad times and unknown hash formats", async () => {
    const body = [
      mu("AAAAAAAAB", "Tom"),
      mu("AAAAAAAAC", "tom"), // the same name under rfc1459 folding
      mu("AAAAAAAAD", "9lives"), // not a nick
      mu("AAAAAAAAE", "Ann", "+sC", "$2y$10$abcdefghijklmnopqrstuu"),
      "MU AAAAAAAAF Bad x bad@example.org yesterday 0 +C default \n",
      "MN Ann Tom 1700000000 1700000000 \n", // Tom's nick already
      "MN Nobody Ghost 1700000000 1700000000 \n",
      "ZZ something new\n",
      "BE nodomain 1700000000 oper reason\n",
      "CA #nowhere Tom +o 1700000000 Tom \n",
      `MU AAAAAAAAG Local ${HASH} local@localhost 1700000000 1700000100 +sC default \n`,
      "MCFP Local zz:not:hex \n",
    ].join("");
    const report = await run(athemeFile(body));
    const t = text(report);
    expect(t).toContain("line 4: account tom: a second account of that name (the first is on line 2): skipped.");
    expect(t).toContain("line 6: account 9lives: not a valid account name here");
    expect(t).toContain("line 8: account Ann: its password is a $2y$ hash (a format Custodian does not check); the owner can log in after RESETPASS.");
    expect(t).toContain("line 10: MU row whose registration time is not a time (yesterday): skipped.");
    expect(t).toContain("line 11: nick Tom of Ann is also registered to Tom: skipped.");
    expect(t).toContain("line 12: nick Ghost of the unknown account Nobody: skipped.");
    expect(t).toContain("line 13: unknown row type ZZ: ignored.");
    expect(t).toContain("line 14: BADMAIL nodomain: not an email mask (it needs an @ or a dot): skipped.");
    expect(t).toContain("line 15: access entry for the unknown channel #nowhere: skipped.");
    expect(t).toContain("line 16: account Local: the email local@localhost is not valid here (not-full-domain); kept as it is, the owner should SET EMAIL.");
    expect(t).toContain("line 17: account Local: its certificate fingerprint is not hexadecimal: skipped.");
    expect(new AccountStore(db).byName("Ann")).toBeDefined();
    expect(new AccountStore(db).byName("Tom")).toBeDefined();
  });

  it("lists up front the imported accounts whose address Custodian does not accept (count and the first few)", async () => {
    const bad = ["tom@localhost", "ann@[192.0.2.1]", "bob.@example.org", "cy@example", "di@exa_mple.org", "ed@localhost", "flo@intranet"];
    const names = ["Tom", "Ann", "Bob", "Cy", "Di", "Ed", "Flo"];
    const body = [
      ...names.map((name, i) => mu(`AAAAAAAB${i}`, name, "+sC", HASH, bad[i])),
      mu("AAAAAAAAZ", "Good"),
      mu("AAAAAAAAY", "tom", "+sC", HASH, "again@localhost"), // skipped (the name is taken): not counted
    ].join("");
    const file = athemeFile(body);
    const dry = await run(file, { dryRun: true });
    const report = await run(file);
    expect(report.counts.accounts).toEqual({ found: 9, imported: 8, skipped: 1 });
    const summary = report.lines().filter((l) => l.includes("address Custodian does not accept"));
    expect(summary).toEqual([
      "7 imported account(s) have an address Custodian does not accept; no mail reaches them (it is recorded as undeliverable) until the owner sets another with SET EMAIL: " +
        "Tom <tom@localhost> (not-full-domain), Ann <ann@[192.0.2.1]> (ip-literal), Bob <bob.@example.org> (local-dot-edge), Cy <cy@example> (not-full-domain), " +
        "Di <di@exa_mple.org> (label-char), and 2 more (see the details).",
    ]);
    // Before the details, and the same in a dry run.
    expect(report.lines().indexOf(summary[0] ?? "")).toBeLessThan(report.lines().findIndex((l) => l.startsWith("Details")));
    expect(dry.lines().slice(1)).toEqual(report.lines().slice(1));
    expect(text(report)).toContain("account Flo: the email flo@intranet is not valid here (not-full-domain)");
  });

  it("hashes a password Atheme kept in plain text (no C flag) with scrypt", async () => {
    const report = await run(athemeFile(mu("AAAAAAAAB", "Tom", "+s", "plainsecret")));
    expect(report.notes.join(" ")).toContain("1 password(s) were stored in plain text");
    const hash = new AccountStore(db).byName("Tom")?.passwordHash ?? "";
    expect(hash.startsWith("scrypt$")).toBe(true);
    expect((await verifyPassword("plainsecret", hash, { N: 1024, r: 8, p: 1 })).valid).toBe(true);
  });

  it("keeps an unverified (W) account unverified, its window counted from the import", async () => {
    await run(athemeFile(mu("AAAAAAAAB", "Tom", "+WC")));
    expect(new AccountStore(db).byName("Tom")).toMatchObject({ status: "unverified", verifiedAt: null, createdAt: clock.now() });
  });

  it("skips channels without an imported founder, and hostmask and group entries", async () => {
    const body = [
      mu("AAAAAAAAB", "Tom"),
      "MC #orphan 1700000000 1700000000 + 0 0 0  \n",
      "CA #orphan Nobody +F 1700000000 * \n",
      "MC #ok 1700000000 1700000500 +h 0 0 0  \n",
      "CA #ok Tom +AFORfs 1700000000 Tom \n",
      "CA #ok !group +v 1700000000 Tom \n",
      "MC bad,name 1700000000 1700000000 + 0 0 0  \n",
    ].join("");
    const report = await run(athemeFile(body));
    const t = text(report);
    expect(t).toContain("line 4: channel #orphan: no founder among the imported accounts: skipped.");
    expect(t).toContain("line 8: !group in #ok (+v): a GroupServ group");
    expect(t).toContain("line 9: channel bad,name: not a channel name X2 registers");
    expect(t).toContain("channel setting HOLD: 1");
    expect(report.counts.channels).toEqual({ found: 3, imported: 1, skipped: 2 });
  });
});

describe("Atheme's channel flags to Custodian's levels", () => {
  it("maps each flag to the nearest level and leaves the rest out", () => {
    expect(levelForFlags("AFORaefhioqrstv")).toBe(500);
    expect(levelForFlags("Rfs")).toBe(400);
    expect(levelForFlags("R")).toBe(400);
    expect(levelForFlags("fA")).toBe(300);
    expect(levelForFlags("a")).toBe(300);
    expect(levelForFlags("AOehiortv")).toBe(200);
    expect(levelForFlags("O")).toBe(200);
    expect(levelForFlags("V")).toBe(100);
    expect(levelForFlags("AV")).toBe(100);
    expect(levelForFlags("A")).toBeNull();
    expect(levelForFlags("b")).toBeNull();
    expect(levelForFlags("Hh")).toBeNull();
  });
});

describe("custodian import-atheme arguments", () => {
  it("explains its usage and refuses a missing file", async () => {
    const { runImportAtheme, IMPORT_USAGE } = await import("../../src/cli/import-atheme.js");
    const out: string[] = [];
    const err: string[] = [];
    expect(await runImportAtheme([], (l) => out.push(l), (l) => err.push(l))).toBe(2);
    expect(err.join("\n")).toContain(IMPORT_USAGE);
    expect(await runImportAtheme(["--config", "x.conf", join(dir, "missing.db")], (l) => out.push(l), (l) => err.push(l))).toBe(1);
    expect(err.at(-1)).toContain("missing.db: no such file");
    expect(await runImportAtheme(["--bogus"], (l) => out.push(l), (l) => err.push(l))).toBe(2);
  });
});
