/**
 * Reading Atheme's flat file (the "opensex" backend): one row a line, `TYPE word word ... [text]`,
 * words separated by single spaces, the last field of some rows free text to the end of the line.
 * Every row Atheme writes ends with a newline, so a file that does not is cut short.
 *
 * The reader is synchronous and reads in chunks: a line longer than `maxLineBytes` is reported and
 * skipped without being held in memory, and bytes that are not UTF-8 are reported per line.
 */
import { closeSync, openSync, readSync } from "node:fs";
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
const CHUNK = 1024 * 1024;
/** The row type at the start of a line's bytes (ASCII letters), for messages about unreadable lines. */
function rowType(bytes) {
    const m = /^[A-Z]{1,8}(?= |$)/.exec(bytes.subarray(0, 9).toString("latin1"));
    return m ? m[0] : "";
}
/** The lines of an opensex file, in order. Throws only when the file cannot be read at all. */
export function* readLines(path, maxLineBytes = DEFAULT_MAX_LINE_BYTES) {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const fd = openSync(path, "r");
    try {
        const chunk = Buffer.allocUnsafe(CHUNK);
        let pending = [];
        let pendingBytes = 0;
        let skipping = false;
        let skippedType = "";
        let line = 1;
        const finish = (tail) => {
            const parts = pendingBytes > 0 ? Buffer.concat([...pending, tail]) : tail;
            pending = [];
            pendingBytes = 0;
            const bytes = parts[parts.length - 1] === 0x0d ? parts.subarray(0, -1) : parts;
            try {
                return { line, kind: "text", text: decoder.decode(bytes) };
            }
            catch {
                return { line, kind: "encoding", type: rowType(bytes) };
            }
        };
        for (;;) {
            const n = readSync(fd, chunk, 0, CHUNK, null);
            if (n === 0)
                break;
            let start = 0;
            while (start < n) {
                const nl = chunk.indexOf(0x0a, start);
                const end = nl < 0 || nl >= n ? n : nl;
                const piece = chunk.subarray(start, end);
                if (!skipping && pendingBytes + piece.length > maxLineBytes) {
                    skipping = true;
                    skippedType = rowType(pending.length > 0 ? pending[0] : piece);
                    pending = [];
                }
                if (skipping)
                    pendingBytes += piece.length;
                else if (end === n) {
                    // Keep a copy: the chunk buffer is reused by the next read.
                    pending.push(Buffer.from(piece));
                    pendingBytes += piece.length;
                }
                if (end === n)
                    break;
                if (skipping) {
                    yield { line, kind: "oversize", bytes: pendingBytes, type: skippedType };
                    skipping = false;
                    pending = [];
                    pendingBytes = 0;
                }
                else {
                    yield finish(piece);
                }
                line += 1;
                start = end + 1;
            }
        }
        if (pendingBytes > 0)
            yield { line, kind: "truncated", bytes: pendingBytes };
    }
    finally {
        closeSync(fd);
    }
}
/** A row's fields, read left to right the way Atheme reads them. */
export class Row {
    line;
    text;
    words;
    next = 0;
    type;
    constructor(line, text) {
        this.line = line;
        this.text = text;
        this.words = text.split(" ");
        this.type = this.words[0] ?? "";
        this.next = 1;
    }
    /** The next space-separated word, or undefined at the end of the line. */
    word() {
        if (this.next >= this.words.length)
            return undefined;
        return this.words[this.next++];
    }
    /** The rest of the line (free text: a reason, a metadata value); "" at the end. */
    rest() {
        if (this.next >= this.words.length)
            return "";
        const value = this.words.slice(this.next).join(" ");
        this.next = this.words.length;
        return value;
    }
    /** What remains after the fields read, trimmed ("" when the row had exactly those fields). */
    extra() {
        return this.words.slice(this.next).join(" ").trim();
    }
}
//# sourceMappingURL=opensex.js.map