import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { EmailBlacklist, maskProblem } from "../../src/services/abuse/email-blacklist.js";
import { FailedVerifications } from "../../src/services/abuse/failed-verifications.js";
import { ManualClock } from "../../src/util/clock.js";
import { DAY, HOUR, memoryDb } from "../support.js";

let db: Database;
let clock: ManualClock;

beforeEach(() => {
  db = memoryDb();
  clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
});
afterEach(() => db.close());

describe("email blacklist", () => {
  it("matches an address as given and in canonical form", () => {
    const bl = new EmailBlacklist(db, clock);
    expect(bl.add("spammer@gmail.com", null, "spam", "StaffOne")).toEqual({ ok: true, value: undefined });
    expect(bl.add("*@Mailinator.COM", null, "disposable", "StaffOne").ok).toBe(true);
    expect(bl.match("spam.mer+x@googlemail.com")?.mask).toBe("spammer@gmail.com");
    expect(bl.match("anyone@mailinator.com")?.reason).toBe("disposable");
    expect(bl.match("anyone@MAILINATOR.com")?.setter).toBe("StaffOne");
    expect(bl.match("anyone@example.com")).toBeUndefined();
  });

  it("treats a mask without @ as a domain and writes @domain as *@domain", () => {
    const bl = new EmailBlacklist(db, clock);
    bl.add("trash.example", null, "r", "S");
    bl.add("@junk.example", null, "r", "S");
    expect(bl.match("a@trash.example")).toBeDefined();
    expect(bl.match("a@junk.example")?.mask).toBe("*@junk.example");
    expect(bl.match("a@sub.trash.example")).toBeUndefined();
    expect(bl.list().map((e) => e.mask)).toEqual(["trash.example", "*@junk.example"]);
  });

  it("supports ? and * anywhere in the mask", () => {
    const bl = new EmailBlacklist(db, clock);
    bl.add("bot??@*.example", null, "bots", "S");
    expect(bl.match("bot42@mail.example")).toBeDefined();
    expect(bl.match("bot4@mail.example")).toBeUndefined();
  });

  it("stops matching, listing and keeping an entry once it expires", () => {
    const bl = new EmailBlacklist(db, clock);
    bl.add("*@temp.example", 30 * DAY, "a month", "StaffOne");
    bl.add("*@perm.example", null, "forever", "StaffOne");
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

  it("replaces the reason and expiry when a listed mask is added again", () => {
    const bl = new EmailBlacklist(db, clock);
    bl.add("*@x.example", DAY, "first", "StaffOne");
    clock.advance(HOUR);
    bl.add("*@X.example", null, "second", "StaffTwo");
    expect(bl.list()).toEqual([
      { id: expect.any(Number), mask: "*@x.example", reason: "second", setter: "StaffTwo", createdAt: clock.now(), expiresAt: null },
    ]);
  });

  it("removes masks case-insensitively and says whether there was one", () => {
    const bl = new EmailBlacklist(db, clock);
    bl.add("*@x.example", null, "r", "S");
    expect(bl.remove("*@X.EXAMPLE")).toBe(true);
    expect(bl.remove("*@x.example")).toBe(false);
    expect(bl.match("a@x.example")).toBeUndefined();
  });

  it("refuses masks that are not email masks, with a specific reason", () => {
    const bl = new EmailBlacklist(db, clock);
    const error = (mask: string, duration: number | null = null, reason = "r") => {
      const r = bl.add(mask, duration, reason, "S");
      return r.ok ? null : r.error;
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
});

describe("failed-verification list", () => {
  it("adds, finds and removes addresses by their canonical form", () => {
    const failed = new FailedVerifications(db, clock);
    const at = clock.now() - HOUR;
    failed.add("Bob.Smith+chan@gmail.com", "#bobs", at);
    expect(failed.has("bobsmith@googlemail.com")).toBe(true);
    expect(failed.has("bob.smith@gmail.com")).toBe(true);
    expect(failed.has("other@gmail.com")).toBe(false);
    expect(failed.get("BOBSMITH@gmail.com")).toEqual({ email: "Bob.Smith+chan@gmail.com", channel: "#bobs", at, failures: 1 });
    expect(failed.remove("bob.smith+other@gmail.com")).toBe(true);
    expect(failed.has("bobsmith@gmail.com")).toBe(false);
    expect(failed.remove("bobsmith@gmail.com")).toBe(false);
  });

  it("counts repeated failures and keeps the latest channel and date", () => {
    const failed = new FailedVerifications(db, clock);
    failed.add("a@example.com", "#one", 1000);
    failed.add("A@example.com", "#two", 5000);
    expect(failed.get("a@example.com")).toEqual({ email: "A@example.com", channel: "#two", at: 5000, failures: 2 });
    expect(failed.count()).toBe(1);
  });

  it("lists the newest entries first, up to a limit", () => {
    const failed = new FailedVerifications(db, clock);
    for (let i = 0; i < 5; i++) failed.add(`u${i}@example.com`, `#c${i}`, 1000 * i);
    expect(failed.list().map((e) => e.email)).toEqual(["u4@example.com", "u3@example.com", "u2@example.com", "u1@example.com", "u0@example.com"]);
    expect(failed.list(2).map((e) => e.channel)).toEqual(["#c4", "#c3"]);
  });
});
