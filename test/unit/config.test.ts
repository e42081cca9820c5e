import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfigFile, parseConfig, resolveConfigPaths } from "../../src/config/load.js";
import { ALL_PRIVILEGES, configSchema, privilegesOf } from "../../src/config/schema.js";
import { CONFIG_PREAMBLE, parseOk } from "../support.js";

const EXAMPLE_PATH = fileURLToPath(new URL("../../services.conf.example", import.meta.url));

/** The smallest valid services.conf: the three required tables. */
const MINIMAL = CONFIG_PREAMBLE;

function parseErrors(text: string): string[] {
  const result = parseConfig(text);
  if (result.ok) throw new Error("expected the config to be rejected");
  return result.error;
}

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not in text`);
  return index + 1;
}

describe("parseConfig defaults", () => {
  it("fills every optional table and key with its default from a minimal config", () => {
    const config = parseOk(MINIMAL);
    expect(config.server).toEqual({
      name: "services.test.local",
      sid: "42X",
      description: "Custodian IRC services",
    });
    expect(config.uplink).toEqual({
      protocol: "inspircd3",
      host: "127.0.0.1",
      port: 7000,
      send_password: "out-secret",
      receive_password: "in-secret",
      reconnect_delay: 5_000,
      max_reconnect_delay: 120_000,
      ping_interval: 60_000,
      ping_timeout: 120_000,
    });
    expect(config.log).toEqual({ level: "info", file: "" });
    expect(config.mail).toEqual({
      from: "services@localhost",
      transport: "smtp",
      smtp_url: "smtp://localhost:25",
      dir: "mail",
      network_name: "IRC network",
      contact: "",
      url: "",
      blacklist: [],
      delay: 5 * 60_000,
      per_address_per_hour: 3,
      per_hour: 100,
      bulk_share: 0.5,
      retry_base: 60_000,
      max_attempts: 8,
    });
    expect(config.pseudoclients).toEqual({
      x2: { nick: "X2", ident: "services", host: "", realname: "Channel Services" },
      nickserv: { nick: "NickServ", ident: "services", host: "", realname: "Nickname Services" },
      operserv: { nick: "OperServ", ident: "services", host: "", realname: "Operator Services" },
    });
    expect(config.opers).toEqual({});
    expect(config.oper_classes).toEqual({});
    expect(config.maintenance).toEqual({ interval: 60_000, breaker_limit: 500 });
    expect(config.flood).toEqual({ messages: 8, window: 10_000, ignore: 60_000 });
    expect(config.nickserv).toEqual({
      verify_window: 24 * 3_600_000,
      resend_interval: 90_000,
      max_accounts_per_email: 3,
      max_grouped_nicks: 5,
      guest_grace: 60_000,
      guest_hold: 60_000,
      guest_prefix: "Guest",
      password_min_length: 8,
      registrations_per_host_per_day: 5,
      nick_expire: 60 * 86_400_000,
      nick_expire_warning: 7 * 86_400_000,
      account_expire: 3 * 365 * 86_400_000,
      code_lifetime: 24 * 3_600_000,
    });
    expect(config.security).toEqual({
      scrypt_n: 16384,
      scrypt_r: 8,
      scrypt_p: 1,
      login_attempts_per_minute: 5,
      failure_alert_threshold: 20,
    });
    expect(config.channels).toEqual({
      name_pattern: "^#[A-Za-z0-9_\\-\\[\\]\\\\`^{}|.]+$",
      max_name_length: 32,
      max_per_email: 3,
      verify_window: 48 * 3_600_000,
      establish_window: 10 * 86_400_000,
      establish_visit_after: 24 * 3_600_000,
      inactive_expire: 60 * 86_400_000,
      pending_cap: 200,
      registrations_per_hour: 20,
      registrations_per_host_per_day: 3,
      registrations_per_account_per_day: 3,
      split_grace: 30 * 60_000,
      review_alert_window: 3_600_000,
      flag_rules: [],
    });
    expect(config.deletion).toEqual({
      objection_window: 14 * 86_400_000,
      retention: 2 * 365 * 86_400_000,
      tombstone_domain: "deleted.invalid",
      successor: "manager",
      trivial_at_once: true,
      retain_after_grant: 3 * 365 * 86_400_000,
      retain_after_authored: 0,
      export_interval: 86_400_000,
    });
    expect(config.abuse).toEqual({ exempt_addresses: [] });
  });

  it("fills the missing keys of a partly written table with their defaults", () => {
    const config = parseOk(`${MINIMAL}\n[channels]\nverify_window = "72h"\n\n[pseudoclients.x2]\nnick = "ChanServ"\n`);
    expect(config.channels.verify_window).toBe(72 * 3_600_000);
    expect(config.channels.max_per_email).toBe(3);
    expect(config.pseudoclients.x2).toEqual({ nick: "ChanServ", ident: "services", host: "", realname: "Channel Services" });
    expect(config.pseudoclients.nickserv.nick).toBe("NickServ");
  });

  it("accepts the default channel name pattern and matches channel names with it", () => {
    const pattern = new RegExp(parseOk(MINIMAL).channels.name_pattern);
    expect(pattern.test("#help")).toBe(true);
    expect(pattern.test("#a[b]\\c`^{}|.-_")).toBe(true);
    expect(pattern.test("#bad,name")).toBe(false);
    expect(pattern.test("help")).toBe(false);
  });

  it("accepts 0 as never for account_expire and inactive_expire", () => {
    const config = parseOk(`${MINIMAL}\n[nickserv]\naccount_expire = "0"\n\n[channels]\ninactive_expire = 0\n`);
    expect(config.nickserv.account_expire).toBe(0);
    expect(config.channels.inactive_expire).toBe(0);
  });

  it("parses flag rules of every kind, converting the window to milliseconds", () => {
    const config = parseOk(`${MINIMAL}
[[channels.flag_rules]]
kind = "email"
pattern = "*@example.com"
reason = "reviewed domain"

[[channels.flag_rules]]
kind = "channel"
pattern = "#*warez*"
reason = "suspicious name"

[[channels.flag_rules]]
kind = "host_rejections"
count = 3
window = "1d"
reason = "host with rejections"
`);
    expect(config.channels.flag_rules).toEqual([
      { kind: "email", pattern: "*@example.com", reason: "reviewed domain" },
      { kind: "channel", pattern: "#*warez*", reason: "suspicious name" },
      { kind: "host_rejections", count: 3, window: 86_400_000, reason: "host with rejections" },
    ]);
  });
});

describe("services.conf.example", () => {
  it("parses without errors", () => {
    const result = loadConfigFile(EXAMPLE_PATH);
    expect(result.ok ? [] : result.error).toEqual([]);
    if (!result.ok) return;
    expect(result.value.server).toMatchObject({ name: "services.example.net", sid: "42X" });
    expect(result.value.uplink).toMatchObject({ host: "127.0.0.1", port: 7000 });
    expect(result.value.database.path).toBe("/var/lib/custodian/custodian.db");
    expect(result.value.mail.transport).toBe("smtp");
    expect(result.value.metrics.listen).toBe("");
  });

  it("documents every key with a comment that states its default", () => {
    const example = readFileSync(EXAMPLE_PATH, "utf8");
    const config = parseOk(MINIMAL) as unknown as Record<string, Record<string, unknown>>;
    const tables: [string, Record<string, unknown>][] = [];
    for (const [name, table] of Object.entries(config)) {
      if (name === "opers" || name === "oper_classes") continue;
      if (name === "pseudoclients") {
        for (const [sub, subTable] of Object.entries(table)) tables.push([`pseudoclients.${sub}`, subTable as Record<string, unknown>]);
      } else tables.push([name, table]);
    }
    tables.push(["oper_classes.helper", { privileges: [] }]);
    for (const [name, table] of tables) {
      const start = example.search(new RegExp(`^#? ?\\[${name.replace(".", "\\.")}\\]`, "m"));
      expect(start, `[${name}] in the example`).toBeGreaterThanOrEqual(0);
      const section = example.slice(start);
      for (const key of Object.keys(table)) {
        // Arrays of tables are documented by a (commented) [[table.key]] header.
        const keyLine = new RegExp(`^(# )?(${key} =|\\[\\[${name}\\.${key}\\]\\])`, "m").exec(section);
        expect(keyLine, `${name}.${key} in the example`).not.toBeNull();
        const before = section.slice(0, keyLine?.index ?? 0).trimEnd().split("\n");
        const comment = before.slice(-3).join("\n");
        expect(comment, `comment above ${name}.${key}`).toMatch(/Required|Default/);
      }
    }
  });

  it("gives every key its default value", () => {
    const result = loadConfigFile(EXAMPLE_PATH);
    if (!result.ok) throw new Error(result.error.join("\n"));
    const defaults = resolveConfigPaths(parseOk(MINIMAL), dirname(EXAMPLE_PATH));
    const { server, uplink, database, ...optional } = result.value;
    const { server: _s, uplink: _u, database: _d, ...optionalDefaults } = defaults;
    expect(optional).toEqual(optionalDefaults);
    expect(server.description).toBe(defaults.server.description);
    expect(uplink.protocol).toBe(defaults.uplink.protocol);
    expect(uplink.reconnect_delay).toBe(defaults.uplink.reconnect_delay);
    expect(database.path).toBe("/var/lib/custodian/custodian.db");
  });
});

describe("the README's configuration table", () => {
  /**
   * "table.key" for every key the schema declares, read from the zod schema itself (so that an
   * optional key without a default counts too); [opers] and [oper_classes.<class>] by their shape.
   */
  function schemaKeys(): string[] {
    type Def = { type: string; shape?: Record<string, unknown>; innerType?: unknown; in?: unknown };
    const shapeOf = (schema: unknown): Record<string, unknown> | null => {
      let def = (schema as { _zod: { def: Def } })._zod.def;
      for (;;) {
        if (def.type === "object") return def.shape ?? null;
        const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined); // .default(), .optional(), .transform()
        if (!inner) return null;
        def = (inner as { _zod: { def: Def } })._zod.def;
      }
    };
    const leaves: Record<string, string> = { opers: "opers.<entity ID or account>", oper_classes: "oper_classes.<class>.privileges" };
    const keys: string[] = [];
    const walk = (path: string, schema: unknown): void => {
      const shape = shapeOf(schema);
      if (!shape) keys.push(leaves[path] ?? path);
      else for (const [key, inner] of Object.entries(shape)) walk(path ? `${path}.${key}` : key, inner);
    };
    walk("", configSchema);
    return keys.sort();
  }

  /** "table.key" for every key the README's table lists: a row names its table(s) in backquotes, then its keys (values in parentheses aside). */
  function readmeKeys(): string[] {
    const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");
    const keys: string[] = [];
    for (const row of readme.matchAll(/^\| (`\[[^|]+?) \| (.+) \|$/gm)) {
      const names = [...(row[1] as string).matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
      const first = (names[0] as string).replace(/^\[|\]$/g, "");
      // "[pseudoclients.x2]", ".nickserv", ".operserv": siblings of the first table.
      const tables = names.map((n) => (n.startsWith(".") ? first.replace(/\.[^.]+$/, n) : n.replace(/^\[|\]$/g, "")));
      const cell = (row[2] as string).replace(/\([^()]*\)/g, "");
      for (const table of tables) {
        for (const key of cell.matchAll(/`([^`]+)`/g)) {
          const word = (key[1] as string).replace(/ = .*$/, "");
          keys.push(`${table}.${word}`);
        }
      }
    }
    return keys.sort();
  }

  it("lists every key of the schema and nothing else", () => {
    const listed = readmeKeys();
    expect(listed.length).toBeGreaterThan(80);
    expect(listed).toEqual(schemaKeys());
  });
});

describe("parseConfig errors", () => {
  it("reports an unknown key with its path and line", () => {
    const text = MINIMAL.replace('sid = "42X"', 'sid = "42X"\nnmae = "typo"');
    expect(parseErrors(text)).toEqual([`services.conf:${lineOf(text, "nmae")}: server.nmae: unknown key`]);
  });

  it("reports an unknown table with its header line", () => {
    const text = `${MINIMAL}\n[chanels]\nverify_window = "48h"\n`;
    expect(parseErrors(text)).toEqual([`services.conf:${lineOf(text, "[chanels]")}: chanels: unknown key`]);
  });

  it("reports a missing required key, pointing at its table", () => {
    const text = MINIMAL.replace('name = "services.test.local"\n', "");
    expect(parseErrors(text)).toEqual(["services.conf:1: server.name: required"]);
  });

  it("reports missing required tables without a line", () => {
    expect(parseErrors("")).toEqual(["server: required", "uplink: required", "database: required"]);
  });

  it("reports a bad duration with the key, line and what a duration looks like", () => {
    const text = `${MINIMAL}\n[channels]\nverify_window = "48 hours"\n`;
    const errors = parseErrors(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(`^services\\.conf:${lineOf(text, "verify_window")}: channels\\.verify_window: "48 hours" is not a duration`),
    );
  });

  it("rejects a zero duration where 0 does not mean never", () => {
    const text = `${MINIMAL}\n[flood]\nwindow = "0"\n`;
    expect(parseErrors(text)).toEqual([
      `services.conf:${lineOf(text, "window")}: flood.window: expected a duration greater than 0 (such as "90s", "48h" or "10d"), got "0"`,
    ]);
  });

  it("reports a port that is not a number, with what it got", () => {
    const text = MINIMAL.replace("port = 7000", 'port = "abc"');
    expect(parseErrors(text)).toEqual([
      `services.conf:${lineOf(text, "port")}: uplink.port: expected an integer from 1 to 65535, got "abc"`,
    ]);
  });

  it("reports a port out of range", () => {
    const text = MINIMAL.replace("port = 7000", "port = 70000");
    expect(parseErrors(text)).toEqual([
      `services.conf:${lineOf(text, "port")}: uplink.port: expected an integer from 1 to 65535, got 70000`,
    ]);
  });

  it("never repeats a password value in an error", () => {
    const text = MINIMAL.replace('send_password = "out-secret"', 'send_password = "out secret"');
    const errors = parseErrors(text);
    expect(errors).toEqual([
      `services.conf:${lineOf(text, "send_password")}: uplink.send_password: expected a link password: non-empty, without spaces`,
    ]);
  });

  it("requires smtp_url when the mail transport is smtp", () => {
    const text = `${MINIMAL}\n[mail]\ntransport = "smtp"\nsmtp_url = ""\n`;
    expect(parseErrors(text)).toEqual([
      `services.conf:${lineOf(text, "smtp_url")}: mail.smtp_url: required when mail.transport = "smtp" (e.g. "smtp://user:pass@host:587")`,
    ]);
    expect(parseConfig(text.replace('smtp_url = ""', 'smtp_url = "smtp://user:pass@mail.example:587"')).ok).toBe(true);
    expect(parseConfig(`${MINIMAL}\n[mail]\ntransport = "smtp"\n`).ok).toBe(true);
  });

  it("rejects an oper whose class is neither declared nor admin", () => {
    const text = `${MINIMAL}\n[opers]\nAlice = "helpr"\n\n[oper_classes.helper]\nprivileges = ["review"]\n`;
    const errors = parseErrors(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^services\\.conf:${lineOf(text, "Alice")}: opers\\.Alice: class "helpr" is not defined`));
  });

  it("rejects a privilege that is not in the known list", () => {
    const text = `${MINIMAL}\n[oper_classes.helper]\nprivileges = ["review", "fly"]\n`;
    const errors = parseErrors(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(`^services\\.conf:${lineOf(text, "privileges")}: oper_classes\\.helper\\.privileges\\[1\\]: expected one of .*, got "fly"$`),
    );
  });

  it("rejects the same oper account written twice in different case", () => {
    const text = `${MINIMAL}\n[opers]\nAlice = "admin"\nalice = "admin"\n`;
    expect(parseErrors(text)).toEqual([
      `services.conf:${lineOf(text, "alice =")}: opers.alice: names the same account as "Alice" (account names are case-insensitive)`,
    ]);
  });

  it("rejects a channel name pattern that is not a valid regular expression", () => {
    const text = `${MINIMAL}\n[channels]\nname_pattern = "^#[a-z+$"\n`;
    const errors = parseErrors(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(`^services\\.conf:${lineOf(text, "name_pattern")}: channels\\.name_pattern: expected a valid JavaScript regular expression`),
    );
  });

  it("reports a TOML syntax error with line and column", () => {
    const text = MINIMAL.replace("port = 7000", "port = 7000 7001");
    const errors = parseErrors(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^services\\.conf:${lineOf(text, "port")}:\\d+: invalid TOML: `));
  });

  it("names the source given by the caller in every error", () => {
    const result = parseConfig(MINIMAL.replace("port = 7000", "port = 0"), "/etc/custodian/services.conf");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error[0]).toMatch(/^\/etc\/custodian\/services\.conf:\d+: uplink\.port: /);
  });

  it("points errors in [[channels.flag_rules]] at the right table of the array", () => {
    const text = `${MINIMAL}
[[channels.flag_rules]]
kind = "email"
pattern = "*@example.com"
reason = "ok"

[[channels.flag_rules]]
kind = "host_rejections"
count = 0
window = "1d"
reason = "r"

[[channels.flag_rules]]
kind = "banana"
`;
    const countLine = lineOf(text, "count = 0");
    const kindLine = lineOf(text, 'kind = "banana"');
    expect(parseErrors(text)).toEqual([
      `services.conf:${countLine}: channels.flag_rules[1].count: expected an integer of at least 1, got 0`,
      `services.conf:${kindLine}: channels.flag_rules[2].kind: expected kind = "email", "channel" or "host_rejections", got "banana"`,
    ]);
  });

  it("does not mistake lines inside multi-line values for keys when finding lines", () => {
    const text = `${MINIMAL}
[mail]
blacklist = [
  "*@mailinator.com",
  # per_hour = 1
]
network_name = """
[security]
per_hour = 2
"""
per_hour = 0
`;
    expect(parseErrors(text)).toEqual([
      `services.conf:${lineOf(text, "per_hour = 0")}: mail.per_hour: expected an integer of at least 1, got 0`,
    ]);
  });

  it("takes mail.from and mail.contact only as addresses a mail header cannot read as more", () => {
    expect(parseOk(`${MINIMAL}\n[mail]\nfrom = "services+irc@example.org"\ncontact = "staff@example.org"\n`).mail.from).toBe("services+irc@example.org");
    for (const bad of ["a,b@example.org", "x@example.org;Bcc:y@example.org", "a(b)@example.org", "a:b@example.org", "[x]@example.org", "a\\\\b@example.org"]) {
      const text = `${MINIMAL}\n[mail]\nfrom = ${JSON.stringify(bad)}\ncontact = ${JSON.stringify(bad)}\n`;
      expect(parseErrors(text).map((e) => e.replace(/^services\.conf:\d+: /, "").split(":")[0]), bad).toEqual(["mail.from", "mail.contact"]);
    }
  });

  it("takes mail.bulk_share as a fraction from 0 to 1", () => {
    expect(parseOk(`${MINIMAL}\n[mail]\nbulk_share = 0.25\n`).mail.bulk_share).toBe(0.25);
    expect(parseOk(`${MINIMAL}\n[mail]\nbulk_share = 1\n`).mail.bulk_share).toBe(1);
    const text = `${MINIMAL}\n[mail]\nbulk_share = 1.5\n`;
    expect(parseErrors(text)).toEqual([
      `services.conf:${lineOf(text, "bulk_share")}: mail.bulk_share: expected a number from 0 to 1, got 1.5`,
    ]);
  });

  it("validates the pseudo-client nicknames", () => {
    const text = `${MINIMAL}\n[pseudoclients.nickserv]\nnick = "1Nick"\n`;
    const errors = parseErrors(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^services\\.conf:${lineOf(text, "nick =")}: pseudoclients\\.nickserv\\.nick: expected an IRC nickname`));
  });

  it("rejects a server name without a dot and a malformed SID", () => {
    const text = MINIMAL.replace('name = "services.test.local"', 'name = "services"').replace('sid = "42X"', 'sid = "X42"');
    expect(parseErrors(text)).toEqual([
      `services.conf:2: server.name: expected a server name containing a dot, got "services"`,
      `services.conf:3: server.sid: expected a server ID (SID): a digit then two of A-Z, 0-9, e.g. "42X", got "X42"`,
    ]);
  });

  it("accepts 0 for nickserv.guest_hold (no hold) and refuses a hold longer than 1h", () => {
    expect(parseOk(`${MINIMAL}\n[nickserv]\nguest_hold = "0"\n`).nickserv.guest_hold).toBe(0);
    expect(parseOk(`${MINIMAL}\n[nickserv]\nguest_hold = "1h"\n`).nickserv.guest_hold).toBe(3_600_000);
    const text = `${MINIMAL}\n[nickserv]\nguest_hold = "61m"\n`;
    expect(parseErrors(text)).toEqual([
      `services.conf:${lineOf(text, "guest_hold")}: nickserv.guest_hold: must be at most 1h: a hold only has to outlast the renamed user's attempts to take the nick back`,
    ]);
  });

  it("accepts 0 (no limit) for nickserv.registrations_per_host_per_day, but no negative number", () => {
    expect(parseOk(`${MINIMAL}\n[nickserv]\nregistrations_per_host_per_day = 0\n`).nickserv.registrations_per_host_per_day).toBe(0);
    const text = `${MINIMAL}\n[nickserv]\nregistrations_per_host_per_day = -1\n`;
    expect(parseErrors(text)).toEqual([
      `services.conf:${lineOf(text, "registrations_per_host_per_day")}: nickserv.registrations_per_host_per_day: expected an integer of at least 0, got -1`,
    ]);
  });

  it("takes IPv4 and IPv6 masks for abuse.exempt_addresses and says what is wrong with a bad one", () => {
    expect(parseOk(`${MINIMAL}\n[abuse]\nexempt_addresses = ["127.0.0.0/8", "::1/128", "203.0.113.7"]\n`).abuse.exempt_addresses).toEqual([
      "127.0.0.0/8",
      "::1/128",
      "203.0.113.7",
    ]);
    const text = `${MINIMAL}\n[abuse]\nexempt_addresses = ["127.0.0.1/8", "gateway.example"]\n`;
    const line = lineOf(text, "exempt_addresses");
    const expected = 'expected an IPv4 or IPv6 address or mask such as "127.0.0.0/8" or "::1/128"';
    expect(parseErrors(text)).toEqual([
      `services.conf:${line}: abuse.exempt_addresses[0]: ${expected} (host bits set: did you mean 127.0.0.0/8?), got "127.0.0.1/8"`,
      `services.conf:${line}: abuse.exempt_addresses[1]: ${expected} (gateway.example is not an IP address), got "gateway.example"`,
    ]);
  });

  it("rejects an scrypt N that is not a power of two", () => {
    const text = `${MINIMAL}\n[security]\nscrypt_n = 20000\n`;
    expect(parseErrors(text)).toEqual([
      `services.conf:${lineOf(text, "scrypt_n")}: security.scrypt_n: expected a power of two from 1024 to 1048576, got 20000`,
    ]);
  });
});

describe("loadConfigFile", () => {
  it("reads a file and names it in errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "custodian-config-"));
    try {
      const path = join(dir, "services.conf");
      writeFileSync(path, MINIMAL.replace("port = 7000", 'port = "x"'));
      const result = loadConfigFile(path);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toEqual([`${path}:7: uplink.port: expected an integer from 1 to 65535, got "x"`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("resolves relative paths against the folder of the file, not the working directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "custodian-config-"));
    try {
      const path = join(dir, "services.conf");
      const text = MINIMAL.replace(/path = "[^"]*"/, 'path = "db/custodian.db"');
      writeFileSync(path, `${text}\n[log]\nfile = "logs/custodian.log"\n\n[mail]\ntransport = "file"\ndir = "../outgoing"\n`);
      const result = loadConfigFile(path);
      if (!result.ok) throw new Error(result.error.join("\n"));
      expect(result.value.database.path).toBe(join(dir, "db", "custodian.db"));
      expect(result.value.log.file).toBe(join(dir, "logs", "custodian.log"));
      expect(result.value.mail.dir).toBe(join(dirname(dir), "outgoing"));

      writeFileSync(path, MINIMAL.replace(/path = "[^"]*"/, 'path = "/srv/custodian.db"'));
      const absolute = loadConfigFile(path);
      if (!absolute.ok) throw new Error(absolute.error.join("\n"));
      expect(absolute.value.database.path).toBe("/srv/custodian.db");
      expect(absolute.value.log.file).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a missing file as an error value", () => {
    const result = loadConfigFile("/nonexistent/services.conf");
    expect(result).toEqual({ ok: false, error: ["/nonexistent/services.conf: cannot read the configuration file: no such file"] });
  });
});

describe("[metrics] listen", () => {
  it("is off by default and takes host:port or [ipv6]:port", () => {
    expect(parseOk(MINIMAL).metrics.listen).toBe("");
    expect(parseOk(`${MINIMAL}\n[metrics]\nlisten = "127.0.0.1:9102"\n`).metrics.listen).toBe("127.0.0.1:9102");
    expect(parseOk(`${MINIMAL}\n[metrics]\nlisten = "[::1]:9102"\n`).metrics.listen).toBe("[::1]:9102");
  });

  it("names the key and line of an address without a port", () => {
    const text = `${MINIMAL}\n[metrics]\nlisten = "localhost"\n`;
    expect(parseErrors(text)).toEqual([
      `services.conf:${lineOf(text, "listen")}: metrics.listen: expected "host:port" such as "127.0.0.1:9102" or "[::1]:9102" (or "" for off), got "localhost"`,
    ]);
    expect(parseErrors(`${MINIMAL}\n[metrics]\nlisten = "127.0.0.1:70000"\n`)).toHaveLength(1);
  });
});

describe("privilegesOf", () => {
  const config = parseOk(`${MINIMAL}
[opers]
Alice = "admin"
Bob = "helper"
Carol = "empty"

[oper_classes.helper]
privileges = ["review", "account:auspex"]

[oper_classes.empty]
`);

  it("gives the admin class every privilege", () => {
    expect(privilegesOf(config, "Alice")).toEqual(new Set(ALL_PRIVILEGES));
  });

  it("gives a declared class exactly its privileges", () => {
    expect(privilegesOf(config, "Bob")).toEqual(new Set(["review", "account:auspex"]));
    expect(privilegesOf(config, "Carol")).toEqual(new Set());
  });

  it("looks the account up case-insensitively", () => {
    expect(privilegesOf(config, "alice")).toEqual(new Set(ALL_PRIVILEGES));
    expect(privilegesOf(config, "BOB")).toEqual(new Set(["review", "account:auspex"]));
  });

  it("gives an account that is not an oper no privileges", () => {
    expect(privilegesOf(config, "Mallory")).toEqual(new Set());
  });

  it("treats a declared admin class as every privilege whatever it lists", () => {
    const declared = parseOk(`${MINIMAL}\n[opers]\nDave = "admin"\n\n[oper_classes.admin]\nprivileges = ["review"]\n`);
    expect(privilegesOf(declared, "dave")).toEqual(new Set(ALL_PRIVILEGES));
  });
});
