/**
 * The database as its schema describes it: the tables, their columns, and the foreign keys that
 * point at accounts. The export and the scrub walk this instead of a list written by hand, so
 * that a table added later is exported and scrubbed without anyone remembering to.
 */
import type { Database } from "../../../db/connection.js";

export interface Column {
  name: string;
  /** The declared type, upper-cased ("TEXT", "INTEGER", "" when none). */
  type: string;
  /** Position in the primary key (0: not part of it). */
  pk: number;
}

export interface TableInfo {
  name: string;
  columns: Column[];
  /** False for WITHOUT ROWID tables (rows are then addressed by their primary key). */
  rowid: boolean;
}

/** A column that refers to accounts(id), and what the schema does when the account row goes. */
export interface AccountReference {
  table: string;
  column: string;
  onDelete: string;
}

/** Double-quoted SQL identifier (names come from sqlite_master, never from users). */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function tables(db: Database): TableInfo[] {
  const names = db
    .prepare<[], { name: string; sql: string | null }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all();
  return names.map(({ name, sql }) => ({
    name,
    columns: db
      .prepare<[string], { name: string; type: string; pk: number; hidden: number }>("SELECT name, type, pk, hidden FROM pragma_table_xinfo(?)")
      .all(name)
      .filter((c) => c.hidden === 0)
      .map((c) => ({ name: c.name, type: c.type.toUpperCase(), pk: c.pk })),
    rowid: !/\bWITHOUT\s+ROWID\b/i.test(sql ?? ""),
  }));
}

/** Every column of the schema declared as a foreign key to accounts(id). */
export function accountReferences(db: Database): AccountReference[] {
  const refs: AccountReference[] = [];
  for (const table of tables(db)) {
    const keys = db
      .prepare<[string], { table: string; from: string; to: string | null; on_delete: string }>(
        'SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(?)',
      )
      .all(table.name);
    for (const key of keys) {
      if (key.table.toLowerCase() === "accounts" && (key.to === null || key.to.toLowerCase() === "id")) {
        refs.push({ table: table.name, column: key.from, onDelete: key.on_delete.toUpperCase() });
      }
    }
  }
  return refs;
}

/**
 * Columns that may hold text: declared with a text affinity (TEXT, CHAR, CLOB), or with none.
 * Numeric columns cannot hold a name or an address.
 */
export function textColumns(table: TableInfo): Column[] {
  return table.columns.filter((c) => c.type === "" || /CHAR|CLOB|TEXT/.test(c.type));
}
