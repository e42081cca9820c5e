/**
 * The schema of services.conf (TOML) and the typed Config derived from it.
 *
 * Every table is strict (unknown keys are errors). Only [server], [uplink] and [database] are
 * required; every other table and key has a default, and an absent table yields all of its
 * defaults. Durations are written as strings ("48h", "10d", "0") and come out as milliseconds.
 *
 * Messages that describe a wrong value start with "expected ..."; the loader (load.ts) adds the
 * key path, the line number and the value it got.
 */
import { z } from "zod";
import { rfc1459Fold } from "../util/casefold.js";
import { cidrMask, compiles, duration, durationValue, email, EMAIL_RE, globMask, HOST_RE, IDENT_RE, int, lineText, NICK_RE, nonEmptyString, secret, SERVER_NAME_RE, SID_RE, } from "./fields.js";
export const ALL_PRIVILEGES = [
    "review",
    "blacklist",
    "account:auspex",
    "account:admin",
    "account:mark",
    "account:freeze",
    "account:delete",
    "channel:admin",
    "expiry",
    "audit",
    "rehash",
    "case",
];
/** The oper class that holds every privilege; it exists without being declared. */
const ADMIN_CLASS = "admin";
/** Longest nickserv.guest_hold (ms). */
const MAX_GUEST_HOLD_MS = 3_600_000;
// ---------------------------------------------------------------------------------------------
// Tables
const serverSchema = z.strictObject({
    name: z
        .string({ error: 'expected a server name such as "services.example.net"' })
        .regex(SERVER_NAME_RE, "expected a server name: letters, digits, dots and dashes only")
        .max(63, "expected a server name of at most 63 characters")
        .refine((s) => s.includes("."), "expected a server name containing a dot"),
    sid: z
        .string({ error: 'expected a server ID (SID): a digit then two of A-Z, 0-9, e.g. "42X"' })
        .regex(SID_RE, 'expected a server ID (SID): a digit then two of A-Z, 0-9, e.g. "42X"'),
    description: lineText("a non-empty server description").default("Custodian IRC services"),
}, { error: "expected a table [server]" });
const uplinkSchema = z.strictObject({
    protocol: z.literal("inspircd3", { error: 'expected "inspircd3" (the only supported protocol)' }).default("inspircd3"),
    host: nonEmptyString("a host name or IP address"),
    port: int(1, 65535),
    send_password: secret("a link password"),
    receive_password: secret("a link password"),
    reconnect_delay: duration("5s"),
    max_reconnect_delay: duration("2m"),
    ping_interval: duration("60s"),
    ping_timeout: duration("120s"),
}, { error: "expected a table [uplink]" });
const databaseSchema = z.strictObject({
    path: nonEmptyString("a file path"),
}, { error: "expected a table [database]" });
const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];
const logSchema = z
    .strictObject({
    level: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(", ")}` }).default("info"),
    file: z.string({ error: 'expected a file path (or "" for standard output)' }).default(""),
}, { error: "expected a table [log]" })
    .prefault({});
/** "host:port" or "[ipv6]:port" -> its parts; null when it is not one. */
export function parseListenAddress(text) {
    const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text);
    if (!match)
        return null;
    const port = Number(match[3]);
    if (port < 1 || port > 65535)
        return null;
    return { host: (match[1] ?? match[2]), port };
}
const LISTEN_EXPECTED = 'expected "host:port" such as "127.0.0.1:9102" or "[::1]:9102" (or "" for off)';
const metricsSchema = z
    .strictObject({
    listen: z
        .string({ error: LISTEN_EXPECTED })
        .refine((s) => s === "" || parseListenAddress(s) !== null, LISTEN_EXPECTED)
        .default(""),
}, { error: "expected a table [metrics]" })
    .prefault({});
const mailSchema = z
    .strictObject({
    from: email().default("services@localhost"),
    transport: z.enum(["smtp", "file"], { error: 'expected "smtp" or "file"' }).default("smtp"),
    smtp_url: z
        .string({ error: 'expected an smtp:// or smtps:// URL (or "")' })
        .refine((s) => s === "" || (/^smtps?:\/\//i.test(s) && URL.canParse(s)), 'expected an smtp:// or smtps:// URL such as "smtp://user:pass@host:587" (or "")')
        .default("smtp://localhost:25"),
    dir: nonEmptyString("a directory path").default("mail"),
    network_name: nonEmptyString("a non-empty network name").default("IRC network"),
    contact: z
        .string({ error: 'expected an email address (or "" to use mail.from)' })
        .refine((s) => s === "" || EMAIL_RE.test(s), 'expected an email address (or "" to use mail.from)')
        .default(""),
    url: z
        .string({ error: 'expected an http:// or https:// URL (or "")' })
        .refine((s) => s === "" || (/^https?:\/\//i.test(s) && URL.canParse(s)), 'expected an http:// or https:// URL (or "")')
        .default(""),
    blacklist: z.array(globMask, { error: "expected an array of glob masks" }).default([]),
    delay: duration("5m", { allowZero: true }),
    per_address_per_hour: int(1).default(3),
    per_hour: int(1).default(100),
    bulk_share: z
        .number({ error: "expected a number from 0 to 1" })
        .min(0, "expected a number from 0 to 1")
        .max(1, "expected a number from 0 to 1")
        .default(0.5),
    retry_base: duration("1m"),
    max_attempts: int(1, 100).default(8),
}, { error: "expected a table [mail]" })
    .prefault({});
function pseudoclient(nick, realname, table) {
    return z
        .strictObject({
        nick: z
            .string({ error: "expected an IRC nickname" })
            .regex(NICK_RE, "expected an IRC nickname: letters, digits and []\\`_^{|}-, not starting with a digit or '-', at most 30 characters")
            .default(nick),
        ident: z
            .string({ error: "expected an ident (username)" })
            .regex(IDENT_RE, "expected an ident: 1 to 10 of letters, digits and _.~-")
            .default("services"),
        host: z
            .string({ error: 'expected a host name (or "" for the server name)' })
            .refine((s) => s === "" || HOST_RE.test(s), 'expected a host name (or "" for the server name)')
            .default(""),
        realname: lineText("a non-empty real name").default(realname),
    }, { error: `expected a table [${table}]` })
        .prefault({});
}
const pseudoclientsSchema = z
    .strictObject({
    x2: pseudoclient("X2", "Channel Services", "pseudoclients.x2"),
    nickserv: pseudoclient("NickServ", "Nickname Services", "pseudoclients.nickserv"),
    operserv: pseudoclient("OperServ", "Operator Services", "pseudoclients.operserv"),
}, { error: "expected a table [pseudoclients]" })
    .prefault({});
const opersSchema = z
    .record(z.string(), nonEmptyString("an oper class name"), {
    error: 'expected a table [opers] of account = "class"',
})
    .default({});
const operClassesSchema = z
    .record(z.string(), z
    .strictObject({
    privileges: z
        .array(z.enum(ALL_PRIVILEGES, { error: `expected one of ${ALL_PRIVILEGES.join(", ")}` }), {
        error: "expected an array of privileges",
    })
        .default([]),
}, { error: "expected a table [oper_classes.<name>]" })
    .prefault({}), { error: "expected tables [oper_classes.<name>]" })
    .default({});
const maintenanceSchema = z
    .strictObject({
    interval: duration("1m"),
    breaker_limit: int(1).default(500),
}, { error: "expected a table [maintenance]" })
    .prefault({});
const floodSchema = z
    .strictObject({
    messages: int(1).default(8),
    window: duration("10s"),
    ignore: duration("60s"),
}, { error: "expected a table [flood]" })
    .prefault({});
const nickservSchema = z
    .strictObject({
    verify_window: duration("24h"),
    resend_interval: duration("90s"),
    max_accounts_per_email: int(1).default(3),
    max_grouped_nicks: int(1).default(5),
    guest_grace: duration("60s"),
    guest_hold: duration("60s", { allowZero: true }),
    guest_prefix: z
        .string({ error: "expected a nickname prefix" })
        .regex(/^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]{0,19}$/, "expected a nickname prefix: a valid nickname of at most 20 characters")
        .default("Guest"),
    password_min_length: int(1, 1024).default(8),
    registrations_per_host_per_day: int(0).default(5),
    nick_expire: duration("60d"),
    nick_expire_warning: duration("7d"),
    account_expire: duration("3y", { allowZero: true }),
    code_lifetime: duration("24h"),
}, { error: "expected a table [nickserv]" })
    .prefault({});
const securitySchema = z
    .strictObject({
    scrypt_n: int(1024, 1048576)
        .refine((n) => (n & (n - 1)) === 0, "expected a power of two from 1024 to 1048576")
        .default(16384),
    scrypt_r: int(1, 32).default(8),
    scrypt_p: int(1, 16).default(1),
    login_attempts_per_minute: int(1).default(5),
    failure_alert_threshold: int(1).default(20),
}, { error: "expected a table [security]" })
    .prefault({});
const reason = nonEmptyString("a non-empty reason");
const flagRuleSchema = z.discriminatedUnion("kind", [
    z.strictObject({
        kind: z.literal("email"),
        pattern: globMask,
        reason,
    }),
    z.strictObject({
        kind: z.literal("channel"),
        pattern: globMask,
        reason,
    }),
    z.strictObject({
        kind: z.literal("host_rejections"),
        count: int(1),
        window: durationValue(),
        reason,
    }),
], { error: 'expected kind = "email", "channel" or "host_rejections"' });
const DEFAULT_CHANNEL_NAME_PATTERN = "^#[A-Za-z0-9_\\-\\[\\]\\\\`^{}|.]+$";
const channelsSchema = z
    .strictObject({
    name_pattern: z
        .string({ error: "expected a regular expression (as a string)" })
        .superRefine((s, ctx) => {
        const problem = compiles(s);
        if (problem !== null) {
            ctx.addIssue({ code: "custom", message: `expected a valid JavaScript regular expression (${problem})` });
        }
    })
        .default(DEFAULT_CHANNEL_NAME_PATTERN),
    max_name_length: int(2, 200).default(32),
    max_per_email: int(1).default(3),
    verify_window: duration("48h"),
    establish_window: duration("10d"),
    establish_visit_after: duration("24h"),
    inactive_expire: duration("60d", { allowZero: true }),
    pending_cap: int(1).default(200),
    registrations_per_hour: int(1).default(20),
    registrations_per_host_per_day: int(1).default(3),
    registrations_per_account_per_day: int(1).default(3),
    split_grace: duration("30m", { allowZero: true }),
    review_alert_window: duration("1h"),
    flag_rules: z.array(flagRuleSchema, { error: "expected an array of tables [[channels.flag_rules]]" }).default([]),
}, { error: "expected a table [channels]" })
    .prefault({});
/**
 * Who inherits a channel whose owner is deleted: the highest coowner ("coowner"), the highest
 * coowner and else the highest manager ("manager"), ties going to the oldest access; or nobody
 * ("none": the channel is dropped).
 */
export const SUCCESSOR_RULES = ["manager", "coowner", "none"];
const deletionSchema = z
    .strictObject({
    objection_window: duration("14d", { allowZero: true }),
    retention: duration("2y"),
    tombstone_domain: z
        .string({ error: 'expected a domain name such as "deleted.invalid"' })
        .regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, 'expected a domain name such as "deleted.invalid"')
        .default("deleted.invalid"),
    successor: z
        .enum(SUCCESSOR_RULES, { error: `expected one of ${SUCCESSOR_RULES.join(", ")}` })
        .default("manager"),
    trivial_at_once: z.boolean({ error: "expected true or false" }).default(true),
    retain_after_grant: duration("3y", { allowZero: true }),
    retain_after_authored: duration("0", { allowZero: true }),
    export_interval: duration("24h", { allowZero: true }),
}, { error: "expected a table [deletion]" })
    .prefault({});
/** The placeholders each [freeze] message may use (the words fill them in; src/commands/freeze-words.ts). */
export const FREEZE_PLACEHOLDERS = {
    message: ["account", "reason", "url", "contact"],
    public_message: ["account", "url", "contact"],
    channel_notice: ["channel", "owner", "url", "contact"],
};
/** The [freeze] messages as shipped (services.conf.example documents them). */
export const FREEZE_DEFAULTS = {
    message: "The account {account} is frozen by the network staff: {reason}. How to resolve this: {url} - or write to {contact}.",
    public_message: "The account {account} is frozen by the network staff. How to resolve this: {url} - or write to {contact}.",
    channel_notice: "{channel} is suspended: services do not act here for now. Ask its owner, {owner}, to contact the network staff ({contact}).",
};
/** A one-line message template whose {placeholders} must be among `allowed`. */
function messageTemplate(allowed, def) {
    const list = allowed.map((p) => `{${p}}`).join(", ");
    return lineText("a non-empty one-line message")
        .max(400, "expected a message of at most 400 characters (a notice is one IRC line)")
        .superRefine((s, ctx) => {
        for (const m of s.matchAll(/\{([^{}]*)\}/g)) {
            if (!allowed.includes(m[1]))
                ctx.addIssue({ code: "custom", message: `expected placeholders among ${list}, got {${m[1]}}` });
        }
    })
        .default(def);
}
const freezeSchema = z
    .strictObject({
    url: z
        .string({ error: 'expected an http:// or https:// URL (or "" to use mail.url)' })
        .refine((s) => s === "" || (/^https?:\/\//i.test(s) && URL.canParse(s)), 'expected an http:// or https:// URL (or "" to use mail.url)')
        .default(""),
    message: messageTemplate(FREEZE_PLACEHOLDERS.message, FREEZE_DEFAULTS.message),
    public_message: messageTemplate(FREEZE_PLACEHOLDERS.public_message, FREEZE_DEFAULTS.public_message),
    channel_notice: messageTemplate(FREEZE_PLACEHOLDERS.channel_notice, FREEZE_DEFAULTS.channel_notice),
}, { error: "expected a table [freeze]" })
    .prefault({});
const abuseSchema = z
    .strictObject({
    // Addresses many users share (a webchat gateway, the sandbox's loopback): exempt from the
    // per-host registration limits of NickServ and X2 REGISTER.
    exempt_addresses: z.array(cidrMask, { error: 'expected an array of address masks such as ["127.0.0.0/8", "::1/128"]' }).default([]),
}, { error: "expected a table [abuse]" })
    .prefault({});
// ---------------------------------------------------------------------------------------------
// The whole file
export const configSchema = z
    .strictObject({
    server: serverSchema,
    uplink: uplinkSchema,
    database: databaseSchema,
    log: logSchema,
    metrics: metricsSchema,
    mail: mailSchema,
    pseudoclients: pseudoclientsSchema,
    opers: opersSchema,
    oper_classes: operClassesSchema,
    maintenance: maintenanceSchema,
    flood: floodSchema,
    nickserv: nickservSchema,
    security: securitySchema,
    channels: channelsSchema,
    deletion: deletionSchema,
    freeze: freezeSchema,
    abuse: abuseSchema,
})
    .superRefine((c, ctx) => {
    if (c.mail.transport === "smtp" && c.mail.smtp_url === "") {
        ctx.addIssue({
            code: "custom",
            path: ["mail", "smtp_url"],
            message: 'required when mail.transport = "smtp" (e.g. "smtp://user:pass@host:587")',
        });
    }
    const classes = new Set([ADMIN_CLASS, ...Object.keys(c.oper_classes)]);
    const seen = new Map();
    for (const [account, cls] of Object.entries(c.opers)) {
        if (!classes.has(cls)) {
            ctx.addIssue({
                code: "custom",
                path: ["opers", account],
                message: `class "${cls}" is not defined (defined: ${[...classes].sort().join(", ")}; declare it as [oper_classes.${cls}])`,
            });
        }
        const folded = operKeyEntityId(account) ?? rfc1459Fold(account);
        const earlier = seen.get(folded);
        if (earlier !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["opers", account],
                message: `names the same account as "${earlier}" (account names are case-insensitive)`,
            });
        }
        else {
            seen.set(folded, account);
        }
    }
    if (c.uplink.max_reconnect_delay < c.uplink.reconnect_delay) {
        ctx.addIssue({
            code: "custom",
            path: ["uplink", "max_reconnect_delay"],
            message: "must not be shorter than uplink.reconnect_delay",
        });
    }
    if (c.uplink.ping_timeout < c.uplink.ping_interval) {
        ctx.addIssue({
            code: "custom",
            path: ["uplink", "ping_timeout"],
            message: "must not be shorter than uplink.ping_interval",
        });
    }
    if (c.nickserv.nick_expire_warning >= c.nickserv.nick_expire) {
        ctx.addIssue({
            code: "custom",
            path: ["nickserv", "nick_expire_warning"],
            message: "must be shorter than nickserv.nick_expire",
        });
    }
    if (c.nickserv.guest_hold > MAX_GUEST_HOLD_MS) {
        ctx.addIssue({
            code: "custom",
            path: ["nickserv", "guest_hold"],
            message: "must be at most 1h: a hold only has to outlast the renamed user's attempts to take the nick back",
        });
    }
});
/** An [opers] key that is an entity ID (`1AAAAABD5` or `?1AAAAABD5`), upper-cased and bare; null for a name. */
export function operKeyEntityId(key) {
    const bare = key.startsWith("?") ? key.slice(1) : key;
    return /^[1-9][A-Z0-9]{8}$/i.test(bare) ? bare.toUpperCase() : null;
}
/**
 * The oper class [opers] gives an account, or undefined. A key that is an entity ID binds the
 * class to that account whatever its name (and wins over a name key); a name key matches the
 * account's current name, compared as services compare names (RFC 1459 case folding).
 */
export function operClassOf(config, account) {
    const folded = rfc1459Fold(account.name);
    let byName;
    for (const [key, cls] of Object.entries(config.opers)) {
        const id = operKeyEntityId(key);
        if (id !== null) {
            if (id === account.id.toUpperCase())
                return cls;
        }
        else if (byName === undefined && rfc1459Fold(key) === folded) {
            byName = cls;
        }
    }
    return byName;
}
/** True for the class that holds every privilege. */
export function isAdminClass(cls) {
    return cls === ADMIN_CLASS;
}
/**
 * The privileges the [opers] section gives an account (see operClassOf; a bare name is looked up
 * as a name key only). The `admin` class holds every privilege, declared or not; an account not
 * listed has none.
 */
export function privilegesOf(config, account) {
    const cls = typeof account === "string" ? operClassOf(config, { id: "", name: account }) : operClassOf(config, account);
    return classPrivileges(config, cls);
}
/** The privileges of an oper class (none for undefined or an unknown class). */
export function classPrivileges(config, cls) {
    if (cls === undefined)
        return new Set();
    if (cls === ADMIN_CLASS)
        return new Set(ALL_PRIVILEGES);
    return new Set(config.oper_classes[cls]?.privileges ?? []);
}
//# sourceMappingURL=schema.js.map