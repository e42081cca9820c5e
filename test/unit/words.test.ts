/**
 * Words live in src/commands/: the domain hands over typed failures and messages, and every
 * "/msg <nick>" hint is built from the configured pseudo-client nicks.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accountFailureText, saslFailureText } from "../../src/commands/nickserv/failures.js";
import { holdReasonText, messageService, messageText, operAlertText } from "../../src/commands/notices.js";
import { channelFailureText, describeOutcome, policyRefusalText } from "../../src/commands/x2/failures.js";
import type { Wording } from "../../src/commands/words.js";

const renamed: Wording = { nicks: { x2: "ChanServ", nickserv: "Nick", operserv: "Oper" }, contact: "help@net.example" };

describe("the words of typed failures and messages", () => {
  it("name the configured pseudo-client nicks in every hint", () => {
    expect(messageText({ kind: "identify-warning", nick: "Alice", graceMs: 60_000 }, renamed)).toBe(
      "The nickname Alice is registered. If it is yours, identify within 60 seconds with /msg Nick IDENTIFY <password>; otherwise your nick will be changed.",
    );
    expect(messageService({ kind: "identify-warning", nick: "Alice", graceMs: 60_000 })).toBe("nickserv");
    expect(messageService({ kind: "channel-activated", channel: "#a" })).toBe("x2");
    expect(holdReasonText({ kind: "guest-rename", nick: "Alice" }, renamed)).toBe("Held after a guest rename. If it is yours: /msg Nick REGAIN Alice <password>");
    expect(operAlertText({ kind: "breaker-tripped", loop: "account-expiry", count: 9, limit: 5 }, renamed)).toMatch(/\/msg Oper BREAKER CONFIRM account-expiry\.$/);
    expect(operAlertText({ kind: "hourly-registration-limit", accepted: 3, limit: 3, alertWindowMs: 3_600_000 }, renamed)).toMatch(
      /^ChanServ registrations reached the hourly limit .* See \/msg Oper REVIEW LIST held/,
    );
    expect(accountFailureText({ kind: "already-logged-in", account: "Tom" }, renamed)).toBe("You are already logged in to Tom. To add this nick to it, type /msg Nick GROUP.");
    expect(channelFailureText({ kind: "nick-registered", nick: "Tom" }, renamed)).toBe(
      "The nick Tom belongs to a registered account. Identify first (/msg Nick IDENTIFY <password>) and register again.",
    );
    expect(channelFailureText({ kind: "bad-confirmation", channel: "#a" }, renamed)).toBe(
      "That confirmation code is wrong or expired. Type /msg ChanServ UNREGISTER #a for a new one.",
    );
    const outcome = { kind: "unverified", id: 1, channel: "#a", via: "code", account: "Tom", email: "t@example.org", mailDelayMs: 0, verifyWindowMs: 172_800_000 } as const;
    expect(describeOutcome(outcome, renamed)).toMatch(/type \/msg ChanServ VERIFY #a <code>/);
  });

  it("name the staff contact where a refusal sends the user to staff", () => {
    expect(accountFailureText({ kind: "frozen", account: "Tom", reason: null }, renamed)).toBe(
      "The account Tom is frozen by the network staff. To resolve this, write to help@net.example.",
    );
    expect(saslFailureText({ kind: "frozen", account: "Tom", reason: "dues" }, "Tom", renamed)).toBe(
      "SASL login failed: The account Tom is frozen by the network staff: dues. To resolve this, write to help@net.example.",
    );
    expect(policyRefusalText({ code: "failed_verification" }, renamed)).toMatch(/FAILED DEL\) if you ask them at help@net\.example\.$/);
  });
});

describe("the domain (src/services)", () => {
  /** Every .ts file under `dir`. */
  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
    });
  }

  it('writes no "/msg" hint outside the mail templates: the hints are written in src/commands', () => {
    const root = new URL("../../src/services", import.meta.url).pathname;
    const offending = sources(root)
      .filter((path) => !path.includes("/services/mail/"))
      .filter((path) => readFileSync(path, "utf8").includes("/msg"));
    expect(offending).toEqual([]);
  });
});
