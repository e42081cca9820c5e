/** C0/C1 controls, DEL, format characters (bidi overrides, zero-width), line/paragraph separators. */
const UNPRINTABLE_CLASS = "[\\p{Cc}\\p{Cf}\\u2028\\u2029]";
const UNPRINTABLE_ALL = new RegExp(UNPRINTABLE_CLASS, "gu");
const UNPRINTABLE_ANY = new RegExp(UNPRINTABLE_CLASS, "u");
/**
 * Text from outside (a command argument, a SASL name, a server's reply) made fit to quote in a
 * reply or a notice: control and format characters removed (no CTCP, colour codes, fake line
 * breaks or bidi tricks) and cut to `max` characters, with an ellipsis when cut.
 */
export function shown(input, max = 40) {
    const clean = input.replace(UNPRINTABLE_ALL, "");
    return clean.length > max ? `${clean.slice(0, Math.max(1, max - 1))}…` : clean;
}
/** True when the text holds a control or format character (see `shown`). */
export function hasUnprintable(text) {
    return UNPRINTABLE_ANY.test(text);
}
/** One line of text (a mail subject, a display name): line breaks become spaces, other controls go. */
export function singleLine(text) {
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\r\n]+/g, " ").replace(/[\u0000-\u001f\u007f]/g, "").trim();
}
//# sourceMappingURL=text.js.map