import { randomBytes } from "node:crypto";

const REDACTED = "[redacted]";
/** Words at least this long are cut out wherever they appear; shorter ones only where they stand alone. */
const SUBSTRING_LENGTH = 4;

/**
 * `text` (an error's message and stack) with every one of `words` (what a user typed: a command's
 * arguments, a password) replaced by "[redacted]", so that an exception that quotes its input
 * leaves no password in a log. Short words are replaced only between characters that are not
 * letters or digits, so that a one-letter argument does not blank out the stack.
 */
export function redactWords(text: string, words: Iterable<string>): string {
  const unique = [...new Set(words)].filter((w) => w.length > 0).sort((a, b) => b.length - a.length);
  if (unique.length === 0) return text;
  const alternatives = unique.map((w) => (w.length >= SUBSTRING_LENGTH ? escape(w) : `(?<![\\p{L}\\p{N}])${escape(w)}(?![\\p{L}\\p{N}])`));
  return text.replace(new RegExp(alternatives.join("|"), "gu"), REDACTED);
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A short reference for one internal error, given to the user and logged with it: 8 hex digits. */
export function newIncident(): string {
  return randomBytes(4).toString("hex").toUpperCase();
}
