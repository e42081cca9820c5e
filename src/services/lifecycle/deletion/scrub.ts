/**
 * The last step of a deletion: no table may still hold the deleted account's names or addresses.
 * Every text column of every table (read from the schema, so later tables are covered) is
 * searched for them, and each occurrence is replaced: a name by the entity ID, an address by the
 * case pseudonym (`aYYYYMMDD.N.K@domain`). Structured columns (an oper name in a note, a
 * registrant's nick) and free text (audit details, reasons, SMTP errors) alike.
 *
 * A name is replaced where it stands as a word: not inside a longer nick ("Tom" in "Tommy"), a
 * channel name ("#tom"), a host or an address ("tom.example.org", "x@tom.net"). Names compare
 * as IRC compares them (case-insensitive, RFC 1459: [ ] \ ~ equal { } | ^), and also match their
 * JSON-escaped spelling. The columns that are another account's own identity (its name, nicks,
 * address) are left alone: they can hold the same text without being about the deleted account
 * (an address two accounts share, a name another account had before).
 */
import type { Database } from "../../../db/connection.js";
import { ident, tables, textColumns, type TableInfo } from "./schema.js";

export interface PersonalTexts {
  names: readonly string[];
  emails: readonly string[];
}

export interface Replacements {
  /** What a name becomes: the entity ID. */
  name: string;
  /** What an address becomes: the pseudonym. */
  email: string;
}

export interface Matcher {
  /** The text with every occurrence replaced (the same string when none). */
  replace(text: string): string;
  /** Lower-cased, RFC 1459-folded needles: a text holding none of them needs no look. */
  needles: string[];
}

/** Characters that make a name part of a longer word (nick characters, channel prefixes, address parts). */
const NAME_WORD = "A-Za-z0-9\\[\\]\\\\`_^{|}\\-#&@~";
const EMAIL_WORD = "A-Za-z0-9._%+\\-@";

/** RFC 1459 folding as SQLite can write it: lower-case, then [ ] \ ~ become { } | ^. */
export function foldedSql(expression: string): string {
  return `replace(replace(replace(replace(lower(${expression}), '[', '{'), ']', '}'), '\\', '|'), '~', '^')`;
}

function fold(text: string): string {
  return text.toLowerCase().replace(/\[/g, "{").replace(/\]/g, "}").replace(/\\/g, "|").replace(/~/g, "^");
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/** A regex for a name as IRC compares it, also in its JSON-escaped spelling (\ written \\). */
function namePattern(name: string): string {
  let pattern = "";
  for (const c of name) {
    if (c === "[" || c === "{") pattern += "[\\[{]";
    else if (c === "]" || c === "}") pattern += "[\\]}]";
    else if (c === "\\" || c === "|") pattern += "(?:\\\\{1,2}|\\|)";
    else if (c === "^" || c === "~") pattern += "[\\^~]";
    else pattern += escapeRegex(c);
  }
  return pattern;
}

const byLengthDesc = (a: string, b: string): number => b.length - a.length;

export function personalMatcher(texts: PersonalTexts, to: Replacements): Matcher {
  const names = [...new Set(texts.names.filter((n) => n.length > 0))].sort(byLengthDesc);
  const emails = [...new Set(texts.emails.filter((e) => e.length > 0).map((e) => e.toLowerCase()))].sort(byLengthDesc);
  const emailRe =
    emails.length > 0
      ? new RegExp(`(?<![${EMAIL_WORD}])(?:${emails.map(escapeRegex).join("|")})(?![${EMAIL_WORD.replace(".", "")}])(?!\\.[A-Za-z0-9])`, "gi")
      : null;
  const nameRe =
    names.length > 0
      ? new RegExp(`(?<![${NAME_WORD}])(?<![A-Za-z0-9]\\.)(?:${names.map(namePattern).join("|")})(?![${NAME_WORD}])(?!\\.[A-Za-z0-9])`, "gi")
      : null;
  const needles = new Set<string>();
  for (const e of emails) needles.add(fold(e));
  for (const n of names) {
    needles.add(fold(n));
    needles.add(fold(n.replace(/\\/g, "\\\\")));
  }
  return {
    replace(text: string): string {
      let out = text;
      if (emailRe) out = out.replace(emailRe, to.email);
      if (nameRe) out = out.replace(nameRe, to.name);
      return out;
    },
    needles: [...needles],
  };
}

/** Columns that are another account's own identity; see the module comment. `*`: every column. */
const OTHER_ACCOUNTS_IDENTITY: Readonly<Record<string, readonly string[]>> = {
  accounts: ["*"],
  account_nicks: ["nick", "nick_key"],
  expired_nicks: ["nick"],
};

function skipped(table: string, column: string): boolean {
  const columns = OTHER_ACCOUNTS_IDENTITY[table];
  return columns !== undefined && (columns.includes("*") || columns.includes(column));
}

export interface SweepOptions {
  /** Rows to leave as they are (by table and rowid): the mail still to be delivered to the member. */
  keep?: ReadonlyArray<{ table: string; rowid: number }>;
}

/** Rows changed, by table. */
export type SweepReport = Record<string, number>;

/**
 * Replaces the personal texts in every text column of every table (see the module comment), in
 * the caller's transaction. Returns how many rows changed in each table.
 */
export function sweepDatabase(db: Database, matchers: readonly Matcher[], options: SweepOptions = {}): SweepReport {
  const report: SweepReport = {};
  const needles = [...new Set(matchers.flatMap((m) => m.needles))];
  if (needles.length === 0) return report;
  const keep = new Set((options.keep ?? []).map((k) => `${k.table}\u0000${k.rowid}`));
  for (const table of tables(db)) {
    let changed = 0;
    for (const column of textColumns(table)) {
      if (skipped(table.name, column.name)) continue;
      changed += sweepColumn(db, table, column.name, needles, matchers, keep);
    }
    if (changed > 0) report[table.name] = changed;
  }
  return report;
}

function sweepColumn(db: Database, table: TableInfo, column: string, needles: string[], matchers: readonly Matcher[], keep: Set<string>): number {
  const col = ident(column);
  const key = table.rowid ? ["rowid"] : table.columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  if (key.length === 0) return 0;
  const keyList = key.map((k) => (k === "rowid" ? "rowid" : ident(k)));
  const where = needles.map(() => `instr(${foldedSql(col)}, ?) > 0`).join(" OR ");
  const rows = db
    .prepare(`SELECT ${keyList.map((k, i) => `${k} AS k${i}`).join(", ")}, ${col} AS v FROM ${ident(table.name)} WHERE typeof(${col}) = 'text' AND (${where})`)
    .all(...needles) as Array<Record<string, unknown> & { v: string }>;
  if (rows.length === 0) return 0;
  const update = db.prepare(`UPDATE OR REPLACE ${ident(table.name)} SET ${col} = ? WHERE ${keyList.map((k) => `${k} = ?`).join(" AND ")}`);
  let changed = 0;
  for (const row of rows) {
    const keyValues = key.map((_, i) => row[`k${i}`]);
    if (table.rowid && keep.has(`${table.name}\u0000${String(keyValues[0])}`)) continue;
    const replaced = matchers.reduce((text, m) => m.replace(text), row.v);
    if (replaced === row.v) continue;
    update.run(replaced, ...keyValues);
    changed++;
  }
  return changed;
}
