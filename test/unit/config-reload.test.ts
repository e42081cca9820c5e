import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfigFile } from "../../src/config/load.js";
import { reloadConfigFile } from "../../src/config/reload.js";
import type { Config } from "../../src/config/schema.js";
import { privilegesOf } from "../../src/config/schema.js";
import { CONFIG_PREAMBLE } from "../support.js";

const BASE = `${CONFIG_PREAMBLE.replace('path = ":memory:"', 'path = "custodian.db"')}
[flood]
messages = 8

[opers]
Alice = "admin"
`;

describe("reloading services.conf", () => {
  let dir: string;
  let path: string;
  let config: Config;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "custodian-reload-"));
    path = join(dir, "services.conf");
    writeFileSync(path, BASE);
    const loaded = loadConfigFile(path);
    if (!loaded.ok) throw new Error(loaded.error.join("\n"));
    config = loaded.value;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("applies changed limits and opers in place, so every holder of a table sees them", () => {
    const flood = config.flood;
    const opers = config.opers;
    writeFileSync(path, BASE.replace("messages = 8", "messages = 3").replace('Alice = "admin"', 'Bob = "helper"\n\n[oper_classes.helper]\nprivileges = ["review"]'));
    const result = reloadConfigFile(config, path);
    expect(result).toEqual({ ok: true, value: { changed: ["opers.Alice", "opers.Bob", "oper_classes.helper", "flood.messages"], needsRestart: [] } });
    expect(config.flood).toBe(flood);
    expect(flood.messages).toBe(3);
    expect(config.opers).toBe(opers);
    expect(opers).toEqual({ Bob: "helper" });
    expect(privilegesOf(config, "bob")).toEqual(new Set(["review"]));
    expect(privilegesOf(config, "alice")).toEqual(new Set());
  });

  it("reports keys that need a restart and leaves them as they were", () => {
    writeFileSync(path, BASE.replace("port = 7000", "port = 7001").replace('sid = "42X"', 'sid = "43X"').replace('path = "custodian.db"', 'path = "other.db"').replace("messages = 8", "messages = 9"));
    const result = reloadConfigFile(config, path);
    expect(result).toEqual({ ok: true, value: { changed: ["flood.messages"], needsRestart: ["server.sid", "uplink.port", "database.path"] } });
    expect(config.uplink.port).toBe(7000);
    expect(config.server.sid).toBe("42X");
    expect(config.database.path).toBe(join(dir, "custodian.db"));
    expect(config.flood.messages).toBe(9);
  });

  it("changes nothing when the file is invalid, and names the key and line", () => {
    const before = structuredClone(config);
    writeFileSync(path, BASE.replace("messages = 8", "messages = 3\nwindow = \"soon\"").replace('Alice = "admin"', 'Bob = "admin"'));
    const result = reloadConfigFile(config, path);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toEqual([`${path}:16: flood.window: "soon" is not a duration (write a number and a unit s, m, h, d, w or y, e.g. 48h or 10d)`]);
    expect(config).toEqual(before);
  });

  it("says so when nothing changed", () => {
    expect(reloadConfigFile(config, path)).toEqual({ ok: true, value: { changed: [], needsRestart: [] } });
  });

  it("replaces lists such as flag rules and blacklists as a whole", () => {
    writeFileSync(path, `${BASE}\n[mail]\nblacklist = ["*@spam.example"]\n\n[[channels.flag_rules]]\nkind = "channel"\npattern = "#*warez*"\nreason = "warez"\n`);
    const result = reloadConfigFile(config, path);
    expect(result.ok && result.value.changed).toEqual(["mail.blacklist", "channels.flag_rules"]);
    expect(config.mail.blacklist).toEqual(["*@spam.example"]);
    expect(config.channels.flag_rules).toEqual([{ kind: "channel", pattern: "#*warez*", reason: "warez" }]);
  });
});
