/**
 * NickServ REGISTER's per-address limit ([nickserv] registrations_per_host_per_day): successful
 * registrations of one IP (an IPv6 /64) in a rolling 24 hours, with a refusal that names the limit
 * and when to try again.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { OnlineUser } from "../../src/services/ports.js";
import { makeWorld, type World } from "./accounts-fixture.js";
import { HOUR, MINUTE, explain, worded } from "../support.js";

let w: World;
afterEach(() => w.close());

let n = 0;
/** A new user `nick` connected from `ip`; registers their nick. */
async function registerFrom(ip: string, nick = `User${++n}`, email = `${nick.toLowerCase()}@example.com`) {
  const user: OnlineUser = w.network.add(nick, { ip });
  return w.accounts.register(w.actor(user), "correct horse", email);
}

describe("REGISTER per address", () => {
  it("accepts registrations_per_host_per_day from one address, then refuses with the limit and when to retry", async () => {
    w = makeWorld({ nickserv: "registrations_per_host_per_day = 3" });
    for (let i = 0; i < 3; i++) {
      expect((await registerFrom("198.51.100.7")).ok).toBe(true);
      w.clock.advance(HOUR);
    }
    expect(worded(await registerFrom("198.51.100.7", "Fourth"))).toEqual({
      ok: false,
      error: "Too many accounts were registered from your address: 3 in the last 24 hours (the limit is 3 a day). Try again in 21h.",
    });
    expect(w.store.byName("Fourth")).toBeUndefined();
    // Another address is not affected.
    expect((await registerFrom("198.51.100.8")).ok).toBe(true);
    // The first registration leaves the window 24 hours after it was made.
    w.clock.advance(21 * HOUR - 1);
    expect((await registerFrom("198.51.100.7")).ok).toBe(false);
    w.clock.advance(1);
    expect((await registerFrom("198.51.100.7")).ok).toBe(true);
    expect((await registerFrom("198.51.100.7")).ok).toBe(false);
  });

  it("defaults to 5 a day", async () => {
    w = makeWorld();
    expect(w.config.nickserv.registrations_per_host_per_day).toBe(5);
    for (let i = 0; i < 5; i++) expect((await registerFrom("203.0.113.5")).ok).toBe(true);
    const refused = await registerFrom("203.0.113.5");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(explain(refused.error)).toMatch(/5 in the last 24 hours \(the limit is 5 a day\)\. Try again in 1d\.$/);
  });

  it("counts an IPv6 address by its /64, and an IPv4-mapped one as the IPv4 address", async () => {
    w = makeWorld({ nickserv: "registrations_per_host_per_day = 2" });
    expect((await registerFrom("2001:db8:1:2::1")).ok).toBe(true);
    expect((await registerFrom("2001:db8:1:2:ffff:ffff:ffff:ffff")).ok).toBe(true);
    expect((await registerFrom("2001:db8:1:2::abcd")).ok).toBe(false);
    expect((await registerFrom("2001:db8:1:3::1")).ok).toBe(true);
    expect((await registerFrom("192.0.2.200")).ok).toBe(true);
    expect((await registerFrom("::ffff:192.0.2.200")).ok).toBe(true);
    expect((await registerFrom("192.0.2.200")).ok).toBe(false);
  });

  it("counts only successful registrations, and still counts accounts dropped since", async () => {
    w = makeWorld({ nickserv: "registrations_per_host_per_day = 2" });
    expect((await registerFrom("198.51.100.9", "Bad", "not-an-address")).ok).toBe(false);
    expect((await registerFrom("198.51.100.9", "Taken1")).ok).toBe(true);
    expect((await registerFrom("198.51.100.9", "Taken1")).ok).toBe(false);
    const second = await registerFrom("198.51.100.9", "Dropped");
    if (!second.ok) throw new Error(explain(second.error));
    w.accounts.drop(second.value.id, "test", "system");
    const third = await registerFrom("198.51.100.9");
    expect(third.ok).toBe(false);
    if (!third.ok) expect(explain(third.error)).toMatch(/^Too many accounts were registered from your address: 2 in the last 24 hours/);
  });

  it("has no limit for the addresses of [abuse] exempt_addresses", async () => {
    w = makeWorld({ nickserv: "registrations_per_host_per_day = 2", extra: '[abuse]\nexempt_addresses = ["127.0.0.0/8", "::1/128"]' });
    for (let i = 0; i < 4; i++) expect((await registerFrom("127.0.0.1")).ok).toBe(true);
    for (let i = 0; i < 3; i++) expect((await registerFrom("::1")).ok).toBe(true);
    expect((await registerFrom("198.51.100.9")).ok).toBe(true);
    expect((await registerFrom("198.51.100.9")).ok).toBe(true);
    expect(worded(await registerFrom("198.51.100.9"))).toMatchObject({ ok: false, error: expect.stringContaining("the limit is 2 a day") });
  });

  it("has no limit when set to 0", async () => {
    w = makeWorld({ nickserv: "registrations_per_host_per_day = 0" });
    for (let i = 0; i < 12; i++) expect((await registerFrom("198.51.100.10")).ok).toBe(true);
  });

  it("does not let registrations that start together exceed the limit", async () => {
    w = makeWorld({ nickserv: "registrations_per_host_per_day = 2" });
    const results = await Promise.all([1, 2, 3, 4].map(() => registerFrom("198.51.100.11")));
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    for (const r of results) if (!r.ok) expect(explain(r.error)).toMatch(/the limit is 2 a day/);
  });

  it("is refused through the command, before anything else is looked at", async () => {
    w = makeWorld({ nickserv: "registrations_per_host_per_day = 1" });
    expect((await registerFrom("198.51.100.12")).ok).toBe(true);
    w.clock.advance(90 * MINUTE);
    const user = w.network.add("Again", { ip: "198.51.100.12" });
    expect(await w.command(user.uid, "REGISTER short bad-address")).toEqual([
      "Too many accounts were registered from your address: 1 in the last 24 hours (the limit is 1 a day). Try again in 22h30m.",
    ]);
  });

  it("prunes counted registrations after two days", async () => {
    w = makeWorld();
    await registerFrom("198.51.100.13");
    w.clock.advance(49 * HOUR);
    expect(w.accounts.registrations.prune()).toBe(1);
  });
});
