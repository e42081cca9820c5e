/**
 * The schema of services.conf (TOML) and the typed Config derived from it: the tables
 * (system-tables.ts, policy-tables.ts, opers.ts) and the checks that span tables.
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
import { ADMIN_CLASS, operClassesSchema, operKeyEntityId, opersSchema } from "./opers.js";
import {
  abuseSchema,
  channelsSchema,
  deletionSchema,
  floodSchema,
  freezeSchema,
  maintenanceSchema,
  nickservSchema,
  securitySchema,
} from "./policy-tables.js";
import { databaseSchema, logSchema, mailSchema, metricsSchema, pseudoclientsSchema, serverSchema, uplinkSchema } from "./system-tables.js";

export { ALL_PRIVILEGES, classPrivileges, isAdminClass, operClassOf, operKeyEntityId, privilegesOf, type OperAccount } from "./opers.js";
export { FREEZE_DEFAULTS } from "./policy-tables.js";
export { parseListenAddress } from "./system-tables.js";

/** Longest nickserv.guest_hold (ms). */
const MAX_GUEST_HOLD_MS = 3_600_000;

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
    const seen = new Map<string, string>();
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
      } else {
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

/** The typed configuration (durations in milliseconds). */
export type Config = z.infer<typeof configSchema>;
