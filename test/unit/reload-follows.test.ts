/**
 * What the services derive from the configuration follows a REHASH: each part reads the one
 * Config object when it uses it, so a reload applied in place takes effect at the next use.
 */
import { describe, expect, it } from "vitest";
import { applyReload } from "../../src/config/reload.js";
import type { Config } from "../../src/config/schema.js";
import { wording } from "../../src/commands/words.js";
import { ManualClock } from "../../src/util/clock.js";
import { FakeMail, testConfig, testDomain } from "../support.js";

/** The domain over `toml`, and a function that reloads it with other TOML (as REHASH applies a file). */
function world(toml = "") {
  const config = testConfig(toml);
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const { domain } = testDomain({ config, clock, mail: new FakeMail() });
  const reload = (next: string): void => applyReload(config, testConfig(next));
  return { config, clock, domain, reload };
}

describe("after a reload", () => {
  it("the loop breaker holds runs at the new limit", () => {
    const { domain, reload } = world("[maintenance]\nbreaker_limit = 500\n");
    expect(domain.breaker.allow("channel-verify-expiry", 10)).toBe(true);
    reload("[maintenance]\nbreaker_limit = 5\n");
    expect(domain.breaker.allow("channel-verify-expiry", 10)).toBe(false);
  });

  it("channel names are checked against the new pattern", () => {
    const { domain, reload } = world();
    expect(domain.channels.nameProblem("#games")).toBeNull();
    reload(`[channels]\nname_pattern = '^#help-[a-z]+$'\n`);
    expect(domain.channels.nameProblem("#games")).toEqual({ kind: "name-not-allowed", name: "#games" });
    expect(domain.channels.nameProblem("#help-games")).toBeNull();
  });

  it("the login throttle locks out at the new number of attempts", () => {
    const { domain, reload } = world("[security]\nlogin_attempts_per_minute = 5\n");
    const throttle = domain.accounts.throttle;
    for (let i = 0; i < 3; i++) throttle.recordFailure("1AAAAAAAA", "192.0.2.1");
    expect(throttle.check("1AAAAAAAA", "192.0.2.1").ok).toBe(true);
    reload("[security]\nlogin_attempts_per_minute = 3\n");
    throttle.recordFailure("1AAAAAAAA", "192.0.2.1");
    expect(throttle.check("1AAAAAAAA", "192.0.2.1").ok).toBe(false);
  });

  it("the registration counters keep rows as long as the new host_rejections rules look back", () => {
    const { domain, reload } = world();
    const before = domain.registrationPolicy.attempts.retentionMs;
    reload(`[[channels.flag_rules]]\nkind = "host_rejections"\ncount = 80\nwindow = "30d"\nreason = "repeated rejections"\n`);
    domain.registrationPolicy.evaluate({ channel: "#x", email: "x@example.org", uid: "001AAAAAA", nick: "X", host: "h.example", ip: "192.0.2.9", accountId: null });
    expect(domain.registrationPolicy.attempts.retentionMs).toBe(30 * 86_400_000);
    expect(domain.registrationPolicy.attempts.refusalsKept).toBe(80);
    expect(before).toBeLessThan(30 * 86_400_000);
  });

  it("texts name the new staff contact", () => {
    const { config, reload } = world('[mail]\ncontact = "old@example.org"\n');
    const words = wording(config as Config);
    reload('[mail]\ncontact = "staff@example.org"\n');
    expect(words.contact).toBe("staff@example.org");
  });
});
