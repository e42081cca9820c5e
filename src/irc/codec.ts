import ircFramework from "irc-framework";
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

/** Parses one line (without its terminator) using irc-framework's line parser. */
export function decodeLine(raw: string): DecodeResult {
  if (raw.length === 0) return { ok: false, reason: "empty line" };
  if (Buffer.byteLength(raw, "utf8") > MAX_LINE_BYTES) return { ok: false, reason: `line longer than ${MAX_LINE_BYTES} bytes` };
  if (/[\0\r\n]/.test(raw)) return { ok: false, reason: "line contains NUL, CR or LF" };
  const message = ircFramework.ircLineParser(raw);
  if (!message.command || !/^[A-Z0-9]+$/.test(message.command)) {
    return { ok: false, reason: "no command" };
  }
  return {
    ok: true,
    line: { tags: { ...message.tags }, source: message.prefix ?? "", command: message.command, params: message.params },
  };
}

/**
 * Serialises a line. Only the last parameter may hold spaces, be empty or start with ':';
 * a middle parameter that would break the framing is a bug in the caller, so it throws.
 */
export function encodeLine(source: string, command: string, ...params: string[]): string {
  params.forEach((param, index) => {
    if (/[\0\r\n]/.test(param)) throw new Error(`parameter ${index} of ${command} contains CR, LF or NUL`);
    const last = index === params.length - 1;
    if (!last && (param === "" || param.includes(" ") || param.startsWith(":"))) {
      throw new Error(`middle parameter ${index} of ${command} is empty, has a space or starts with ':'`);
    }
  });
  // irc-framework's serialiser leaves an empty trailing parameter without its colon, so add it here.
  const emptyLast = params.length > 0 && params[params.length - 1] === "";
  const message = new ircFramework.Message(command, ...(emptyLast ? params.slice(0, -1) : params));
  if (source) message.prefix = source;
  const line = message.to1459();
  return emptyLast ? `${line} :` : line;
}

/** Splits a byte stream into lines; holds a partial line until its terminator arrives. */
export class LineSplitter {
  private buffer = "";
  constructor(private readonly maxBuffered = MAX_LINE_BYTES * 4) {}

  /** Returns complete lines; an overlong unterminated line is discarded and reported as `overflow`. */
  push(chunk: string): { lines: string[]; overflow: boolean } {
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

  reset(): void {
    this.buffer = "";
  }
}

/** RFC 1459 case mapping, as Debian's InspIRCd uses by default. */
export const ircLower = rfc1459Fold;
