/**
 * The tables of services.conf that set the services' rules, all of which a REHASH changes at once:
 * [maintenance], [flood], [nickserv], [security], [channels], [deletion], [freeze] and [abuse].
 * Assembled in schema.ts.
 */
import { z } from "zod";
import { cidrMask, compiles, duration, durationValue, globMask, int, lineText, nonEmptyString, optionalUrl } from "./fields.js";

export const maintenanceSchema = z
  .strictObject(
    {
      interval: duration("1m"),
      breaker_limit: int(1).default(500),
    },
    { error: "expected a table [maintenance]" },
  )
  .prefault({});

export const floodSchema = z
  .strictObject(
    {
      messages: int(1).default(8),
      window: duration("10s"),
      ignore: duration("60s"),
    },
    { error: "expected a table [flood]" },
  )
  .prefault({});

export const nickservSchema = z
  .strictObject(
    {
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
    },
    { error: "expected a table [nickserv]" },
  )
  .prefault({});

export const securitySchema = z
  .strictObject(
    {
      scrypt_n: int(1024, 1048576)
        .refine((n) => (n & (n - 1)) === 0, "expected a power of two from 1024 to 1048576")
        .default(16384),
      scrypt_r: int(1, 32).default(8),
      scrypt_p: int(1, 16).default(1),
      login_attempts_per_minute: int(1).default(5),
      failure_alert_threshold: int(1).default(20),
    },
    { error: "expected a table [security]" },
  )
  .prefault({});

const reason = nonEmptyString("a non-empty reason");

const flagRuleSchema = z.discriminatedUnion(
  "kind",
  [
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
  ],
  { error: 'expected kind = "email", "channel" or "host_rejections"' },
);

const DEFAULT_CHANNEL_NAME_PATTERN = "^#[A-Za-z0-9_\\-\\[\\]\\\\`^{}|.]+$";

export const channelsSchema = z
  .strictObject(
    {
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
    },
    { error: "expected a table [channels]" },
  )
  .prefault({});

/**
 * Who inherits a channel whose owner is deleted: the highest coowner ("coowner"), the highest
 * coowner and else the highest manager ("manager"), ties going to the oldest access; or nobody
 * ("none": the channel is dropped).
 */
const SUCCESSOR_RULES = ["manager", "coowner", "none"] as const;

export const deletionSchema = z
  .strictObject(
    {
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
    },
    { error: "expected a table [deletion]" },
  )
  .prefault({});

/** The placeholders each [freeze] message may use (the words fill them in; src/commands/freeze-words.ts). */
const FREEZE_PLACEHOLDERS = {
  message: ["account", "reason", "url", "contact"],
  public_message: ["account", "url", "contact"],
  channel_notice: ["channel", "owner", "url", "contact"],
} as const;

/** The [freeze] messages as shipped (services.conf.example documents them). */
export const FREEZE_DEFAULTS = {
  message: "The account {account} is frozen by the network staff: {reason}. How to resolve this: {url} - or write to {contact}.",
  public_message: "The account {account} is frozen by the network staff. How to resolve this: {url} - or write to {contact}.",
  channel_notice: "{channel} is suspended: services do not act here for now. Ask its owner, {owner}, to contact the network staff ({contact}).",
} as const;

/** A one-line message template whose {placeholders} must be among `allowed`. */
function messageTemplate(allowed: readonly string[], def: string) {
  const list = allowed.map((p) => `{${p}}`).join(", ");
  return lineText("a non-empty one-line message")
    .max(400, "expected a message of at most 400 characters (a notice is one IRC line)")
    .superRefine((s, ctx) => {
      for (const m of s.matchAll(/\{([^{}]*)\}/g)) {
        if (!allowed.includes(m[1] as string)) ctx.addIssue({ code: "custom", message: `expected placeholders among ${list}, got {${m[1]}}` });
      }
    })
    .default(def);
}

export const freezeSchema = z
  .strictObject(
    {
      url: optionalUrl(/^https?:\/\//i, 'expected an http:// or https:// URL (or "" to use mail.url)').default(""),
      message: messageTemplate(FREEZE_PLACEHOLDERS.message, FREEZE_DEFAULTS.message),
      public_message: messageTemplate(FREEZE_PLACEHOLDERS.public_message, FREEZE_DEFAULTS.public_message),
      channel_notice: messageTemplate(FREEZE_PLACEHOLDERS.channel_notice, FREEZE_DEFAULTS.channel_notice),
    },
    { error: "expected a table [freeze]" },
  )
  .prefault({});

export const abuseSchema = z
  .strictObject(
    {
      // Addresses many users share (a webchat gateway, the sandbox's loopback): exempt from the
      // per-host registration limits of NickServ and X2 REGISTER.
      exempt_addresses: z.array(cidrMask, { error: 'expected an array of address masks such as ["127.0.0.0/8", "::1/128"]' }).default([]),
    },
    { error: "expected a table [abuse]" },
  )
  .prefault({});
