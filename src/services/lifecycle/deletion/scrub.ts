/**
 * The last step of a deletion: no table may still hold the deleted account's names or addresses.
 * Every text column of every table (read from the schema, so later tables are covered) is
 * searched for them, and each occurrence is replaced: a name by the entity ID, an address by the
 * case pseudonym (`aYYYYMMDD.N.K@domain`). Structured columns (an oper name in a note, a
 * registrant's nick) and free text (audit details, reasons, SMTP errors) alike.
 *
 * An address is distinctive: it is replaced in every row. A name may be a common word (a nick
 * "the", "help" or "a"), so it is replaced only in the rows that are about the account: a row with
 * a column that is one of its names (a setter, an oper, a registrant), or that holds its entity ID
 * (an audit row it is the actor or target of, a row referring to it) or one of its addresses. A
 * name in another row's free text, with nothing else there pointing at the account, stays: "the"
 * in someone else's note is not the deleted account.
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
  /** The text with its addresses replaced and its names left (a row that is not about the account). */
  replaceAddresses(text: string): string;
  /** True when a column with this text makes its row about the account (see the module comment). */
  about(text: string): boolean;
  /** Lower-cased texts that every occurrence contains: a text holding none of them needs no look. */
  needles: string[];
}

/** Characters that make a name part of a longer word (nick characters, channel prefixes, address parts). */
const NAME_WORD = "A-Za-z0-9\\[\\]\\\\`_^{|}\\-#&@~";
const EMAIL_WORD = "A-Za-z0-9._%+\\-@";

/** Characters IRC takes for their twins ([ { ] } \\ | ~ ^): a needle avoids them, the regex handles them. */
const TWINS = /[[\]{}\\|~^]/;

/**
 * What to look for a name by (lower-cased): its longest run without a twin character, which
 * every spelling of the name contains, JSON-escaped or not ("[tom]" -> "tom"); a name made of
 * twins only is looked for by each of them.
 */
function nameNeedles(name: string): string[] {
  const runs = name.toLowerCase().split(TWINS).filter((run) => run.length > 0).sort((a, b) => b.length - a.length);
  if (runs[0]) return [runs[0]];
  return ["[", "{", "]", "}", "\\", "|", "~", "^"].filter((c) => name.includes(c) || name.includes(TWIN_OF[c] as string));
}

const TWIN_OF: Readonly<Record<string, string>> = { "[": "{", "{": "[", "]": "}", "}": "]", "\\": "|", "|": "\\", "~": "^", "^": "~" };

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
  const exactName = names.length > 0 ? new RegExp(`^(?:${names.map(namePattern).join("|")})$`, "i") : null;
  const entityId = new RegExp(`(?<![A-Za-z0-9])${escapeRegex(to.name)}(?![A-Za-z0-9])`, "i");
  const anEmail = emailRe ? new RegExp(emailRe.source, "i") : null;
  const needles = new Set<string>([...emails, ...names.flatMap(nameNeedles)]);
  const replaceAddresses = (text: string): string => (emailRe ? text.replace(emailRe, to.email) : text);
  return {
    replace(text: string): string {
      const out = replaceAddresses(text);
      return nameRe ? out.replace(nameRe, to.name) : out;
    },
    replaceAddresses,
    about(text: string): boolean {
      return exactName?.test(text.trim()) === true || entityId.test(text) || anEmail?.test(text) === true;
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
 * The needles worth searching for: one that contains another is found with it (a row holding
 * "tomaway" holds "tom"), so only the shortest are asked of SQLite.
 */
export function minimalNeedles(needles: readonly string[]): string[] {
  const sorted = [...new Set(needles)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const needle of sorted) if (!kept.some((k) => needle.includes(k))) kept.push(needle);
  return kept;
}

/** A LIKE pattern (ESCAPE '\\') matching any text that contains `needle`, ASCII letters in any case. */
const containing = (needle: string): string => `%${needle.replace(/[\\%_]/g, "\\$&")}%`;

/**
 * Replaces the personal texts in every text column of every table (see the module comment), in
 * the caller's transaction: one scan per table (LIKE, which compares ASCII letters in any case
 * without building new strings), then the matchers on the rows it found. Returns how many rows
 * changed in each table.
 */
export function sweepDatabase(db: Database, matchers: readonly Matcher[], options: SweepOptions = {}): SweepReport {
  const report: SweepReport = {};
  const patterns = minimalNeedles(matchers.flatMap((m) => m.needles)).map(containing);
  if (patterns.length === 0) return report;
  const keep = new Set((options.keep ?? []).map((k) => `${k.table}\u0000${k.rowid}`));
  for (const table of tables(db)) {
    const columns = textColumns(table)
      .map((c) => c.name)
      .filter((c) => !skipped(table.name, c));
    if (columns.length === 0) continue;
    const changed = sweepTable(db, table, columns, patterns, matchers, keep);
    if (changed > 0) report[table.name] = changed;
  }
  return report;
}

function sweepTable(db: Database, table: TableInfo, columns: string[], patterns: string[], matchers: readonly Matcher[], keep: Set<string>): number {
  const key = table.rowid ? ["rowid"] : table.columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  if (key.length === 0) return 0;
  const keyList = key.map((k) => (k === "rowid" ? "rowid" : ident(k)));
  const where = columns.flatMap((c) => patterns.map(() => `${ident(c)} LIKE ? ESCAPE '\\'`)).join(" OR ");
  const rows = db
    .prepare(`SELECT ${keyList.map((k, i) => `${k} AS k${i}`).join(", ")}, ${columns.map((c, i) => `${ident(c)} AS v${i}`).join(", ")} FROM ${ident(table.name)} WHERE ${where}`)
    .all(...columns.flatMap(() => patterns)) as Array<Record<string, unknown>>;
  let changed = 0;
  for (const row of rows) {
    const keyValues = key.map((_, i) => row[`k${i}`]);
    if (table.rowid && keep.has(`${table.name}\u0000${String(keyValues[0])}`)) continue;
    const values = columns.map((_, i) => row[`v${i}`]);
    const texts = values.filter((v): v is string => typeof v === "string");
    // Each account's names go only from the rows about it (the module comment); addresses from every row.
    const about = matchers.map((m) => texts.some((text) => m.about(text)));
    const updates: Array<{ column: string; value: string }> = [];
    columns.forEach((column, i) => {
      const value = values[i];
      if (typeof value !== "string") return;
      const replaced = matchers.reduce((text, m, j) => (about[j] ? m.replace(text) : m.replaceAddresses(text)), value);
      if (replaced !== value) updates.push({ column, value: replaced });
    });
    if (updates.length === 0) continue;
    db.prepare(`UPDATE OR REPLACE ${ident(table.name)} SET ${updates.map((u) => `${ident(u.column)} = ?`).join(", ")} WHERE ${keyList.map((k) => `${k} = ?`).join(" AND ")}`).run(
      ...updates.map((u) => u.value),
      ...keyValues,
    );
    changed++;
  }
  return changed;
}
