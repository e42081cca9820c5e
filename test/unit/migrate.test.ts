import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/connection.js";
import { defaultMigrationsDir, migrate } from "../../src/db/migrate.js";
import { AuditLog } from "../../src/services/audit.js";
import { ManualClock } from "../../src/util/clock.js";

let dir: string;
let db: Database;

const write = (name: string, sql: string): void => writeFileSync(join(dir, name), sql);
const tables = (): string[] =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
const records = (): { version: number; name: string }[] =>
  db.prepare("SELECT version, name FROM schema_migrations ORDER BY version").all() as {
    version: number;
    name: string;
  }[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "custodian-migrate-"));
  db = openDatabase(":memory:");
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("migrate", () => {
  it("applies migrations in numeric order and records each one", () => {
    // Written out of order; 0002 depends on 0001 and 0010 on 0002.
    write("0010_c.sql", "INSERT INTO b (a_id) VALUES (1);");
    write("0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY); INSERT INTO a (id) VALUES (1);");
    write("0002_b.sql", "CREATE TABLE b (a_id INTEGER NOT NULL REFERENCES a(id));");
    write("README.md", "not a migration");

    const result = migrate(db, dir);

    expect(result).toEqual({ applied: ["0001_a.sql", "0002_b.sql", "0010_c.sql"], version: 10 });
    expect(records()).toEqual([
      { version: 1, name: "0001_a.sql" },
      { version: 2, name: "0002_b.sql" },
      { version: 10, name: "0010_c.sql" },
    ]);
    const row = db.prepare("SELECT checksum, applied_at FROM schema_migrations WHERE version = 1").get() as {
      checksum: string;
      applied_at: string;
    };
    expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(Number.isNaN(Date.parse(row.applied_at))).toBe(false);
  });

  it("does nothing on a second run", () => {
    write("0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
    migrate(db, dir);
    expect(migrate(db, dir)).toEqual({ applied: [], version: 1 });
    expect(records()).toHaveLength(1);
  });

  it("applies only the new files when more are added later", () => {
    write("0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
    migrate(db, dir);
    write("0002_b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);");
    expect(migrate(db, dir)).toEqual({ applied: ["0002_b.sql"], version: 2 });
  });

  it("refuses a database whose schema is newer than the newest file", () => {
    write("0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
    write("0002_b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);");
    migrate(db, dir);
    rmSync(join(dir, "0002_b.sql"));
    expect(() => migrate(db, dir)).toThrow(
      "database schema version 2 is newer than this Custodian knows (1): upgrade Custodian or restore a matching backup",
    );
  });

  it("rolls a failing migration back wholly, leaving no partial table and no record", () => {
    write("0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
    write(
      "0002_broken.sql",
      "CREATE TABLE half (id INTEGER PRIMARY KEY);\nINSERT INTO a (id) VALUES (1);\nINSERT INTO no_such_table VALUES (1);",
    );
    expect(() => migrate(db, dir)).toThrow(/0002_broken\.sql.*no such table: no_such_table/);
    expect(tables()).not.toContain("half");
    expect(records().map((r) => r.version)).toEqual([1]);
    expect(db.prepare("SELECT count(*) AS n FROM a").get()).toEqual({ n: 0 });
    expect(db.inTransaction).toBe(false);

    // Once fixed, it applies.
    write("0002_broken.sql", "CREATE TABLE half (id INTEGER PRIMARY KEY);");
    expect(migrate(db, dir)).toEqual({ applied: ["0002_broken.sql"], version: 2 });
  });

  it("refuses when an applied migration's file was edited", () => {
    write("0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
    write("0002_x.sql", "CREATE TABLE x (id INTEGER PRIMARY KEY);");
    migrate(db, dir);
    write("0002_x.sql", "CREATE TABLE x (id INTEGER PRIMARY KEY, extra TEXT);");
    expect(() => migrate(db, dir)).toThrow("migration 0002_x.sql was edited after it was applied");
  });

  it("refuses two files that share a number", () => {
    write("0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
    write("0001_b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);");
    expect(() => migrate(db, dir)).toThrow(/0001_a\.sql and 0001_b\.sql share the number 0001/);
    expect(tables()).not.toContain("a");
  });

  it("refuses a .sql file whose name does not match NNNN_name.sql", () => {
    write("0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
    write("2_b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);");
    expect(() => migrate(db, dir)).toThrow(/2_b\.sql does not match NNNN_name\.sql/);
  });

  it("applies the project's real migrations to an in-memory database", () => {
    const result = migrate(db, defaultMigrationsDir());
    expect(result.applied[0]).toBe("0001_init.sql");
    expect(result.version).toBeGreaterThanOrEqual(1);
    expect(tables()).toEqual(expect.arrayContaining(["audit_log", "kv", "schema_migrations"]));
    expect(migrate(db, defaultMigrationsDir()).applied).toEqual([]);

    const clock = new ManualClock(1_000);
    const audit = new AuditLog(db, clock);
    audit.record({ actor: "system", action: "account.register", target: "1AAAAABD5", details: { nick: "Tom" } });
    clock.advance(5);
    audit.record({ actor: "oper:alice", action: "account.freeze", target: "1AAAAABD5" });
    audit.record({ actor: "system", action: "other", target: "1AAAAAAAA" });
    const entries = audit.forTarget("1AAAAABD5");
    expect(entries.map((e) => [e.at, e.action, e.details])).toEqual([
      [1_005, "account.freeze", null],
      [1_000, "account.register", { nick: "Tom" }],
    ]);
    expect(audit.forTarget("1AAAAABD5", 1)).toHaveLength(1);
  });
});

describe("openDatabase", () => {
  it("creates the parent directory and turns on WAL and foreign keys", () => {
    const file = join(dir, "nested", "deeper", "custodian.db");
    const fileDb = openDatabase(file);
    try {
      expect(fileDb.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(fileDb.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(fileDb.pragma("busy_timeout", { simple: true })).toBe(5000);
      expect(fileDb.pragma("synchronous", { simple: true })).toBe(1);
    } finally {
      fileDb.close();
    }
  });
});
