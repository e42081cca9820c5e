import { describe, expect, it } from "vitest";
import { addressKey, LoginThrottle } from "../../src/services/accounts/login-throttle.js";
import { ManualClock } from "../../src/util/clock.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function make(limits: Partial<{ attemptsPerMinute: number; alertThreshold: number }> = {}) {
  const clock = new ManualClock();
  const throttle = new LoginThrottle(clock, { attemptsPerMinute: 5, alertThreshold: 20, ...limits });
  return { clock, throttle };
}

function failTimes(throttle: LoginThrottle, n: number, account: string | null = "1AAAAAAAA", ip = "192.0.2.1") {
  const alerts = [];
  for (let i = 0; i < n; i++) alerts.push(...throttle.recordFailure(account, ip));
  return alerts;
}

describe("LoginThrottle", () => {
  it("allows login_attempts_per_minute failures, then locks the account for 30 seconds", () => {
    const { clock, throttle } = make();
    failTimes(throttle, 4);
    expect(throttle.check("1AAAAAAAA", "198.51.100.7")).toEqual({ ok: true });
    failTimes(throttle, 1);
    expect(throttle.check("1AAAAAAAA", "198.51.100.7")).toEqual({ ok: false, scope: "account", retryAfterMs: 30 * SECOND });
    clock.advance(29 * SECOND);
    expect(throttle.check("1AAAAAAAA", "198.51.100.7")).toEqual({ ok: false, scope: "account", retryAfterMs: SECOND });
    clock.advance(SECOND);
    expect(throttle.check("1AAAAAAAA", "198.51.100.7").ok).toBe(true);
  });

  it("forgets failures older than a minute before counting toward a lockout", () => {
    const { clock, throttle } = make();
    failTimes(throttle, 4);
    clock.advance(61 * SECOND);
    failTimes(throttle, 4);
    expect(throttle.check("1AAAAAAAA", "192.0.2.1").ok).toBe(true);
  });

  it("doubles each further lockout up to one hour", () => {
    const { clock, throttle } = make();
    const lockouts: number[] = [];
    for (let round = 0; round < 10; round++) {
      failTimes(throttle, 5);
      const verdict = throttle.check("1AAAAAAAA", "192.0.2.1");
      if (verdict.ok) throw new Error("expected a lockout");
      lockouts.push(verdict.retryAfterMs);
      clock.advance(verdict.retryAfterMs);
    }
    expect(lockouts.map((ms) => ms / SECOND)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  });

  it("starts over after an hour without failures", () => {
    const { clock, throttle } = make();
    failTimes(throttle, 5);
    clock.advance(30 * SECOND);
    failTimes(throttle, 5); // second lockout: 60 s
    clock.advance(60 * MINUTE + 60 * SECOND);
    failTimes(throttle, 5);
    const verdict = throttle.check("1AAAAAAAA", "192.0.2.1");
    expect(verdict).toEqual({ ok: false, scope: "account", retryAfterMs: 30 * SECOND });
  });

  it("resets an account's failures on a successful login, but not its address's", () => {
    const { throttle } = make();
    failTimes(throttle, 5, "1AAAAAAAA", "192.0.2.1");
    throttle.recordSuccess("1AAAAAAAA");
    expect(throttle.check("1AAAAAAAA", "203.0.113.9").ok).toBe(true);
    expect(throttle.check("1BBBBBBBB", "192.0.2.1")).toEqual({ ok: false, scope: "address", retryAfterMs: 30 * SECOND });
  });

  it("throttles an address guessing across many accounts", () => {
    const { throttle } = make();
    for (let i = 0; i < 5; i++) throttle.recordFailure(`1AAAAAAA${i}`, "192.0.2.50");
    expect(throttle.check("1ZZZZZZZZ", "192.0.2.50")).toMatchObject({ ok: false, scope: "address" });
    expect(throttle.check(null, "192.0.2.50")).toMatchObject({ ok: false, scope: "address" });
    expect(throttle.check("1ZZZZZZZZ", "192.0.2.51").ok).toBe(true);
  });

  it("counts one IPv6 /64 as one address", () => {
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002:ffff:0:0:9")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("192.0.2.1")).toBe("192.0.2.1");
    const { throttle } = make();
    for (let i = 0; i < 5; i++) throttle.recordFailure(null, `2001:db8:1:2::${i + 1}`);
    expect(throttle.check(null, "2001:db8:1:2:ffff::9")).toMatchObject({ ok: false, scope: "address" });
    expect(throttle.check(null, "2001:db8:1:3::1").ok).toBe(true);
  });

  it("raises one alert per account per window when failures pass the threshold, not one per attempt", () => {
    const { clock, throttle } = make({ attemptsPerMinute: 1000, alertThreshold: 20 });
    const first = failTimes(throttle, 19, "1AAAAAAAA", "192.0.2.1");
    expect(first).toEqual([]);
    const at20 = throttle.recordFailure("1AAAAAAAA", "198.51.100.1");
    expect(at20.filter((a) => a.scope === "account")).toEqual([{ scope: "account", accountId: "1AAAAAAAA", failures: 20, windowMs: 600_000 }]);
    const more = failTimes(throttle, 50, "1AAAAAAAA", "198.51.100.2");
    expect(more.filter((a) => a.scope === "account")).toEqual([]);
    clock.advance(10 * MINUTE);
    const next = failTimes(throttle, 20, "1AAAAAAAA", "198.51.100.3");
    expect(next.filter((a) => a.scope === "account")).toHaveLength(1);
  });

  it("raises one network-wide alert per window for failures spread over many accounts", () => {
    const { clock, throttle } = make({ attemptsPerMinute: 1000, alertThreshold: 20 });
    const alerts = [];
    for (let i = 0; i < 60; i++) alerts.push(...throttle.recordFailure(`1ACCT${String(i).padStart(4, "0")}`, `192.0.2.${i}`));
    expect(alerts).toEqual([{ scope: "network", failures: 20, windowMs: 600_000 }]);
    clock.advance(11 * MINUTE);
    const later = [];
    for (let i = 0; i < 20; i++) later.push(...throttle.recordFailure(null, `198.51.100.${i}`));
    expect(later).toHaveLength(1);
  });

  it("forgets quiet keys so memory stays bounded", () => {
    const { clock, throttle } = make();
    for (let i = 0; i < 100; i++) throttle.recordFailure(`1ACCT${String(i).padStart(4, "0")}`, `192.0.2.${i}`);
    expect(throttle.size).toBeGreaterThan(100);
    clock.advance(2 * 60 * MINUTE);
    throttle.check(null, "203.0.113.1");
    expect(throttle.size).toBe(0);
  });
});
