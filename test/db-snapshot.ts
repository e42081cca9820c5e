/**
 * The whole database as rows, table by table, for tests that check a change was undone exactly
 * (UNFREEZE against a snapshot taken before FREEZE). Rows are sorted by all their columns, so a
 * row deleted and inserted again compares equal to itself whatever its rowid.
 */
import type { Database } from "../src/db/connection.js";

export type TableRows = Record<string, Array<Record<string, unknown>>>;

/** Every table of the database except `except`, each as its rows in a canonical order. */
export function snapshotTables(db: Database, except: readonly string[]): TableRows {
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((t) => t.name)
    .filter((name) => !except.includes(name));
  const out: TableRows = {};
  for (const name of tables) {
    const columns = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`).all().map((c) => `"${c.name}"`);
    out[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY ${columns.join(", ")}`).all() as Array<Record<string, unknown>>;
  }
  return out;
}

/** The freeze record tables and the audit log: what FREEZE and UNFREEZE add on purpose. */
export const FREEZE_RECORD_TABLES = ["audit_log", "account_freezes", "account_freeze_access", "account_freeze_channels"] as const;
