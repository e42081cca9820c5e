import { rfc1459Fold } from "../util/casefold.js";

/** One protocol line, parsed. `source` is the SID or UID prefix without the colon, or "" when absent. */
export interface IrcLine {
  tags: Record<string, string>;
  source: string;
  command: string;
  params: string[];
}

/** InspIRCd accepts long lines once linked; this bounds what we are willing to parse. */
export const MAX_LINE_BYTES = 16_384;

export type DecodeResult = { ok: true; line: IrcLine } | { ok: false; reason: string };

/*
 * The framing (RFC 1459 with IRCv3 message tags) is small enough to parse here: a client library
 * for it cost a sixth of the start-up time in module loading alone.
 *
 *   [@tag=value;tag2 ]<:source >COMMAND[ middle...][ :trailing]
 */

const TAG_ESCAPES: Record<string, string> = { ":": ";", s: " ", "\\": "\\", r: "\r", n: "\n" };

/** IRCv3 tag value unescaping: \: \s \\ \r \n; a backslash before anything else is dropped. */
function unescapeTagValue(value: string): string {
  if (!value.includes("\\")) return value;
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = value[++i];
    if (next !== undefined) out += TAG_ESCAPES[next] ?? next;
  }
  return out;
}

/** Keys are opaque and kept as written (IRCv3); the last of a repeated key wins. */
function decodeTags(text: string): Record<string, string> {
  // No prototype: a key such as "__proto__" or "constructor" is a key like any other.
  const tags: Record<string, string> = Object.create(null);
  for (const tag of text.split(";")) {
    const eq = tag.indexOf("=");
    const key = eq < 0 ? tag : tag.slice(0, eq);
    if (key) tags[key] = eq < 0 ? "" : unescapeTagValue(tag.slice(eq + 1));
  }
  return tags;
}

const NO_COMMAND: DecodeResult = { ok: false, reason: "no command" };

/** Index of the first character at or after `from` that is not a space. */
function skipSpaces(raw: string, from: number): number {
  let i = from;
  while (raw.charCodeAt(i) === 32) i++;
  return i;
}

/** Parses one line (without its terminator). Never throws: a line it cannot use is a reason. */
export function decodeLine(raw: string): DecodeResult {
  if (raw.length === 0) return { ok: false, reason: "empty line" };
  // A UTF-16 unit is at most 3 bytes of UTF-8: only long lines need counting.
  if (raw.length * 3 > MAX_LINE_BYTES && Buffer.byteLength(raw, "utf8") > MAX_LINE_BYTES) {
    return { ok: false, reason: `line longer than ${MAX_LINE_BYTES} bytes` };
  }
  if (/[\0\r\n]/.test(raw)) return { ok: false, reason: "line contains NUL, CR or LF" };
  let pos = skipSpaces(raw, 0);
  let tags: Record<string, string> = {};
  if (raw[pos] === "@") {
    const end = raw.indexOf(" ", pos);
    if (end < 0) return NO_COMMAND;
    tags = decodeTags(raw.slice(pos + 1, end));
    pos = skipSpaces(raw, end);
  }
  let source = "";
  if (raw[pos] === ":") {
    const end = raw.indexOf(" ", pos);
    if (end < 0) return NO_COMMAND;
    source = raw.slice(pos + 1, end);
    pos = skipSpaces(raw, end);
  }
  let end = raw.indexOf(" ", pos);
  if (end < 0) end = raw.length;
  // Checked before upper-casing: toUpperCase maps some non-ASCII letters to ASCII ("ı" to "I").
  const word = raw.slice(pos, end);
  if (!/^[A-Za-z0-9]+$/.test(word)) return NO_COMMAND;
  const command = word.toUpperCase();
  const params: string[] = [];
  pos = skipSpaces(raw, end);
  while (pos < raw.length) {
    if (raw[pos] === ":") {
      params.push(raw.slice(pos + 1));
      break;
    }
    end = raw.indexOf(" ", pos);
    if (end < 0) end = raw.length;
    params.push(raw.slice(pos, end));
    pos = skipSpaces(raw, end);
  }
  return { ok: true, line: { tags, source, command, params } };
}

/**
 * Serialises a line. Only the last parameter may hold spaces, be empty or start with ':';
 * a middle parameter that would break the framing is a bug in the caller, so it throws.
 */
export function encodeLine(source: string, command: string, ...params: string[]): string {
  let line = source ? `:${source} ${command}` : command;
  const last = params.length - 1;
  for (let index = 0; index <= last; index++) {
    const param = params[index] as string;
    if (/[\0\r\n]/.test(param)) throw new Error(`parameter ${index} of ${command} contains CR, LF or NUL`);
    const needsColon = param === "" || param.includes(" ") || param.charCodeAt(0) === 58;
    if (index < last) {
      if (needsColon) throw new Error(`middle parameter ${index} of ${command} is empty, has a space or starts with ':'`);
      line += ` ${param}`;
    } else {
      line += needsColon ? ` :${param}` : ` ${param}`;
    }
  }
  return line;
}

/** Splits a byte stream into lines; holds a partial line until its terminator arrives. */
export class LineSplitter {
  private buffer = "";
  /** An overlong line was cut: the rest of it, up to its terminator, is not a line of its own. */
  private discarding = false;
  constructor(private readonly maxBuffered = MAX_LINE_BYTES * 4) {}

  /**
   * Returns complete lines; an overlong unterminated line is discarded, up to and including its
   * terminator, and reported once as `overflow`.
   */
  push(chunk: string): { lines: string[]; overflow: boolean } {
    let text = chunk;
    if (this.discarding) {
      const end = text.indexOf("\n");
      if (end < 0) return { lines: [], overflow: false };
      this.discarding = false;
      text = text.slice(end + 1);
    }
    this.buffer += text;
    const parts = this.buffer.split("\n");
    this.buffer = parts.pop() ?? "";
    let overflow = false;
    if (this.buffer.length > this.maxBuffered) {
      this.buffer = "";
      this.discarding = true;
      overflow = true;
    }
    const lines = parts.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l)).filter((l) => l.length > 0);
    return { lines, overflow };
  }

  reset(): void {
    this.buffer = "";
    this.discarding = false;
  }
}

/** RFC 1459 case mapping, as Debian's InspIRCd uses by default. */
export const ircLower = rfc1459Fold;
