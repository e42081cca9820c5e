import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { blacklistFailureText } from "../../src/commands/operserv/failures.js";
import { EmailBlacklist, maskProblem } from "../../src/services/abuse/email-blacklist.js";
import { FailedVerifications } from "../../src/services/abuse/failed-verifications.js";
import { AuditLog } from "../../src/services/audit.js";
import { ManualClock } from "../../src/util/clock.js";
import { DAY, HOUR, memoryDb } from "../support.js";

let db: Database;
let clock: ManualClock;
let audit: AuditLog;

/** An oper as the blacklist records them: entity ID for the audit log, account name as the setter. */
const oper = (name: string) => ({ id: `1${name.toUpperCase().padEnd(8, "0").slice(0, 8)}`, name });

const auditActions = () => (db.prepare("SELECT action, target FROM audit_log ORDER BY id").all() as { action: string; target: string }[]);

beforeEach(() => {
  db = memoryDb();
  clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
  audit = new AuditLog(db, clock);
});
afterEach(() => db.close());

describe("email blacklist", () => {
  it("matches an address as given and in canonical form", () => {
    const bl = new EmailBlacklist(db, clock, audit);
    expect(bl.add("spammer@gmail.com", null, "spam", oper("StaffOne"))).toEqual({ ok: true, value: { mask: "spammer@gmail.com", existed: false, expiresAt: null } });
    expect(bl.add("*@Mailinator.COM", null, "disposable", oper("StaffOne")).ok).toBe(true);
    expect(bl.match("spam.mer+x@googlemail.com")?.mask).toBe("spammer@gmail.com");
    expect(bl.match("anyone@mailinator.com")?.reason).toBe("disposable");
    expect(bl.match("anyone@MAILINATOR.com")?.setter).toBe("StaffOne");
    expect(bl.match("anyone@example.com")).toBeUndefined();
  });

  it("treats a mask without @ as a domain and writes @domain as *@domain", () => {
    const bl = new EmailBlacklist(db, clock, audit);
    bl.add("trash.example", null, "r", oper("S"));
    bl.add("@junk.example", null, "r", oper("S"));
    expect(bl.match("a@trash.example")).toBeDefined();
    expect(bl.match("a@junk.example")?.mask).toBe("*@junk.example");
    expect(bl.match("a@sub.trash.example")).toBeUndefined();
    expect(bl.list().map((e) => e.mask)).toEqual(["trash.example", "*@junk.example"]);
  });

  it("supports ? and * anywhere in the mask", () => {
    const bl = new EmailBlacklist(db, clock, audit);
    bl.add("bot??@*.example", null, "bots", oper("S"));
    expect(bl.match("bot42@mail.example")).toBeDefined();
    expect(bl.match("bot4@mail.example")).toBeUndefined();
  });

  it("stops matching, listing and keeping an entry once it expires", () => {
    const bl = new EmailBlacklist(db, clock, audit);
    bl.add("*@temp.example", 30 * DAY, "a month", oper("StaffOne"));
    bl.add("*@perm.example", null, "forever", oper("StaffOne"));
    const entry = bl.get("*@TEMP.example");
    expect(entry?.expiresAt).toBe(clock.now() + 30 * DAY);
    clock.advance(30 * DAY - 1);
    expect(bl.match("a@temp.example")).toBeDefined();
    clock.advance(1);
    expect(bl.match("a@temp.example")).toBeUndefined();
    expect(bl.get("*@temp.example")).toBeUndefined();
    expect(bl.list().map((e) => e.mask)).toEqual(["*@perm.example"]);
    expect(db.prepare("SELECT count(*) AS n FROM email_blacklist").get()).toEqual({ n: 1 });
    clock.advance(100 * 365 * DAY);
    expect(bl.match("a@perm.example")?.expiresAt).toBeNull();
  });

  it("replaces the reason and expiry when a listed mask is added again, and audits both", () => {
    const bl = new EmailBlacklist(db, clock, audit);
    bl.add("*@x.example", DAY, "first", oper("StaffOne"));
    clock.advance(HOUR);
    expect(bl.add("*@X.example", null, "second", oper("StaffTwo"))).toMatchObject({ ok: true, value: { existed: true } });
    expect(auditActions()).toEqual([
      { action: "blacklist.add", target: "*@x.example" },
      { action: "blacklist.update", target: "*@x.example" },
    ]);
    expect(bl.list()).toEqual([
      { id: expect.any(Number), mask: "*@x.example", reason: "second", setter: "StaffTwo", createdAt: clock.now(), expiresAt: null },
    ]);
  });

  it("removes masks case-insensitively, says whether there was one and audits the removal", () => {
    const bl = new EmailBlacklist(db, clock, audit);
    bl.add("*@x.example", null, "r", oper("S"));
    expect(bl.remove("*@X.EXAMPLE", oper("S"))).toMatchObject({ mask: "*@x.example", entry: { reason: "r" } });
    expect(bl.remove("*@x.example", oper("S"))).toBeUndefined();
    expect(bl.match("a@x.example")).toBeUndefined();
    expect(auditActions().map((r) => r.action)).toEqual(["blacklist.add", "blacklist.del"]);
  });

  it("adds nothing when its audit row cannot be written (one transaction)", () => {
    const bl = new EmailBlacklist(db, clock, audit);
    audit.record = () => {
      throw new Error("audit log unavailable");
    };
    expect(() => bl.add("*@x.example", null, "r", oper("S"))).toThrow("audit log unavailable");
    expect(bl.list()).toEqual([]);
  });

  it("refuses masks that are not email masks, with a specific reason", () => {
    const bl = new EmailBlacklist(db, clock, audit);
    const error = (mask: string, duration: number | null = null, reason = "r") => {
      const r = bl.add(mask, duration, reason, oper("S"));
      return r.ok ? null : blacklistFailureText(r.error);
    };
    expect(error("spammer")).toMatch(/needs an @ or a dot/);
    expect(error("a b@x.example")).toMatch(/spaces/);
    expect(error("a@b@x.example")).toMatch(/at most one @/);
    expect(error("*@*")).toMatch(/nearly every address/);
    expect(error("*.*")).toMatch(/nearly every address/);
    expect(error("<a>@x.example")).toMatch(/only the characters/);
    expect(error(`${"a".repeat(250)}@x.example`)).toMatch(/at most 254/);
    expect(error("")).toMatch(/Give a mask/);
    expect(error("*@x.example", 0)).toMatch(/duration must be positive/);
    expect(error("*@x.example", -5)).toMatch(/duration must be positive/);
    expect(error("*@x.example", null, "  ")).toMatch(/Give a reason/);
    expect(maskProblem("*@mailinator.com")).toBeNull();
    expect(bl.list()).toEqual([]);
  });

  it("keeps an entry naming a deleted account's address by its hash, matching, finding and replacing it as before", () => {
    const bl = new EmailBlacklist(db, clock, audit);
    bl.add("spammer@gmail.com", null, "spam", oper("StaffOne"));
    bl.add("*@gmail.com", DAY, "wide", oper("StaffOne"));
    expect(bl.hashAddresses(["Spam.Mer+x@googlemail.com", "other@example.org"])).toBe(1);
    const masks = bl.list().map((e) => e.mask);
    expect(masks).toEqual([expect.stringMatching(/^sha256:[0-9a-f]{64}$/), "*@gmail.com"]);
    // It refuses what the plain mask refused (the address as given or canonical), and nothing else.
    expect(bl.matching("spammer@gmail.com").map((e) => e.reason)).toEqual(["spam", "wide"]);
    expect(bl.match("s.p.a.m.m.e.r+y@googlemail.com")?.reason).toBe("spam");
    clock.advance(DAY);
    expect(bl.match("other@gmail.com")).toBeUndefined();
    // Staff find it by the address: adding it again writes it in clear, removing it leaves nothing.
    expect(bl.get("SPAMMER@gmail.com")?.mask).toBe(masks[0]);
    expect(bl.add("spammer@gmail.com", null, "again", oper("StaffTwo"))).toMatchObject({ ok: true, value: { existed: true } });
    expect(bl.list().map((e) => [e.mask, e.reason])).toEqual([["spammer@gmail.com", "again"]]);
    bl.hashAddresses(["spammer@gmail.com"]);
    expect(bl.remove("spammer@gmail.com", oper("StaffOne"))?.entry?.reason).toBe("again");
    expect(bl.list()).toEqual([]);
    expect(auditActions().at(-1)).toEqual({ action: "blacklist.del", target: masks[0] });
  });
});

describe("failed-verification list", () => {
  it("adds, finds and removes addresses by their canonical form", () => {
    const failed = new FailedVerifications(db, clock, audit);
    const at = clock.now() - HOUR;
    failed.add("Bob.Smith+chan@gmail.com", "#bobs", at);
    expect(failed.has("bobsmith@googlemail.com")).toBe(true);
    expect(failed.has("bob.smith@gmail.com")).toBe(true);
    expect(failed.has("other@gmail.com")).toBe(false);
    expect(failed.get("BOBSMITH@gmail.com")).toEqual({ email: "Bob.Smith+chan@gmail.com", channel: "#bobs", at, failures: 1 });
    expect(failed.clear("bob.smith+other@gmail.com", "1STAFF001")).toMatchObject({ channel: "#bobs" });
    expect(failed.has("bobsmith@gmail.com")).toBe(false);
    expect(failed.clear("bobsmith@gmail.com", "1STAFF001")).toBeUndefined();
    expect(auditActions()).toEqual([{ action: "failed_verification.del", target: "Bob.Smith+chan@gmail.com" }]);
  });

  it("counts repeated failures and keeps the latest channel and date", () => {
    const failed = new FailedVerifications(db, clock, audit);
    failed.add("a@example.com", "#one", 1000);
    failed.add("A@example.com", "#two", 5000);
    expect(failed.get("a@example.com")).toEqual({ email: "A@example.com", channel: "#two", at: 5000, failures: 2 });
    expect(failed.count()).toBe(1);
  });

  it("keeps the entry of a deleted account's address by the hash of its canonical form, shown as the pseudonym", () => {
    const failed = new FailedVerifications(db, clock, audit);
    failed.add("Bob.Smith+chan@gmail.com", "#bobs", 1000);
    failed.add("carol@example.org", "#carol", 2000);
    expect(failed.hashAddresses(["bobsmith@gmail.com"], "a20260101.1.1@deleted.invalid")).toBe(1);
    expect(failed.has("b.o.b.smith@googlemail.com")).toBe(true);
    expect(failed.list().map((e) => e.email)).toEqual(["carol@example.org", "a20260101.1.1@deleted.invalid"]);
    expect(db.prepare("SELECT email_canonical FROM failed_verifications WHERE email_canonical LIKE '%bob%'").all()).toEqual([]);
    // Cleared by the address, or as the list shows it; the audit row does not get the address back.
    expect(failed.clear("bobsmith@gmail.com", "1STAFF001")).toMatchObject({ email: "a20260101.1.1@deleted.invalid", channel: "#bobs" });
    expect(failed.has("bobsmith@gmail.com")).toBe(false);
    expect(JSON.stringify(db.prepare("SELECT target, details FROM audit_log").all())).not.toContain("bobsmith");
    failed.hashAddresses(["carol@example.org"], "a20260101.2.1@deleted.invalid");
    expect(failed.clear("A20260101.2.1@deleted.invalid", "1STAFF001")?.channel).toBe("#carol");
    expect(failed.count()).toBe(0);
  });

  it("lists the newest entries first, up to a limit", () => {
    const failed = new FailedVerifications(db, clock, audit);
    for (let i = 0; i < 5; i++) failed.add(`u${i}@example.com`, `#c${i}`, 1000 * i);
    expect(failed.list().map((e) => e.email)).toEqual(["u4@example.com", "u3@example.com", "u2@example.com", "u1@example.com", "u0@example.com"]);
    expect(failed.list(2).map((e) => e.channel)).toEqual(["#c4", "#c3"]);
  });
});
