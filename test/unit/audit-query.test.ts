import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/connection.js";
import { defaultMigrationsDir, migrate } from "../../src/db/migrate.js";
import { AUDIT_QUERY_SQL, AuditLog } from "../../src/services/audit.js";
import { ManualClock } from "../../src/util/clock.js";

describe("AuditLog.query", () => {
  let db: Database;
  let clock: ManualClock;
  let audit: AuditLog;

  beforeEach(() => {
    db = openDatabase(":memory:");
    migrate(db, defaultMigrationsDir());
    clock = new ManualClock(1_000_000);
    audit = new AuditLog(db, clock);
  });

  it("pages entries about a target, newest first, with the total", () => {
    for (let i = 0; i < 7; i++) {
      audit.record({ actor: "system", action: `step.${i}`, target: "1AAAAABD5" });
      audit.record({ actor: "system", action: "noise", target: "1ZZZZZZZZ" });
      clock.advance(1000);
    }
    const first = audit.query({ by: "target", key: "1AAAAABD5", limit: 3 });
    expect(first.total).toBe(7);
    expect(first.entries.map((e) => e.action)).toEqual(["step.6", "step.5", "step.4"]);
    const last = audit.query({ by: "target", key: "1AAAAABD5", limit: 3, offset: 6 });
    expect(last.entries.map((e) => e.action)).toEqual(["step.0"]);
  });

  it("keeps entries of the same millisecond in the order they were written", () => {
    audit.record({ actor: "system", action: "first", target: "#chan" });
    audit.record({ actor: "system", action: "second", target: "#chan" });
    expect(audit.query({ by: "target", key: "#chan", limit: 5 }).entries.map((e) => e.action)).toEqual(["second", "first"]);
  });

  it("compares channel names as IRC does", () => {
    audit.record({ actor: "system", action: "a", target: "#Chan[x]" });
    audit.record({ actor: "system", action: "b", target: "#chan{X}" });
    expect(audit.query({ by: "target", key: "#CHAN[X]", limit: 5 }).entries.map((e) => e.action)).toEqual(["b", "a"]);
  });

  it("reads what an actor did, since a time", () => {
    audit.record({ actor: "1OPERAAAA", action: "old", target: "#a" });
    clock.advance(60_000);
    audit.record({ actor: "1OPERAAAA", action: "new", target: "#b" });
    audit.record({ actor: "1OTHERAAA", action: "other", target: "#b" });
    const page = audit.query({ by: "actor", key: "1OPERAAAA", since: clock.now() - 1000, limit: 5 });
    expect(page).toMatchObject({ total: 1, entries: [{ action: "new", target: "#b" }] });
  });

  it("uses an index for every query, without scanning or sorting", () => {
    for (const sql of [AUDIT_QUERY_SQL.target.page, AUDIT_QUERY_SQL.actor.page, AUDIT_QUERY_SQL.target.count, AUDIT_QUERY_SQL.actor.count]) {
      const params = sql.includes("LIMIT") ? ["x", 0, 10, 0] : ["x", 0];
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join("; ");
      expect(plan).toMatch(/^SEARCH audit_log USING (COVERING )?INDEX audit_log_(target_key|actor)_at \((target_key|actor)=\? AND at>\?\)$/);
    }
  });
});
