import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HashQueue } from "../../src/services/accounts/hash-queue.js";
import { LoginThrottle, type ReservationVerdict } from "../../src/services/accounts/login-throttle.js";
import { setPasswordHashQueue } from "../../src/services/accounts/password.js";
import { ManualClock } from "../../src/util/clock.js";
import { worded } from "../support.js";
import { makeWorld, type World } from "./accounts-fixture.js";

const SECOND = 1000;

/** Password checks that end when the test says, counting how many ran and how many at once. */
class Checks {
  started = 0;
  running = 0;
  maxRunning = 0;
  private pending: Array<(valid: boolean) => void> = [];

  check(): Promise<boolean> {
    this.started++;
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    return new Promise((resolve) =>
      this.pending.push((valid) => {
        this.running--;
        resolve(valid);
      }),
    );
  }

  /** Ends every check in flight with `valid`, and lets what follows run; until none is left. */
  async drain(valid: (n: number) => boolean): Promise<void> {
    let n = 0;
    for (;;) {
      await flush();
      const batch = this.pending.splice(0);
      if (batch.length === 0) return;
      for (const end of batch) end(valid(n++));
    }
  }
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

type Outcome = "in" | "wrong" | { refused: ReservationVerdict };

/** One login as the accounts service does it: reserve, check, settle. */
async function attempt(throttle: LoginThrottle, checks: Checks, account: string | null, ip: string): Promise<Outcome> {
  const verdict = await throttle.reserve(account, ip);
  if (!verdict.ok) return { refused: verdict };
  const valid = await checks.check();
  if (valid) {
    verdict.reservation.succeeded();
    return "in";
  }
  verdict.reservation.failed();
  return "wrong";
}

function make(attemptsPerMinute = 5) {
  const clock = new ManualClock();
  return { clock, throttle: new LoginThrottle(clock, { attemptsPerMinute, alertThreshold: 1000 }), checks: new Checks() };
}

describe("login throttle reservations", () => {
  it("20 parallel wrong passwords for one account cost at most login_attempts_per_minute checks; the rest are refused with the time to wait", async () => {
    const { throttle, checks } = make(5);
    const all = Array.from({ length: 20 }, (_, i) => attempt(throttle, checks, "1VICTIM01", `198.51.100.${i + 1}`));
    await checks.drain(() => false);
    const outcomes = await Promise.all(all);
    expect(checks.started).toBe(5);
    expect(outcomes.filter((o) => o === "wrong")).toHaveLength(5);
    const refused = outcomes.filter((o): o is { refused: ReservationVerdict } => typeof o === "object");
    expect(refused).toHaveLength(15);
    for (const r of refused) expect(r.refused).toEqual({ ok: false, scope: "account", retryAfterMs: 30 * SECOND });
  });

  it("holds the budget per address too, across accounts", async () => {
    const { throttle, checks } = make(3);
    const all = Array.from({ length: 12 }, (_, i) => attempt(throttle, checks, `1ACCT${String(i).padStart(4, "0")}`, "203.0.113.9"));
    await checks.drain(() => false);
    await Promise.all(all);
    expect(checks.started).toBe(3);
  });

  it("lets many right passwords from one address in at once: they use no budget, a few checks at a time", async () => {
    const { throttle, checks } = make(5);
    const all = Array.from({ length: 200 }, (_, i) => attempt(throttle, checks, `1USER${String(i).padStart(4, "0")}`, "127.0.0.1"));
    await checks.drain(() => true);
    const outcomes = await Promise.all(all);
    expect(outcomes.every((o) => o === "in")).toBe(true);
    expect(checks.started).toBe(200);
    expect(checks.maxRunning).toBeLessThanOrEqual(5);
    expect(throttle.inFlight(null, "127.0.0.1")).toEqual({ account: 0, address: 0 });
  });

  it("a right password among wrong ones gets in while the budget lasts", async () => {
    const { throttle, checks } = make(5);
    // Four wrong attempts from one address, then its owner with the right password.
    const wrong = Array.from({ length: 4 }, () => attempt(throttle, checks, "1OWNER001", "192.0.2.50"));
    const right = attempt(throttle, checks, "1OWNER001", "192.0.2.50");
    await checks.drain((n) => n === 4);
    expect(await right).toBe("in");
    expect(await Promise.all(wrong)).toEqual(["wrong", "wrong", "wrong", "wrong"]);
    // The success cleared the account's failures.
    expect(throttle.check("1OWNER001", "192.0.2.99")).toEqual({ ok: true });
  });

  it("a cancelled check counts for nothing and lets a waiting attempt in", async () => {
    const { throttle } = make(1);
    const first = await throttle.reserve("1ACCT0001", "192.0.2.1");
    if (!first.ok) throw new Error("expected a reservation");
    let second: ReservationVerdict | undefined;
    void throttle.reserve("1ACCT0001", "192.0.2.1").then((v) => (second = v));
    await flush();
    expect(second).toBeUndefined();
    first.reservation.cancel();
    await flush();
    expect(second?.ok).toBe(true);
  });

  it("a waiting attempt whose client left is withdrawn", async () => {
    const { throttle } = make(1);
    const first = await throttle.reserve("1ACCT0001", "192.0.2.1");
    const left = new AbortController();
    const waiting = throttle.reserve("1ACCT0001", "192.0.2.1", left.signal);
    left.abort();
    expect(await waiting).toMatchObject({ ok: false, retryAfterMs: 0 });
    if (first.ok) first.reservation.succeeded();
  });

  it("a locked key refuses at once, with the time to wait", async () => {
    const { throttle, clock } = make(2);
    for (let i = 0; i < 2; i++) throttle.recordFailure("1ACCT0001", "192.0.2.1");
    expect(await throttle.reserve("1ACCT0001", "198.51.100.1")).toEqual({ ok: false, scope: "account", retryAfterMs: 30 * SECOND });
    clock.advance(30 * SECOND);
    expect((await throttle.reserve("1ACCT0001", "198.51.100.1")).ok).toBe(true);
  });

  it("settling twice counts once", async () => {
    const { throttle } = make(5);
    const v = await throttle.reserve("1ACCT0001", "192.0.2.1");
    if (!v.ok) throw new Error("expected a reservation");
    v.reservation.failed();
    v.reservation.failed();
    v.reservation.succeeded();
    expect(throttle.inFlight("1ACCT0001", "192.0.2.1")).toEqual({ account: 0, address: 0 });
  });
});

describe("password checks under parallel attempts (the accounts service)", () => {
  let world: World;
  let hashes: HashQueue;
  beforeEach(() => {
    // A queue of its own, to count the password checks (each wrong password is one scrypt).
    hashes = new HashQueue({ concurrency: 2, maxWaiting: 10_000 });
    setPasswordHashQueue(hashes);
  });
  afterEach(() => world?.close());

  it("20 parallel wrong IDENTIFYs for one account cost at most login_attempts_per_minute checks", async () => {
    world = makeWorld();
    const owner = await world.registered("Victim");
    world.accounts.logout(owner.uid);
    const attackers = Array.from({ length: 20 }, (_, i) => world.network.add(`Guess${i}`, { ip: `198.51.100.${i + 1}` }));
    const before = hashes.stats().completed;
    const results = await Promise.all(attackers.map((a, i) => world.accounts.identify(world.actor(a), "Victim", `wrong-${i}-guess`)));
    expect(hashes.stats().completed - before).toBe(world.config.security.login_attempts_per_minute);
    const words = results.map((r) => (worded(r) as { error: string }).error);
    expect(words.filter((t) => t === "Invalid password for Victim.")).toHaveLength(5);
    expect(words.filter((t) => t === "Too many failed logins to Victim (limit 5 a minute); try again in 30s.")).toHaveLength(15);
  });

  it("20 parallel right IDENTIFYs from one address all get in", async () => {
    world = makeWorld();
    const users = [];
    for (let i = 0; i < 20; i++) users.push(await world.registered(`Right${i}`, "right password"));
    for (const u of users) world.accounts.logout(u.uid);
    const results = await Promise.all(users.map((u) => world.accounts.identify(world.actor(u), null, "right password")));
    expect(results.every((r) => r.ok)).toBe(true);
  });
});
