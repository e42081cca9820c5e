import { rfc1459Fold } from "../util/casefold.js";
/** InspIRCd accepts long lines once linked; this bounds what we are willing to parse. */
export const MAX_LINE_BYTES = 16_384;
/*
 * The framing (RFC 1459 with IRCv3 message tags) is small enough to parse here: a client library
 * for it cost a sixth of the start-up time in module loading alone.
 *
 *   [@tag=value;tag2 ]<:source >COMMAND[ middle...][ :trailing]
 */
const TAG_ESCAPES = { ":": ";", s: " ", "\\": "\\", r: "\r", n: "\n" };
/** IRCv3 tag value unescaping: \: \s \\ \r \n; a backslash before anything else is dropped. */
function unescapeTagValue(value) {
    if (!value.includes("\\"))
        return value;
    let out = "";
    for (let i = 0; i < value.length; i++) {
        const c = value[i];
        if (c !== "\\") {
            out += c;
            continue;
        }
        const next = value[++i];
        if (next !== undefined)
            out += TAG_ESCAPES[next] ?? next;
    }
    return out;
}
function decodeTags(text) {
    const tags = {};
    for (const tag of text.split(";")) {
        const eq = tag.indexOf("=");
        const key = (eq < 0 ? tag : tag.slice(0, eq)).toLowerCase();
        if (key)
            tags[key] = eq < 0 ? "" : unescapeTagValue(tag.slice(eq + 1));
    }
    return tags;
}
const NO_COMMAND = { ok: false, reason: "no command" };
/** Index of the first character at or after `from` that is not a space. */
function skipSpaces(raw, from) {
    let i = from;
    while (raw.charCodeAt(i) === 32)
        i++;
    return i;
}
/** Parses one line (without its terminator). Never throws: a line it cannot use is a reason. */
export function decodeLine(raw) {
    if (raw.length === 0)
        return { ok: false, reason: "empty line" };
    // A UTF-16 unit is at most 3 bytes of UTF-8: only long lines need counting.
    if (raw.length * 3 > MAX_LINE_BYTES && Buffer.byteLength(raw, "utf8") > MAX_LINE_BYTES) {
        return { ok: false, reason: `line longer than ${MAX_LINE_BYTES} bytes` };
    }
    if (/[\0\r\n]/.test(raw))
        return { ok: false, reason: "line contains NUL, CR or LF" };
    let pos = skipSpaces(raw, 0);
    let tags = {};
    if (raw[pos] === "@") {
        const end = raw.indexOf(" ", pos);
        if (end < 0)
            return NO_COMMAND;
        tags = decodeTags(raw.slice(pos + 1, end));
        pos = skipSpaces(raw, end);
    }
    let source = "";
    if (raw[pos] === ":") {
        const end = raw.indexOf(" ", pos);
        if (end < 0)
            return NO_COMMAND;
        source = raw.slice(pos + 1, end);
        pos = skipSpaces(raw, end);
    }
    let end = raw.indexOf(" ", pos);
    if (end < 0)
        end = raw.length;
    const command = raw.slice(pos, end).toUpperCase();
    if (!/^[A-Z0-9]+$/.test(command))
        return NO_COMMAND;
    const params = [];
    pos = skipSpaces(raw, end);
    while (pos < raw.length) {
        if (raw[pos] === ":") {
            params.push(raw.slice(pos + 1));
            break;
        }
        end = raw.indexOf(" ", pos);
        if (end < 0)
            end = raw.length;
        params.push(raw.slice(pos, end));
        pos = skipSpaces(raw, end);
    }
    return { ok: true, line: { tags, source, command, params } };
}
/**
 * Serialises a line. Only the last parameter may hold spaces, be empty or start with ':';
 * a middle parameter that would break the framing is a bug in the caller, so it throws.
 */
export function encodeLine(source, command, ...params) {
    let line = source ? `:${source} ${command}` : command;
    const last = params.length - 1;
    for (let index = 0; index <= last; index++) {
        const param = params[index];
        if (/[\0\r\n]/.test(param))
            throw new Error(`parameter ${index} of ${command} contains CR, LF or NUL`);
        const needsColon = param === "" || param.includes(" ") || param.charCodeAt(0) === 58;
        if (index < last) {
            if (needsColon)
                throw new Error(`middle parameter ${index} of ${command} is empty, has a space or starts with ':'`);
            line += ` ${param}`;
        }
        else {
            line += needsColon ? ` :${param}` : ` ${param}`;
        }
    }
    return line;
}
/** Splits a byte stream into lines; holds a partial line until its terminator arrives. */
export class LineSplitter {
    maxBuffered;
    buffer = "";
    constructor(maxBuffered = MAX_LINE_BYTES * 4) {
        this.maxBuffered = maxBuffered;
    }
    /** Returns complete lines; an overlong unterminated line is discarded and reported as `overflow`. */
    push(chunk) {
        this.buffer += chunk;
        const parts = this.buffer.split("\n");
        this.buffer = parts.pop() ?? "";
        let overflow = false;
        if (this.buffer.length > this.maxBuffered) {
            this.buffer = "";
            overflow = true;
        }
        const lines = parts.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l)).filter((l) => l.length > 0);
        return { lines, overflow };
    }
    reset() {
        this.buffer = "";
    }
}
/** RFC 1459 case mapping, as Debian's InspIRCd uses by default. */
export const ircLower = rfc1459Fold;
//# sourceMappingURL=codec.js.map