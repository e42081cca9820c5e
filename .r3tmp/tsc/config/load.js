/**
 * Reading services.conf: TOML -> zod schema -> typed Config, with errors a person can act on:
 *
 *   services.conf:12: uplink.port: expected an integer from 1 to 65535, got "abc"
 *   services.conf:7: server.nmae: unknown key
 *   services.conf:3:9: invalid TOML: ...
 *   server.name: required
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { parse as parseToml, TomlError } from "smol-toml";
import { err, ok } from "../util/result.js";
import { configSchema } from "./schema.js";
/** Parses the text of a services.conf. `sourceName` prefixes every error (default "services.conf"). */
export function parseConfig(text, sourceName = "services.conf") {
    const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
    let raw;
    try {
        raw = parseToml(source);
    }
    catch (e) {
        if (e instanceof TomlError) {
            const firstLine = (e.message.split("\n")[0] ?? "").replace(/^Invalid TOML document:\s*/, "");
            return err([`${sourceName}:${e.line}:${e.column}: invalid TOML: ${firstLine}`]);
        }
        throw e;
    }
    const parsed = configSchema.safeParse(raw);
    if (parsed.success)
        return ok(parsed.data);
    const lines = scanKeyLines(source);
    const errors = [];
    for (const issue of parsed.error.issues) {
        for (const { path, message } of describeIssue(issue, raw)) {
            const line = lineOf(lines, path);
            const where = line === undefined ? "" : `${sourceName}:${line}: `;
            errors.push({ line, text: `${where}${formatPath(path)}: ${message}` });
        }
    }
    // Errors without a line (missing tables) first, then in file order; the sort is stable.
    errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return err([...new Set(errors.map((e) => e.text))]);
}
/**
 * Reads and parses a services.conf file; errors name the file as given. Relative paths in it
 * (database, mail directory, log file) are resolved against the file's folder, so the services
 * find the same files whatever directory they are started from.
 */
export function loadConfigFile(path) {
    let text;
    try {
        text = readFileSync(path, "utf8");
    }
    catch (e) {
        const reason = e.code === "ENOENT" ? "no such file" : e.message;
        return err([`${path}: cannot read the configuration file: ${reason}`]);
    }
    const parsed = parseConfig(text, path);
    return parsed.ok ? ok(resolveConfigPaths(parsed.value, dirname(resolve(path)))) : parsed;
}
/** The config with its relative file paths made absolute against `baseDir` (in place; returned). */
export function resolveConfigPaths(config, baseDir) {
    const against = (p) => (p === "" || isAbsolute(p) ? p : resolve(baseDir, p));
    const db = config.database.path;
    if (db !== ":memory:" && !db.startsWith("file:"))
        config.database.path = against(db);
    config.mail.dir = against(config.mail.dir);
    config.log.file = against(config.log.file);
    return config;
}
// ---------------------------------------------------------------------------------------------
// Issue -> message
const SECRET_KEY = /password|secret|smtp_url/i;
function describeIssue(issue, raw) {
    const path = issue.path.filter((p) => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => ({ path: [...path, key], message: "unknown key" }));
    }
    const value = valueAt(raw, path);
    if (value === undefined) {
        // Cross-field checks (custom issues) may point at an absent key on purpose.
        return [{ path, message: issue.code === "custom" ? issue.message : "required" }];
    }
    let message = issue.message;
    const last = path[path.length - 1];
    const secret = typeof last === "string" && SECRET_KEY.test(last);
    if (message.startsWith("expected") && !message.includes(", got ") && !secret) {
        message += `, got ${describeValue(value)}`;
    }
    return [{ path, message }];
}
function valueAt(root, path) {
    let node = root;
    for (const key of path) {
        if (node === null || typeof node !== "object")
            return undefined;
        node = node[key];
    }
    return node;
}
function describeValue(value) {
    if (typeof value === "string") {
        const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
        return JSON.stringify(shown);
    }
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")
        return String(value);
    if (Array.isArray(value))
        return "an array";
    if (value instanceof Date)
        return "a date";
    if (value !== null && typeof value === "object")
        return "a table";
    return String(value);
}
const BARE_KEY = /^[A-Za-z0-9_-]+$/;
/** `channels.flag_rules[0].count`, `opers."Odd Name"`. */
function formatPath(path) {
    let out = "";
    for (const key of path) {
        if (typeof key === "number")
            out += `[${key}]`;
        else {
            const part = BARE_KEY.test(key) ? key : JSON.stringify(key);
            out += out === "" ? part : `.${part}`;
        }
    }
    return out === "" ? "(top level)" : out;
}
// ---------------------------------------------------------------------------------------------
// Key -> line number
const SEP = "\u0000";
/** The line of the key at `path`, else of the nearest enclosing table or dotted-key prefix. */
function lineOf(lines, path) {
    for (let n = path.length; n > 0; n--) {
        const line = lines.get(path.slice(0, n).map(String).join(SEP));
        if (line !== undefined)
            return line;
    }
    return undefined;
}
/**
 * A small structural scanner of TOML text: records the line of every table header (`[a.b]`,
 * the Nth `[[a.b]]` as path a.b.N) and of every `key =` inside them. Values are skipped with
 * attention to strings (including multi-line ones), comments and multi-line arrays, so lines
 * inside a value are never mistaken for keys. Keys inside inline tables are not recorded (their
 * errors point at the line of the key that holds the inline table).
 */
function scanKeyLines(text) {
    const lines = new Map();
    const arrayCounts = new Map();
    const n = text.length;
    let i = 0;
    let line = 1;
    let table = [];
    const record = (path, at) => {
        for (let k = 1; k <= path.length; k++) {
            const key = path.slice(0, k).join(SEP);
            if (!lines.has(key))
                lines.set(key, at);
        }
    };
    const advance = () => {
        if (text[i] === "\n")
            line++;
        i++;
    };
    const skipBlanks = () => {
        while (i < n && (text[i] === " " || text[i] === "\t"))
            i++;
    };
    const skipToEol = () => {
        while (i < n && text[i] !== "\n")
            i++;
    };
    const skipString = () => {
        const quote = text[i];
        const basic = quote === '"';
        if (text.startsWith(quote.repeat(3), i)) {
            i += 3;
            while (i < n) {
                if (basic && text[i] === "\\") {
                    advance();
                    advance();
                }
                else if (text.startsWith(quote.repeat(3), i)) {
                    i += 3;
                    // Up to two quotes may directly precede the closing delimiter.
                    if (text[i] === quote)
                        i++;
                    if (text[i] === quote)
                        i++;
                    return;
                }
                else
                    advance();
            }
            return;
        }
        i++;
        while (i < n && text[i] !== quote && text[i] !== "\n") {
            if (basic && text[i] === "\\")
                i++;
            i++;
        }
        if (text[i] === quote)
            i++;
    };
    const readKey = () => {
        const segments = [];
        for (;;) {
            skipBlanks();
            const c = text[i];
            if (c === '"' || c === "'") {
                const start = i;
                skipString();
                const literal = text.slice(start, i);
                let segment = literal.slice(1, -1);
                if (c === '"') {
                    try {
                        segment = JSON.parse(literal);
                    }
                    catch {
                        // keep the raw inside of the quotes
                    }
                }
                segments.push(segment);
            }
            else {
                const match = /^[A-Za-z0-9_-]+/.exec(text.slice(i, i + 256));
                if (!match)
                    return null;
                segments.push(match[0]);
                i += match[0].length;
            }
            skipBlanks();
            if (text[i] !== ".")
                return segments;
            i++;
        }
    };
    const skipValue = () => {
        let depth = 0;
        while (i < n) {
            const c = text[i];
            if (c === '"' || c === "'")
                skipString();
            else if (c === "#")
                skipToEol();
            else if (c === "[" || c === "{") {
                depth++;
                i++;
            }
            else if (c === "]" || c === "}") {
                depth--;
                i++;
            }
            else if (c === "\n" && depth <= 0)
                return;
            else
                advance();
        }
    };
    while (i < n) {
        skipBlanks();
        const c = text[i];
        if (c === undefined)
            break;
        if (c === "\n" || c === "\r") {
            advance();
            continue;
        }
        if (c === "#") {
            skipToEol();
            continue;
        }
        if (c === "[") {
            const isArray = text[i + 1] === "[";
            i += isArray ? 2 : 1;
            const key = readKey();
            if (key) {
                if (isArray) {
                    const base = key.join(SEP);
                    const index = arrayCounts.get(base) ?? 0;
                    arrayCounts.set(base, index + 1);
                    table = [...key, String(index)];
                }
                else {
                    table = key;
                }
                record(table, line);
            }
            skipToEol();
            continue;
        }
        const key = readKey();
        if (key) {
            skipBlanks();
            if (text[i] === "=") {
                i++;
                record([...table, ...key], line);
                skipValue();
                continue;
            }
        }
        skipToEol();
    }
    return lines;
}
//# sourceMappingURL=load.js.map