/**
 * The rules of deletion cases that need no network: case numbers and pseudonyms, the retention
 * date, the successor rule as configured, and the [deletion] settings.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.js";
import { caseNumber, dayOf, parseCaseNumber, pseudonymEmail } from "../../src/services/lifecycle/deletion/numbers.js";
import { retentionDate } from "../../src/services/lifecycle/deletion/retention.js";
import { CONFIG_PREAMBLE, DAY, YEAR } from "../support.js";
import { deletionConfig, makeDeletionWorld, type DeletionWorld } from "./deletion-fixture.js";

let w: DeletionWorld | undefined;
afterEach(() => w?.close());

describe("case numbers", () => {
  it("writes aYYYYMMDD.N with the UTC day, and K after it in pseudonyms", () => {
    expect(dayOf(Date.UTC(2026, 1, 28, 23, 59))).toBe("20260228");
    expect(caseNumber("20260228", 12)).toBe("a20260228.12");
    expect(pseudonymEmail("a20260228.12", 3, "deleted.invalid")).toBe("a20260228.12.3@deleted.invalid");
    expect(pseudonymEmail("a20260228.12", 3, "deleted.invalid")).toMatch(/^a[0-9]{8}\.[0-9]+\.[0-9]+@/);
  });

  it("reads a typed case number in any case and refuses anything else", () => {
    expect(parseCaseNumber(" A20260228.12 ")).toBe("a20260228.12");
    for (const bad of ["a2026022.1", "a20260228", "a20260228.0", "b20260228.1", "a20260228.1.1", "20260228.1"]) expect(parseCaseNumber(bad)).toBeNull();
  });
});

describe("retention", () => {
  const settings = deletionConfig('retention = "2y"\nretain_after_grant = "3y"\nretain_after_authored = "5y"').deletion;

  it("keeps a tombstone until the latest of the ruling date and each rule", () => {
    const ruledAt = Date.UTC(2030, 0, 1);
    expect(retentionDate({ ruledAt, lastGrantAt: null, lastAuthoredAt: null }, settings)).toEqual({ until: ruledAt + 2 * YEAR, rule: "ruling" });
    expect(retentionDate({ ruledAt, lastGrantAt: ruledAt - YEAR / 2, lastAuthoredAt: null }, settings)).toEqual({ until: ruledAt - YEAR / 2 + 3 * YEAR, rule: "grant" });
    expect(retentionDate({ ruledAt, lastGrantAt: ruledAt - 2 * YEAR, lastAuthoredAt: ruledAt - 4 * YEAR }, settings)).toEqual({ until: ruledAt + 2 * YEAR, rule: "ruling" });
    expect(retentionDate({ ruledAt, lastGrantAt: ruledAt, lastAuthoredAt: ruledAt - DAY }, settings)).toEqual({ until: ruledAt - DAY + 5 * YEAR, rule: "authored" });
  });

  it("ignores a rule set to 0", () => {
    const off = deletionConfig('retention = "2y"\nretain_after_grant = "0"').deletion;
    const ruledAt = Date.UTC(2030, 0, 1);
    expect(retentionDate({ ruledAt, lastGrantAt: ruledAt, lastAuthoredAt: ruledAt }, off).rule).toBe("ruling");
  });
});

describe("[deletion] settings", () => {
  it("has defaults for every key", () => {
    expect(deletionConfig().deletion).toEqual({
      objection_window: 14 * DAY,
      retention: 2 * YEAR,
      tombstone_domain: "deleted.invalid",
      successor: "manager",
      trivial_at_once: true,
      retain_after_grant: 3 * YEAR,
      retain_after_authored: 0,
      export_interval: DAY,
    });
  });

  it("names the key and the line of a wrong value", () => {
    const result = parseConfig(`${CONFIG_PREAMBLE}\n[deletion]\nsuccessor = "oldest"\ntrivial_at_once = "yes"\n`);
    expect(result.ok).toBe(false);
    const errors = result.ok ? "" : result.error.join("\n");
    expect(errors).toContain('services.conf:15: deletion.successor: expected one of manager, coowner, none, got "oldest"');
    expect(errors).toContain('services.conf:16: deletion.trivial_at_once: expected true or false, got "yes"');
  });
});

describe("the successor rule", () => {
  async function channelWithManager(deletion: string): Promise<DeletionWorld> {
    const world = makeDeletionWorld({ config: deletionConfig(deletion) });
    const oper = await world.member("StaffOne");
    const founder = await world.founder("Ruler", "#rules");
    await world.member("Mona");
    await world.member("Colin");
    await world.x2(founder, "ADDUSER #rules Mona manager");
    await world.x2(founder, "ADDUSER #rules Colin op");
    await world.os(oper, "DELETE Ruler asked");
    await world.advance(14 * DAY);
    return world;
  }

  it("manager (the default): a manager takes the channel when there is no coowner", async () => {
    w = await channelWithManager("");
    expect(w.domain.channels.live("#rules")?.ownerId).toBe(w.account("Mona").id);
  });

  it("coowner: only a coowner takes it; otherwise it is dropped", async () => {
    w = await channelWithManager('successor = "coowner"');
    expect(w.domain.channels.live("#rules")).toBeUndefined();
  });

  it("none: every channel of a deleted founder is dropped", async () => {
    w = await channelWithManager('successor = "none"');
    expect(w.domain.channels.live("#rules")).toBeUndefined();
  });

  it("no trivial deletion at once when trivial_at_once is off: the window applies", async () => {
    w = makeDeletionWorld({ config: deletionConfig("trivial_at_once = false") });
    const user = await w.member("Patient");
    await w.ns(user, "DROP Patient correct-horse-battery");
    const replies = await w.ns(user, `DROP Patient correct-horse-battery ${String(w.lastMail("account_deletion_confirm").data.code)}`);
    expect(replies[0]).toMatch(/^Deletion case a20260101\.1 is open for Patient: it is carried out on 2026-01-15 12:00 UTC at the earliest\.$/);
    await w.advance(14 * DAY);
    expect(w.domain.accounts.resolve("Patient")).toBeUndefined();
  });
});
