/**
 * Reading Atheme's flat file (the "opensex" backend): one row a line, `TYPE word word ... [text]`,
 * words separated by single spaces, the last field of some rows free text to the end of the line.
 * Every row Atheme writes ends with a newline, so a file that does not is cut short.
 *
 * The reader is synchronous and reads in chunks: a line longer than `maxLineBytes` is reported and
 * skipped without being held in memory, and bytes that are not UTF-8 are reported per line. A
 * line is never made a string as a whole: each field is decoded on its own, so that what the
 * import keeps (a name, a hash) holds only its own characters, not the whole line behind it.
 */
import { isUtf8 } from "node:buffer";
import { closeSync, openSync, readSync } from "node:fs";

/**
 * One line of the file: its number (1-based), and its bytes (without the line end; valid until
 * the next line is read) or what is wrong with it.
 */
export type RawLine =
  | { line: number; kind: "text"; bytes: Buffer }
  | { line: number; kind: "oversize"; bytes: number; type: string }
  | { line: number; kind: "encoding"; type: string }
  /** The file ends without a newline: the last row was cut short. */
  | { line: number; kind: "truncated"; bytes: number };

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
const CHUNK = 1024 * 1024;

/** The row type at the start of a line's bytes (ASCII letters), for messages about unreadable lines. */
function rowType(bytes: Buffer): string {
  const m = /^[A-Z]{1,8}(?= |$)/.exec(bytes.subarray(0, 9).toString("latin1"));
  return m ? m[0] : "";
}

/** The lines of an opensex file, in order. Throws only when the file cannot be read at all. */
export function* readLines(path: string, maxLineBytes = DEFAULT_MAX_LINE_BYTES): Generator<RawLine> {
  const fd = openSync(path, "r");
  try {
    const chunk = Buffer.allocUnsafe(CHUNK);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let skipping = false;
    let skippedType = "";
    let line = 1;
    const finish = (tail: Buffer): RawLine => {
      const parts = pendingBytes > 0 ? Buffer.concat([...pending, tail]) : tail;
      pending = [];
      pendingBytes = 0;
      const bytes = parts[parts.length - 1] === 0x0d ? parts.subarray(0, -1) : parts;
      return isUtf8(bytes) ? { line, kind: "text", bytes } : { line, kind: "encoding", type: rowType(bytes) };
    };
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) break;
      let start = 0;
      while (start < n) {
        const nl = chunk.indexOf(0x0a, start);
        const end = nl < 0 || nl >= n ? n : nl;
        const piece = chunk.subarray(start, end);
        if (!skipping && pendingBytes + piece.length > maxLineBytes) {
          skipping = true;
          skippedType = rowType(pending.length > 0 ? (pending[0] as Buffer) : piece);
          pending = [];
        }
        if (skipping) pendingBytes += piece.length;
        else if (end === n) {
          // Keep a copy: the chunk buffer is reused by the next read.
          pending.push(Buffer.from(piece));
          pendingBytes += piece.length;
        }
        if (end === n) break;
        if (skipping) {
          yield { line, kind: "oversize", bytes: pendingBytes, type: skippedType };
          skipping = false;
          pending = [];
          pendingBytes = 0;
        } else {
          yield finish(piece);
        }
        line += 1;
        start = end + 1;
      }
    }
    if (pendingBytes > 0) yield { line, kind: "truncated", bytes: pendingBytes };
  } finally {
    closeSync(fd);
  }
}

const SPACE = 0x20;

/** A row's fields, read left to right the way Atheme reads them (words separated by single spaces). */
export class Row {
  /** Where the next word starts in the bytes (past the end: no more words). */
  private next: number;
  readonly type: string;

  constructor(
    readonly line: number,
    private readonly bytes: Buffer,
  ) {
    this.next = 0;
    this.type = this.word() ?? "";
  }

  /** The next space-separated word, or undefined at the end of the line. */
  word(): string | undefined {
    if (this.next > this.bytes.length) return undefined;
    let end = this.bytes.indexOf(SPACE, this.next);
    if (end < 0) end = this.bytes.length;
    const word = this.bytes.toString("utf8", this.next, end);
    this.next = end + 1;
    return word;
  }

  /** The rest of the line (free text: a reason, a metadata value); "" at the end. */
  rest(): string {
    if (this.next > this.bytes.length) return "";
    const value = this.bytes.toString("utf8", this.next);
    this.next = this.bytes.length + 1;
    return value;
  }

  /** True for a line with nothing to read: blank, or a # comment. */
  get empty(): boolean {
    const first = this.bytes[0];
    if (first === undefined || first === 0x23) return true;
    // Rows start with their type in capitals; anything else may be a line of white space.
    return !(first >= 0x41 && first <= 0x5a) && this.bytes.toString("utf8").trim() === "";
  }
}
