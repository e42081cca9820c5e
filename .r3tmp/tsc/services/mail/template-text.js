export const IGNORE = "If you did not ask for this, ignore this mail.";
/**
 * A value inserted into a mail: strings and numbers only. Line breaks and NULs become spaces and
 * other control characters are dropped, so a value (an oper's reason, an account name) can neither
 * add lines to the mail nor carry terminal escapes.
 */
export function text(template, data, key, fallback) {
    const value = data[key];
    if (value === undefined || value === null) {
        if (fallback !== undefined)
            return fallback;
        throw new Error(`mail template ${template}: data.${key} is missing`);
    }
    if (typeof value !== "string" && !(typeof value === "number" && Number.isFinite(value))) {
        throw new Error(`mail template ${template}: data.${key} must be a string or a number, got ${typeof value}`);
    }
    // eslint-disable-next-line no-control-regex
    const s = String(value).replace(/[\r\n\0]+/g, " ").replace(/[\u0001-\u0008\u000b-\u001f\u007f]/g, "");
    if (s.length === 0 && fallback === undefined)
        throw new Error(`mail template ${template}: data.${key} is empty`);
    return s;
}
/** A list of values (each as `text` cleans it); a missing key is a bug. */
export function list(template, data, key) {
    const value = data[key];
    if (!Array.isArray(value))
        throw new Error(`mail template ${template}: data.${key} must be an array`);
    return value.map((_, i) => text(template, value, String(i)));
}
/** A multi-line value (a JSON document): each line cleaned as `text` cleans a value. */
export function block(template, data, key) {
    const value = data[key];
    if (typeof value !== "string")
        throw new Error(`mail template ${template}: data.${key} must be a string`);
    // eslint-disable-next-line no-control-regex
    return value.split(/\r?\n/).map((line) => line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ""));
}
//# sourceMappingURL=template-text.js.map