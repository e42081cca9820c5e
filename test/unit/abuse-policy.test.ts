import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/schema.js";
import type { Database } from "../../src/db/connection.js";
import { AuditLog } from "../../src/services/audit.js";
import { EmailBlacklist } from "../../src/services/abuse/email-blacklist.js";
import { FailedVerifications } from "../../src/services/abuse/failed-verifications.js";
import { policyRefusalText } from "../../src/commands/x2/failures.js";
import {
  HOURLY_HOLD_REASON,
  RegistrationPolicy,
  type PolicyVerdict,
  type RegistrationRequest,
} from "../../src/services/abuse/registration-policy.js";
import { hostKey, windowCheck } from "../../src/services/abuse/rate-window.js";
import { ManualClock } from "../../src/util/clock.js";
import { DAY, FakeNetwork, HOUR, memoryDb, RecordingActions, TEST_WORDING, testConfig } from "../support.js";

/** What X2 replies to a blacklisted address; the staff reason stays internal. */
const BLACKLISTED_REASON = "That address can't be used for registration; please use another one.";
const STAFF = { id: "1STAFF001", name: "StaffOne" };

function config(mail = "", channels = "", extra = ""): Config {
  return testConfig(`[mail]\ncontact = "staff@test.local"\n${mail}\n[channels]\n${channels}\n${extra}`);
}

interface Fixture {
  db: Database;
  clock: ManualClock;
  audit: AuditLog;
  actions: RecordingActions;
  blacklist: EmailBlacklist;
  failed: FailedVerifications;
  owned: { total: number; pending: number };
  pending: { count: number };
  policy: RegistrationPolicy;
}

let dbs: Database[] = [];

function setup(cfg: Config = config()): Fixture {
  const db = memoryDb();
  dbs.push(db);
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
  const audit = new AuditLog(db, clock);
  const actions = new RecordingActions(new FakeNetwork());
  const blacklist = new EmailBlacklist(db, clock, audit);
  const failed = new FailedVerifications(db, clock, audit);
  const owned = { total: 0, pending: 0 };
  const pending = { count: 0 };
  const policy = new RegistrationPolicy({
    db,
    clock,
    config: cfg,
    audit,
    actions,
    blacklist,
    failed,
    counts: { countForEmail: () => ({ ...owned }), pendingCount: () => pending.count },
  });
  return { db, clock, audit, actions, blacklist, failed, owned, pending, policy };
}

let serial = 0;
function request(over: Partial<RegistrationRequest> = {}): RegistrationRequest {
  serial += 1;
  return {
    channel: `#chan${serial}`,
    email: `user${serial}@example.com`,
    uid: "001AAAAAB",
    nick: "Alice",
    host: "alice.example.net",
    ip: "192.0.2.10",
    accountId: null,
    ...over,
  };
}

/** A refusal with the words X2 replies with. */
function refusal(verdict: PolicyVerdict): { code: string; retryAfterMs?: number; reason: string } {
  if (verdict.kind !== "refuse") throw new Error(`expected a refusal, got ${JSON.stringify(verdict)}`);
  return { ...verdict, reason: policyRefusalText(verdict, TEST_WORDING) };
}

beforeEach(() => {
  dbs = [];
});
afterEach(() => {
  for (const db of dbs) db.close();
});

describe("registration policy: refusals", () => {
  it("checks email validity, blacklists, failed list, per-address, per-host, per-account limits and the pending cap in that order", () => {
    const f = setup(config('blacklist = ["*@spam.example"]'));
    f.blacklist.add("*@bad.example", null, "known abuser", STAFF);
    f.failed.add("b.o.b@googlemail.com", "#oldchan", f.clock.now() - DAY);
    // The host and the account are both at their daily limit (3 each by default).
    for (let i = 0; i < 3; i++) f.policy.record(request({ ip: "192.0.2.10" }), "accepted");
    for (let i = 0; i < 3; i++) f.policy.record(request({ ip: `198.51.100.${i}`, accountId: "1ACCOUNT1" }), "accepted");
    f.owned.total = 3;
    f.pending.count = 200;

    const codes: string[] = [];
    const step = (over: Partial<RegistrationRequest>) => {
      const verdict = f.policy.evaluate(request({ accountId: "1ACCOUNT1", ...over }));
      codes.push(verdict.kind === "refuse" ? verdict.code : verdict.kind);
    };
    step({ email: "not-an-address" });
    step({ email: "bob@spam.example" });
    step({ email: "bob@bad.example" });
    step({ email: "bob+irc@gmail.com" });
    step({ email: "carol@example.com" });
    f.owned.total = 1;
    f.owned.pending = 1;
    step({ email: "carol@example.com" });
    f.owned.pending = 0;
    step({ email: "carol@example.com" });
    step({ email: "carol@example.com", ip: "203.0.113.5" });
    step({ email: "carol@example.com", ip: "203.0.113.5", accountId: "1ACCOUNT2" });
    f.pending.count = 199;
    step({ email: "carol@example.com", ip: "203.0.113.5", accountId: "1ACCOUNT2" });

    expect(codes).toEqual([
      "email_invalid",
      "blacklisted",
      "blacklisted",
      "failed_verification",
      "email_limit",
      "email_pending",
      "host_limit",
      "account_limit",
      "pending_cap",
      "accept",
    ]);
  });

  it("explains an invalid address with the validator's reason", () => {
    const f = setup();
    const r = refusal(f.policy.evaluate(request({ email: "alice@localhost" })));
    expect(r.code).toBe("email_invalid");
    expect(r.reason).toMatch(/full domain name/);
  });

  it("refuses a blacklisted address with a generic reason and keeps the staff reason internal", () => {
    const f = setup(config('blacklist = ["mailinator.com"]'));
    f.blacklist.add("*@throwaway.example", null, "drone network 2026-02", STAFF);
    for (const email of ["x@mailinator.com", "x@THROWAWAY.example"]) {
      const r = refusal(f.policy.evaluate(request({ email })));
      expect(r.reason).toBe(BLACKLISTED_REASON);
      expect(r.reason).not.toMatch(/drone/);
    }
    expect(f.policy.blacklistHit("x@mailinator.com")).toEqual({ source: "config", mask: "mailinator.com" });
    expect(f.policy.blacklistHit("x@throwaway.example")).toMatchObject({ source: "oper", entry: { reason: "drone network 2026-02" } });
  });

  it("matches blacklist masks against the canonical address too", () => {
    const f = setup();
    f.blacklist.add("spammer@gmail.com", null, "spam", STAFF);
    expect(refusal(f.policy.evaluate(request({ email: "Spam.Mer+chan@googlemail.com" }))).code).toBe("blacklisted");
  });

  it("ignores expired blacklist entries", () => {
    const f = setup();
    f.blacklist.add("*@temp.example", 2 * HOUR, "short ban", STAFF);
    expect(refusal(f.policy.evaluate(request({ email: "a@temp.example" }))).code).toBe("blacklisted");
    f.clock.advance(2 * HOUR);
    expect(f.policy.evaluate(request({ email: "a@temp.example" })).kind).toBe("accept");
  });

  it("refuses an address that failed to verify before and says staff can clear it with FAILED DEL", () => {
    const f = setup();
    f.failed.add("dave@example.com", "#dropped", f.clock.now() - 3 * DAY);
    const r = refusal(f.policy.evaluate(request({ email: "Dave@EXAMPLE.com" })));
    expect(r.code).toBe("failed_verification");
    expect(r.reason).toMatch(/failed to verify/);
    expect(r.reason).toMatch(/FAILED DEL/);
    expect(r.reason).toMatch(/staff@test\.local/);
    f.failed.clear("dave@example.com", STAFF.id);
    expect(f.policy.evaluate(request({ email: "dave@example.com" })).kind).toBe("accept");
  });

  it("refuses an address at max_per_email channels, naming the limit", () => {
    const f = setup(config("", "max_per_email = 2"));
    f.owned.total = 2;
    const r = refusal(f.policy.evaluate(request()));
    expect(r.code).toBe("email_limit");
    expect(r.reason).toContain("the limit is 2 per address");
  });

  it("allows one unverified registration per address at a time", () => {
    const f = setup();
    f.owned.total = 1;
    f.owned.pending = 1;
    const r = refusal(f.policy.evaluate(request()));
    expect(r.code).toBe("email_pending");
    expect(r.reason).toContain("an address can have one unverified registration at a time");
  });

  it("passes the canonical address to countForEmail", () => {
    const f = setup();
    const seen: string[] = [];
    const policy = new RegistrationPolicy({
      db: f.db,
      clock: f.clock,
      config: config(),
      audit: f.audit,
      actions: f.actions,
      blacklist: f.blacklist,
      failed: f.failed,
      counts: { countForEmail: (canonical) => (seen.push(canonical), { total: 0, pending: 0 }), pendingCount: () => 0 },
    });
    const verdict = policy.evaluate(request({ email: "Some.One+x@GoogleMail.com" }));
    expect(seen).toEqual(["someone@gmail.com"]);
    expect(verdict).toEqual({ kind: "accept", email: "Some.One+x@googlemail.com" });
  });

  it("refuses when the pending cap is reached and tells the user to try later", () => {
    const f = setup(config("", "pending_cap = 5"));
    f.pending.count = 5;
    const r = refusal(f.policy.evaluate(request()));
    expect(r.code).toBe("pending_cap");
    expect(r.reason).toContain("too many unverified");
    expect(r.reason).toContain("the limit is 5");
    expect(r.reason).toMatch(/try again later/);
  });
});

describe("registration policy: rolling windows", () => {
  it("refuses a host over registrations_per_host_per_day, then accepts once the oldest attempt is 24 hours old", () => {
    const f = setup(config("", "registrations_per_host_per_day = 2"));
    const t0 = f.clock.now();
    f.policy.record(request(), "accepted");
    f.clock.advance(3 * HOUR);
    f.policy.record(request(), "held");
    f.clock.advance(2 * HOUR);

    const r = refusal(f.policy.evaluate(request()));
    expect(r.code).toBe("host_limit");
    expect(r.retryAfterMs).toBe(t0 + DAY - f.clock.now()); // 19 hours
    expect(r.reason).toContain("the limit is 2 a day");
    expect(r.reason).toContain("Try again in 19h.");

    f.clock.set(t0 + DAY - 1000);
    expect(refusal(f.policy.evaluate(request())).retryAfterMs).toBe(1000);
    f.clock.set(t0 + DAY);
    expect(f.policy.evaluate(request()).kind).toBe("accept");
  });

  it("has no host limit for the addresses of [abuse] exempt_addresses (a webchat gateway, loopback)", () => {
    const f = setup(config("", "registrations_per_host_per_day = 1", '[abuse]\nexempt_addresses = ["192.0.2.10", "2001:db8:77::/48"]'));
    for (let i = 0; i < 4; i++) {
      const req = request();
      expect(f.policy.evaluate(req).kind).toBe("accept");
      f.policy.record(req, "accepted");
    }
    f.policy.record(request({ ip: "2001:db8:77::1" }), "accepted");
    expect(f.policy.evaluate(request({ ip: "2001:db8:77::1" })).kind).toBe("accept");
    expect(f.policy.evaluate(request({ ip: "::ffff:192.0.2.10" })).kind).toBe("accept");
    // Other addresses keep the limit; the account limit still applies to everyone.
    f.policy.record(request({ ip: "192.0.2.11" }), "accepted");
    expect(refusal(f.policy.evaluate(request({ ip: "192.0.2.11" }))).code).toBe("host_limit");
  });

  it("does not count refusals towards the host limit", () => {
    const f = setup(config("", "registrations_per_host_per_day = 1"));
    for (let i = 0; i < 10; i++) f.policy.record(request(), "refused", "not opped");
    expect(f.policy.evaluate(request()).kind).toBe("accept");
  });

  it("counts IPv6 hosts by their /64", () => {
    const f = setup(config("", "registrations_per_host_per_day = 2"));
    f.policy.record(request({ ip: "2001:db8:1:2::10" }), "accepted");
    f.policy.record(request({ ip: "2001:db8:1:2:ffff::1" }), "accepted");
    expect(refusal(f.policy.evaluate(request({ ip: "2001:0db8:0001:0002:abcd::99" }))).code).toBe("host_limit");
    expect(f.policy.evaluate(request({ ip: "2001:db8:1:3::10" })).kind).toBe("accept");
  });

  it("refuses an account over registrations_per_account_per_day from any host, with when to try again", () => {
    const f = setup(config("", "registrations_per_account_per_day = 2"));
    const t0 = f.clock.now();
    f.policy.record(request({ accountId: "1ACCOUNT1", ip: "192.0.2.1" }), "accepted");
    f.clock.advance(HOUR);
    f.policy.record(request({ accountId: "1ACCOUNT1", ip: "192.0.2.2" }), "accepted");
    f.clock.advance(HOUR);
    const r = refusal(f.policy.evaluate(request({ accountId: "1ACCOUNT1", ip: "192.0.2.3" })));
    expect(r.code).toBe("account_limit");
    expect(r.retryAfterMs).toBe(22 * HOUR);
    expect(r.reason).toContain("Your account has made 2 channel registrations in the last 24 hours; the limit is 2 a day. Try again in 22h.");
    expect(f.policy.evaluate(request({ accountId: "1ACCOUNT2", ip: "192.0.2.3" })).kind).toBe("accept");
    f.clock.set(t0 + DAY);
    expect(f.policy.evaluate(request({ accountId: "1ACCOUNT1", ip: "192.0.2.3" })).kind).toBe("accept");
  });

  it("computes when to try again from the attempt that must leave the window", () => {
    const now = 100 * DAY;
    expect(windowCheck([now - 5 * HOUR, now - HOUR], 3, DAY, now)).toEqual({ count: 2, limit: 3, over: false, retryAfterMs: 0 });
    // Four counted against a limit of three (the limit was lowered): the second oldest must leave.
    expect(windowCheck([now - 20 * HOUR, now - 10 * HOUR, now - 5 * HOUR, now - HOUR], 3, DAY, now).retryAfterMs).toBe(14 * HOUR);
  });

  it("folds hosts into keys: IPv4 as is, IPv6 by /64, mapped IPv4, host names otherwise", () => {
    expect(hostKey("192.0.2.1", "a.example")).toBe("192.0.2.1");
    expect(hostKey("2001:db8::1", "a.example")).toBe("2001:db8:0:0::/64");
    expect(hostKey("::ffff:192.0.2.1", "a.example")).toBe("192.0.2.1");
    expect(hostKey("fe80::1%eth0", "a.example")).toBe("fe80:0:0:0::/64");
    expect(hostKey("", "Spoofed.Example")).toBe("host:spoofed.example");
  });

  it("prunes attempts older than two days", () => {
    const f = setup();
    f.policy.record(request(), "accepted");
    f.clock.advance(2 * DAY + 1);
    f.policy.record(request(), "refused", "not opped");
    const rows = f.db.prepare("SELECT outcome FROM registration_attempts").all();
    expect(rows).toEqual([{ outcome: "refused" }]);
  });

  it("keeps only the newest refusals of one host, so a flood cannot grow the table", () => {
    const f = setup();
    for (let i = 0; i < 500; i++) {
      f.clock.advance(100);
      f.policy.record(request(), "refused", "host_limit");
    }
    f.policy.record(request(), "accepted");
    const count = (f.db.prepare("SELECT count(*) AS n FROM registration_attempts").get() as { n: number }).n;
    expect(count).toBe(51);
    expect(f.policy.attempts.refusalsKept).toBe(50);
  });
});

describe("registration policy: holds", () => {
  it("holds requests over registrations_per_hour and tells opers once per alert window, not once per request", () => {
    const f = setup(config("", 'registrations_per_hour = 3\nreview_alert_window = "2h"'));
    for (let i = 0; i < 3; i++) f.policy.record(request({ ip: `192.0.2.${i}` }), "accepted");

    const verdicts = Array.from({ length: 25 }, (_, i) => f.policy.evaluate(request({ ip: `198.51.100.${i}` })));
    for (const v of verdicts) expect(v).toMatchObject({ kind: "hold", reasons: [HOURLY_HOLD_REASON] });
    expect(f.actions.operNotices).toHaveLength(1);
    expect(f.actions.operNotices[0]).toMatch(/hourly limit/);
    expect(f.actions.operNotices[0]).toMatch(/REVIEW LIST held/);

    // An hour later the window has new accepted registrations, still inside the alert window: no notice.
    f.clock.advance(HOUR);
    for (let i = 0; i < 3; i++) f.policy.record(request({ ip: `203.0.113.${i}` }), "accepted");
    expect(f.policy.evaluate(request({ ip: "203.0.113.99" })).kind).toBe("hold");
    expect(f.actions.operNotices).toHaveLength(1);

    // Past the alert window, still over the limit: opers are told again, once.
    f.clock.advance(HOUR + 30 * 60_000);
    for (let i = 0; i < 3; i++) f.policy.record(request({ ip: `203.0.114.${i}` }), "accepted");
    f.policy.evaluate(request({ ip: "203.0.114.99" }));
    f.policy.evaluate(request({ ip: "203.0.114.98" }));
    expect(f.actions.operNotices).toHaveLength(2);
    const alerts = f.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'registration.hourly_limit'").get() as { n: number };
    expect(alerts.n).toBe(2);
  });

  it("counts only accepted registrations towards the hourly limit, and accepts again once they are an hour old", () => {
    const f = setup(config("", "registrations_per_hour = 2"));
    for (let i = 0; i < 5; i++) f.policy.record(request({ ip: `192.0.2.${i}` }), "held", HOURLY_HOLD_REASON);
    f.policy.record(request({ ip: "192.0.2.50" }), "accepted");
    const first = request({ ip: "198.51.100.1" });
    expect(f.policy.evaluate(first).kind).toBe("accept");
    f.policy.record(first, "accepted");
    const second = request({ ip: "198.51.100.2" });
    expect(f.policy.evaluate(second).kind).toBe("hold");
    f.policy.record(second, "held", HOURLY_HOLD_REASON);
    f.clock.advance(HOUR);
    expect(f.policy.evaluate(request({ ip: "198.51.100.3" })).kind).toBe("accept");
  });

  it("holds requests matching email and channel flag rules with the rule's reason", () => {
    const rules = `
[[channels.flag_rules]]
kind = "email"
pattern = "*@freemail.example"
reason = "free mail provider"

[[channels.flag_rules]]
kind = "channel"
pattern = "#*warez*"
reason = "channel name looks like warez"
`;
    const f = setup(config("", "", rules));
    let host = 0;
    const evaluate = (over: Partial<RegistrationRequest>) => f.policy.evaluate(request({ ip: `198.51.100.${++host}`, ...over }));
    expect(evaluate({ email: "x@FreeMail.example" })).toEqual({
      kind: "hold",
      email: "x@freemail.example",
      reasons: ["free mail provider"],
    });
    expect(evaluate({ channel: "#Best-WAREZ-here" })).toMatchObject({
      kind: "hold",
      reasons: ["channel name looks like warez"],
    });
    expect(evaluate({ channel: "#warez", email: "y@freemail.example" })).toMatchObject({
      kind: "hold",
      reasons: ["free mail provider", "channel name looks like warez"],
    });
    expect(evaluate({ channel: "#gardening", email: "z@example.org" }).kind).toBe("accept");
    expect(f.actions.operNotices).toEqual([]);
  });

  it("holds requests from a host with recent refusals or rejections (host_rejections rule)", () => {
    const rules = `
[[channels.flag_rules]]
kind = "host_rejections"
count = 3
window = "6h"
reason = "host had recent rejections"
`;
    const f = setup(config("", "", rules));
    f.policy.record(request(), "refused", "not opped");
    f.policy.record(request(), "rejected", "oper: spam");
    f.policy.record(request({ ip: "198.51.100.7" }), "refused", "not opped");
    expect(f.policy.evaluate(request()).kind).toBe("accept");
    f.policy.record(request(), "refused", "channel already registered");
    expect(f.policy.evaluate(request())).toMatchObject({ kind: "hold", reasons: ["host had recent rejections"] });
    expect(f.policy.evaluate(request({ ip: "198.51.100.7" })).kind).toBe("accept");
    f.clock.advance(6 * HOUR);
    expect(f.policy.evaluate(request()).kind).toBe("accept");
  });

  it("combines the hourly hold with flag rule reasons", () => {
    const rules = `
[[channels.flag_rules]]
kind = "channel"
pattern = "#free*"
reason = "suspicious channel name"
`;
    const f = setup(config("", "registrations_per_hour = 1", rules));
    f.policy.record(request({ ip: "192.0.2.1" }), "accepted");
    expect(f.policy.evaluate(request({ channel: "#freestuff" }))).toMatchObject({
      kind: "hold",
      reasons: [HOURLY_HOLD_REASON, "suspicious channel name"],
    });
  });
});

describe("registration policy: verdicts are counted at once", () => {
  const rows = (f: Fixture) =>
    f.db.prepare("SELECT outcome, reason FROM registration_attempts ORDER BY id").all() as { outcome: string; reason: string | null }[];

  it("counts accept verdicts before record, so requests evaluated while others are being accepted cannot overshoot the limits", () => {
    const f = setup(config("", "registrations_per_hour = 5\nregistrations_per_host_per_day = 3\npending_cap = 8"));
    // Nothing is recorded: these are all still being accepted (e.g. hashing a password).
    const kinds = Array.from({ length: 10 }, (_, i) => {
      const v = f.policy.evaluate(request({ ip: `198.51.100.${i}` }));
      return v.kind === "refuse" ? v.code : v.kind;
    });
    expect(kinds).toEqual(["accept", "accept", "accept", "accept", "accept", "hold", "hold", "hold", "pending_cap", "pending_cap"]);
    expect(f.policy.inFlightCount).toBe(8);

    const g = setup(config("", "registrations_per_host_per_day = 3"));
    const host = Array.from({ length: 5 }, () => {
      const v = g.policy.evaluate(request({ ip: "203.0.113.1" }));
      return v.kind === "refuse" ? v.code : v.kind;
    });
    expect(host).toEqual(["accept", "accept", "accept", "host_limit", "host_limit"]);
  });

  it("settles a reservation when record gets the same request, instead of counting it twice", () => {
    const f = setup(config("", "registrations_per_host_per_day = 2"));
    const a = request();
    expect(f.policy.evaluate(a).kind).toBe("accept");
    f.policy.record(a, "accepted");
    expect(rows(f)).toEqual([{ outcome: "accepted", reason: null }]);
    expect(f.policy.inFlightCount).toBe(0);

    // The acceptance of the second one fails: it no longer counts towards the host's limit.
    const b = request();
    expect(f.policy.evaluate(b).kind).toBe("accept");
    f.policy.record(b, "refused", "X2 could not create the account");
    expect(rows(f)).toEqual([
      { outcome: "accepted", reason: null },
      { outcome: "refused", reason: "X2 could not create the account" },
    ]);
    expect(f.policy.evaluate(request()).kind).toBe("accept");
  });

  it("records hold verdicts with their reasons", () => {
    const f = setup(config("", "registrations_per_hour = 1"));
    f.policy.record(request({ ip: "192.0.2.1" }), "accepted");
    const r = request();
    expect(f.policy.evaluate(r).kind).toBe("hold");
    expect(rows(f)[1]).toEqual({ outcome: "held", reason: HOURLY_HOLD_REASON });
    f.policy.record(r, "held", HOURLY_HOLD_REASON);
    expect(rows(f)).toHaveLength(2);
  });

  it("counts an address's request in flight as its unverified registration", () => {
    const f = setup();
    const first = request({ email: "erin@example.com", ip: "192.0.2.1" });
    expect(f.policy.evaluate(first).kind).toBe("accept");
    const second = f.policy.evaluate(request({ email: "Erin+2@example.com", ip: "192.0.2.2" }));
    expect(refusal(second).code).toBe("email_pending");
    f.policy.record(first, "refused", "channel taken meanwhile");
    expect(f.policy.evaluate(request({ email: "erin@example.com", ip: "192.0.2.3" })).kind).toBe("accept");
  });

  it("stops counting a reservation that was never settled after five minutes, keeping its row", () => {
    const f = setup(config("", "pending_cap = 1"));
    expect(f.policy.evaluate(request({ ip: "192.0.2.1" })).kind).toBe("accept");
    expect(refusal(f.policy.evaluate(request({ ip: "192.0.2.2" }))).code).toBe("pending_cap");
    f.clock.advance(5 * 60_000);
    expect(f.policy.evaluate(request({ ip: "192.0.2.3" })).kind).toBe("accept");
    expect(rows(f).filter((r) => r.outcome === "accepted")).toHaveLength(2);
  });
});
