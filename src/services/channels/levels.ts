import { err, ok, type Result } from "../../util/result.js";
import { shown } from "../../util/text.js";

/** Channel access levels (X2/srvx style). A user can only manage levels lower than their own. */
export const LEVELS = {
  owner: 500,
  coowner: 400,
  manager: 300,
  op: 200,
  voice: 100,
} as const;

export type LevelName = keyof typeof LEVELS;

export const OWNER = LEVELS.owner;
export const MANAGER = LEVELS.manager;
export const OP = LEVELS.op;
export const VOICE = LEVELS.voice;

const NAMES = Object.keys(LEVELS) as LevelName[];

/** "owner", "coowner"... for a stored level; a number between named levels shows as the name below it. */
export function levelName(level: number): string {
  for (const name of NAMES) if (level >= LEVELS[name]) return name;
  return String(level);
}

/** The level list for messages: "coowner (400), manager (300), op (200), voice (100)". */
export function describeLevels(below = OWNER + 1): string {
  return NAMES.filter((n) => LEVELS[n] < below)
    .map((n) => `${n} (${LEVELS[n]})`)
    .join(", ");
}

/** Parses a level given by name ("op", "co-owner") or by its number ("200"). */
export function parseLevel(text: string): Result<number, string> {
  const word = text.toLowerCase().replace(/-/g, "");
  if (word in LEVELS) return ok(LEVELS[word as LevelName]);
  if (/^\d+$/.test(word)) {
    const n = Number(word);
    if (NAMES.some((name) => LEVELS[name] === n)) return ok(n);
  }
  return err(`${shown(text, 20)} is not an access level; use one of ${describeLevels()}.`);
}
