/**
 * The tables of services.conf that describe the services as a program on a machine and a server
 * on the network: [server], [uplink], [database], [log], [metrics], [mail] and [pseudoclients].
 * Most of them change only with a restart (config/reload.ts). Assembled in schema.ts.
 */
import { z } from "zod";
import {
  duration,
  email,
  EMAIL_RE,
  globMask,
  HOST_RE,
  IDENT_RE,
  int,
  lineText,
  NICK_RE,
  nonEmptyString,
  optionalUrl,
  secret,
  SERVER_NAME_RE,
  SID_RE,
} from "./fields.js";

export const serverSchema = z.strictObject(
  {
    name: z
      .string({ error: 'expected a server name such as "services.example.net"' })
      .regex(SERVER_NAME_RE, "expected a server name: letters, digits, dots and dashes only")
      .max(63, "expected a server name of at most 63 characters")
      .refine((s) => s.includes("."), "expected a server name containing a dot"),
    sid: z
      .string({ error: 'expected a server ID (SID): a digit then two of A-Z, 0-9, e.g. "42X"' })
      .regex(SID_RE, 'expected a server ID (SID): a digit then two of A-Z, 0-9, e.g. "42X"'),
    description: lineText("a non-empty server description").default("Custodian IRC services"),
  },
  { error: "expected a table [server]" },
);

export const uplinkSchema = z.strictObject(
  {
    protocol: z.literal("inspircd3", { error: 'expected "inspircd3" (the only supported protocol)' }).default("inspircd3"),
    host: nonEmptyString("a host name or IP address"),
    port: int(1, 65535),
    send_password: secret("a link password"),
    receive_password: secret("a link password"),
    reconnect_delay: duration("5s"),
    max_reconnect_delay: duration("2m"),
    ping_interval: duration("60s"),
    ping_timeout: duration("120s"),
  },
  { error: "expected a table [uplink]" },
);

export const databaseSchema = z.strictObject(
  {
    path: nonEmptyString("a file path"),
  },
  { error: "expected a table [database]" },
);

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

export const logSchema = z
  .strictObject(
    {
      level: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(", ")}` }).default("info"),
      file: z.string({ error: 'expected a file path (or "" for standard output)' }).default(""),
    },
    { error: "expected a table [log]" },
  )
  .prefault({});

/** "host:port" or "[ipv6]:port" -> its parts; null when it is not one. */
export function parseListenAddress(text: string): { host: string; port: number } | null {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text);
  if (!match) return null;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return null;
  return { host: (match[1] ?? match[2]) as string, port };
}

const LISTEN_EXPECTED = 'expected "host:port" such as "127.0.0.1:9102" or "[::1]:9102" (or "" for off)';

export const metricsSchema = z
  .strictObject(
    {
      listen: z
        .string({ error: LISTEN_EXPECTED })
        .refine((s) => s === "" || parseListenAddress(s) !== null, LISTEN_EXPECTED)
        .default(""),
    },
    { error: "expected a table [metrics]" },
  )
  .prefault({});

export const mailSchema = z
  .strictObject(
    {
      from: email().default("services@localhost"),
      transport: z.enum(["smtp", "file"], { error: 'expected "smtp" or "file"' }).default("smtp"),
      smtp_url: optionalUrl(
        /^smtps?:\/\//i,
        'expected an smtp:// or smtps:// URL (or "")',
        'expected an smtp:// or smtps:// URL such as "smtp://user:pass@host:587" (or "")',
      ).default("smtp://localhost:25"),
      dir: nonEmptyString("a directory path").default("mail"),
      network_name: nonEmptyString("a non-empty network name").default("IRC network"),
      contact: z
        .string({ error: 'expected an email address (or "" to use mail.from)' })
        .refine((s) => s === "" || EMAIL_RE.test(s), 'expected an email address (or "" to use mail.from)')
        .default(""),
      url: optionalUrl(/^https?:\/\//i, 'expected an http:// or https:// URL (or "")').default(""),
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
    },
    { error: "expected a table [mail]" },
  )
  .prefault({});

function pseudoclient(nick: string, realname: string, table: string) {
  return z
    .strictObject(
      {
        nick: z
          .string({ error: "expected an IRC nickname" })
          .regex(
            NICK_RE,
            "expected an IRC nickname: letters, digits and []\\`_^{|}-, not starting with a digit or '-', at most 30 characters",
          )
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
      },
      { error: `expected a table [${table}]` },
    )
    .prefault({});
}

export const pseudoclientsSchema = z
  .strictObject(
    {
      x2: pseudoclient("X2", "Channel Services", "pseudoclients.x2"),
      nickserv: pseudoclient("NickServ", "Nickname Services", "pseudoclients.nickserv"),
      operserv: pseudoclient("OperServ", "Operator Services", "pseudoclients.operserv"),
    },
    { error: "expected a table [pseudoclients]" },
  )
  .prefault({});
