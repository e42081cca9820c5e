/**
 * The building blocks of the services.conf schema (schema.ts): zod fields for durations,
 * integers, names, addresses and masks, each with an "expected ..." message.
 */
import { z } from "zod";
import { parseCidr } from "../util/cidr.js";
import { parseDuration } from "../util/duration.js";
import { hasUnprintable } from "../util/text.js";
// The configuration is parsed once at start-up (and at REHASH): generating zod's compiled fast
// path costs more than it saves (about 16 ms of CPU against 8 ms for one parse, measured).
z.config({ jitless: true });
const DURATION_EXPECTED = 'expected a duration such as "90s", "5m", "48h" or "10d"';
/**
 * A duration string converted to milliseconds. `0` (quoted or not) is accepted only where
 * `allowZero` says it means something ("never", or "no delay").
 */
export function durationValue(opts = {}) {
    return z.preprocess((v) => (v === 0 ? "0" : v), z.string({ error: DURATION_EXPECTED }).transform((text, ctx) => {
        const parsed = parseDuration(text);
        if (!parsed.ok) {
            ctx.addIssue({ code: "custom", message: parsed.error });
            return z.NEVER;
        }
        if (parsed.value === 0 && !opts.allowZero) {
            ctx.addIssue({ code: "custom", message: `expected a duration greater than 0 (such as "90s", "48h" or "10d"), got "${text}"` });
            return z.NEVER;
        }
        return parsed.value;
    }));
}
/** A duration key with its default (the default is parsed like a written value). */
export function duration(def, opts = {}) {
    return durationValue(opts).prefault(def);
}
export function int(min, max = Number.MAX_SAFE_INTEGER) {
    const expected = max === Number.MAX_SAFE_INTEGER
        ? `expected an integer of at least ${min}`
        : `expected an integer from ${min} to ${max}`;
    return z.number({ error: expected }).int(expected).min(min, expected).max(max, expected);
}
export function nonEmptyString(what) {
    const expected = `expected ${what}`;
    return z.string({ error: expected }).min(1, expected);
}
/** Text that goes into a protocol line (a server description, a real name): one line, printable. */
export function lineText(what) {
    return nonEmptyString(what).refine((s) => !hasUnprintable(s), `expected ${what} without line breaks or control characters`);
}
export const EMAIL_RE = /^[^\s@<>"\p{Cc}]+@[^\s@<>"\p{Cc}]+$/u;
export const SERVER_NAME_RE = /^[A-Za-z0-9.-]+$/;
export const SID_RE = /^[0-9][A-Z0-9]{2}$/;
export const NICK_RE = /^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]{0,29}$/;
export const IDENT_RE = /^[A-Za-z0-9_.~-]{1,10}$/;
/** A host for a protocol line: it cannot start with ':' (that would end the line's parameters). */
export const HOST_RE = /^[A-Za-z0-9.-][A-Za-z0-9.:-]*$/;
export function email(what = "an email address") {
    const expected = `expected ${what} (user@domain)`;
    return z.string({ error: expected }).regex(EMAIL_RE, expected);
}
/** A link password: it travels as a middle parameter of the SERVER line. */
export function secret(what) {
    const expected = `expected ${what}: non-empty, without spaces`;
    return z
        .string({ error: expected })
        .regex(/^\S+$/, expected)
        .refine((s) => !s.startsWith(":") && !hasUnprintable(s), `expected ${what} without control characters, not starting with ':'`);
}
export const globMask = z
    .string({ error: 'expected a glob mask such as "*@mailinator.com"' })
    .regex(/^\S+$/, 'expected a glob mask such as "*@mailinator.com" (non-empty, without spaces)');
const CIDR_EXPECTED = 'expected an IPv4 or IPv6 address or mask such as "127.0.0.0/8" or "::1/128"';
/** An address mask (util/cidr.ts): `192.0.2.0/24`, `2001:db8::/32` or a bare address. */
export const cidrMask = z.string({ error: CIDR_EXPECTED }).superRefine((text, ctx) => {
    const parsed = parseCidr(text);
    if (!parsed.ok)
        ctx.addIssue({ code: "custom", message: `${CIDR_EXPECTED} (${parsed.error})` });
});
export function compiles(pattern) {
    try {
        new RegExp(pattern);
        return null;
    }
    catch (e) {
        return e instanceof Error ? e.message : String(e);
    }
}
//# sourceMappingURL=fields.js.map