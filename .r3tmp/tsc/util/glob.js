/**
 * Whole-string globs (`*` any run, `?` one character), compiled once and cached: the email
 * blacklist masks, the flag rules and the LIST filters of OperServ all match with these.
 *
 * Masks come from opers and, through stored blacklists, from files; the text matched comes from
 * users. A regular expression built from a glob backtracks: `*a*a*a*a*a*a*a*a*a*a*@x` against a
 * 60-character address takes minutes in V8. This matcher never backtracks: the pattern is cut at
 * its stars, the first piece must match at the start, the last at the end, and each piece between
 * is placed at its leftmost match after the one before (leftmost leaves the most room for the
 * rest, so the first failure is final). The start positions tried by successive pieces do not
 * overlap, so a match costs at most (text length + 1) x (pattern length + 1) character
 * comparisons, and usually about the text length.
 */
const cache = new Map();
const CACHE_LIMIT = 1000;
function compile(pattern) {
    let compiled = cache.get(pattern);
    if (compiled)
        return compiled;
    const pieces = pattern.split("*").map((piece) => Array.from(piece));
    compiled = { pieces, exact: pieces.length === 1 };
    if (cache.size >= CACHE_LIMIT)
        cache.clear();
    cache.set(pattern, compiled);
    return compiled;
}
function pieceAt(piece, text, at, meter) {
    for (let i = 0; i < piece.length; i++) {
        if (meter)
            meter.steps++;
        const p = piece[i];
        if (p !== "?" && p !== text[at + i])
            return false;
    }
    return true;
}
/** Whole-string glob match. Both sides are compared as given (fold them first). */
export function globMatch(pattern, text, meter) {
    const { pieces, exact } = compile(pattern);
    const chars = Array.from(text);
    const first = pieces[0];
    if (exact)
        return chars.length === first.length && pieceAt(first, chars, 0, meter);
    const last = pieces[pieces.length - 1];
    if (first.length + last.length > chars.length)
        return false;
    if (!pieceAt(first, chars, 0, meter))
        return false;
    const end = chars.length - last.length;
    if (!pieceAt(last, chars, end, meter))
        return false;
    let pos = first.length;
    for (let k = 1; k < pieces.length - 1; k++) {
        const piece = pieces[k];
        if (piece.length === 0)
            continue;
        let found = -1;
        for (let at = pos; at + piece.length <= end; at++) {
            if (pieceAt(piece, chars, at, meter)) {
                found = at;
                break;
            }
        }
        if (found < 0)
            return false;
        pos = found + piece.length;
    }
    return true;
}
/** A reusable matcher for one pattern (the pattern is compiled once). */
export function globMatcher(pattern) {
    compile(pattern);
    return (text) => globMatch(pattern, text);
}
//# sourceMappingURL=glob.js.map