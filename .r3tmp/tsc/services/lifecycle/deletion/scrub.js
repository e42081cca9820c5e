import { ident, tables, textColumns } from "./schema.js";
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
function nameNeedles(name) {
    const runs = name.toLowerCase().split(TWINS).filter((run) => run.length > 0).sort((a, b) => b.length - a.length);
    if (runs[0])
        return [runs[0]];
    return ["[", "{", "]", "}", "\\", "|", "~", "^"].filter((c) => name.includes(c) || name.includes(TWIN_OF[c]));
}
const TWIN_OF = { "[": "{", "{": "[", "]": "}", "}": "]", "\\": "|", "|": "\\", "~": "^", "^": "~" };
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
/** A regex for a name as IRC compares it, also in its JSON-escaped spelling (\ written \\). */
function namePattern(name) {
    let pattern = "";
    for (const c of name) {
        if (c === "[" || c === "{")
            pattern += "[\\[{]";
        else if (c === "]" || c === "}")
            pattern += "[\\]}]";
        else if (c === "\\" || c === "|")
            pattern += "(?:\\\\{1,2}|\\|)";
        else if (c === "^" || c === "~")
            pattern += "[\\^~]";
        else
            pattern += escapeRegex(c);
    }
    return pattern;
}
const byLengthDesc = (a, b) => b.length - a.length;
export function personalMatcher(texts, to) {
    const names = [...new Set(texts.names.filter((n) => n.length > 0))].sort(byLengthDesc);
    const emails = [...new Set(texts.emails.filter((e) => e.length > 0).map((e) => e.toLowerCase()))].sort(byLengthDesc);
    const emailRe = emails.length > 0
        ? new RegExp(`(?<![${EMAIL_WORD}])(?:${emails.map(escapeRegex).join("|")})(?![${EMAIL_WORD.replace(".", "")}])(?!\\.[A-Za-z0-9])`, "gi")
        : null;
    const nameRe = names.length > 0
        ? new RegExp(`(?<![${NAME_WORD}])(?<![A-Za-z0-9]\\.)(?:${names.map(namePattern).join("|")})(?![${NAME_WORD}])(?!\\.[A-Za-z0-9])`, "gi")
        : null;
    const needles = new Set([...emails, ...names.flatMap(nameNeedles)]);
    return {
        replace(text) {
            let out = text;
            if (emailRe)
                out = out.replace(emailRe, to.email);
            if (nameRe)
                out = out.replace(nameRe, to.name);
            return out;
        },
        needles: [...needles],
    };
}
/** Columns that are another account's own identity; see the module comment. `*`: every column. */
const OTHER_ACCOUNTS_IDENTITY = {
    accounts: ["*"],
    account_nicks: ["nick", "nick_key"],
    expired_nicks: ["nick"],
};
function skipped(table, column) {
    const columns = OTHER_ACCOUNTS_IDENTITY[table];
    return columns !== undefined && (columns.includes("*") || columns.includes(column));
}
/**
 * The needles worth searching for: one that contains another is found with it (a row holding
 * "tomaway" holds "tom"), so only the shortest are asked of SQLite.
 */
export function minimalNeedles(needles) {
    const sorted = [...new Set(needles)].sort((a, b) => a.length - b.length);
    const kept = [];
    for (const needle of sorted)
        if (!kept.some((k) => needle.includes(k)))
            kept.push(needle);
    return kept;
}
/** A LIKE pattern (ESCAPE '\\') matching any text that contains `needle`, ASCII letters in any case. */
const containing = (needle) => `%${needle.replace(/[\\%_]/g, "\\$&")}%`;
/**
 * Replaces the personal texts in every text column of every table (see the module comment), in
 * the caller's transaction: one scan per table (LIKE, which compares ASCII letters in any case
 * without building new strings), then the matchers on the rows it found. Returns how many rows
 * changed in each table.
 */
export function sweepDatabase(db, matchers, options = {}) {
    const report = {};
    const patterns = minimalNeedles(matchers.flatMap((m) => m.needles)).map(containing);
    if (patterns.length === 0)
        return report;
    const keep = new Set((options.keep ?? []).map((k) => `${k.table}\u0000${k.rowid}`));
    for (const table of tables(db)) {
        const columns = textColumns(table)
            .map((c) => c.name)
            .filter((c) => !skipped(table.name, c));
        if (columns.length === 0)
            continue;
        const changed = sweepTable(db, table, columns, patterns, matchers, keep);
        if (changed > 0)
            report[table.name] = changed;
    }
    return report;
}
function sweepTable(db, table, columns, patterns, matchers, keep) {
    const key = table.rowid ? ["rowid"] : table.columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    if (key.length === 0)
        return 0;
    const keyList = key.map((k) => (k === "rowid" ? "rowid" : ident(k)));
    const where = columns.flatMap((c) => patterns.map(() => `${ident(c)} LIKE ? ESCAPE '\\'`)).join(" OR ");
    const rows = db
        .prepare(`SELECT ${keyList.map((k, i) => `${k} AS k${i}`).join(", ")}, ${columns.map((c, i) => `${ident(c)} AS v${i}`).join(", ")} FROM ${ident(table.name)} WHERE ${where}`)
        .all(...columns.flatMap(() => patterns));
    let changed = 0;
    for (const row of rows) {
        const keyValues = key.map((_, i) => row[`k${i}`]);
        if (table.rowid && keep.has(`${table.name}\u0000${String(keyValues[0])}`))
            continue;
        const updates = [];
        columns.forEach((column, i) => {
            const value = row[`v${i}`];
            if (typeof value !== "string")
                return;
            const replaced = matchers.reduce((text, m) => m.replace(text), value);
            if (replaced !== value)
                updates.push({ column, value: replaced });
        });
        if (updates.length === 0)
            continue;
        db.prepare(`UPDATE OR REPLACE ${ident(table.name)} SET ${updates.map((u) => `${ident(u.column)} = ?`).join(", ")} WHERE ${keyList.map((k) => `${k} = ?`).join(" AND ")}`).run(...updates.map((u) => u.value), ...keyValues);
        changed++;
    }
    return changed;
}
//# sourceMappingURL=scrub.js.map