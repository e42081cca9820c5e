/**
 * Whole-string globs (`*` any run, `?` one character), compiled once and cached: the email
 * blacklist masks, the flag rules and the LIST filters of OperServ all match with these.
 */
const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 1000;

/** The regular expression of a glob; the pattern is taken as written (fold both sides first). */
export function globRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let source = "";
  for (const ch of pattern) {
    if (ch === "*") source += "[\\s\\S]*";
    else if (ch === "?") source += "[\\s\\S]";
    else source += ch.replace(/[\\^$.|+()[\]{}/-]/g, "\\$&");
  }
  re = new RegExp(`^${source}$`);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** Whole-string glob match. Both sides are compared as given (fold them first). */
export function globMatch(pattern: string, text: string): boolean {
  return globRegExp(pattern).test(text);
}
