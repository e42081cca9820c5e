/**
 * `custodian backup` (issue 14): an online copy of the live database, taken by the command (a
 * separate process, dist/cli.js) while the services run and register accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { startStack, type Stack } from "./harness/stack.js";
import type { TestClient } from "./harness/client.js";
import { runCli } from "./harness/process.js";

const EXAMPLE = fileURLToPath(new URL("../../services.conf.example", import.meta.url));

/** The account names in a database file, read as a restored backup would be. */
function accountsIn(path: string): { names: Set<string>; integrity: string } {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma("integrity_check", { simple: true }) as string) ?? "";
    const names = new Set((db.prepare("SELECT name FROM accounts").all() as { name: string }[]).map((r) => r.name));
    return { names, integrity };
  } finally {
    db.close();
  }
}

describe("custodian --check-config", () => {
  it("accepts services.conf.example as shipped", async () => {
    const result = await runCli(["--check-config", EXAMPLE]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

describe("custodian backup", () => {
  let stack: Stack;
  const clients: TestClient[] = [];
  const BURST = 24;

  beforeAll(async () => {
    stack = await startStack({ sections: { flood: "messages = 40" } });
    clients.push(...(await Promise.all(Array.from({ length: BURST }, (_, i) => stack.connect(`Burst${i}`)))));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function register(client: TestClient, i: number): Promise<string> {
    client.say("NickServ", `REGISTER burst-pass-${i} burst${i}@example.org`);
    await client.waitNotice("NickServ", (t) => t.includes("is now registered"), 20_000);
    return client.nick;
  }

  it("copies the live database during a burst of registrations; the copy opens and holds them", async () => {
    const first = clients.slice(0, 8);
    const before = await Promise.all(first.map((c, i) => register(c, i)));

    const out = join(stack.dir, "during.db");
    // The rest of the burst goes out while the backup command starts and runs.
    const burst = Promise.all(clients.slice(8).map((c, i) => register(c, i + 8)));
    const backup = await runCli(["backup", "--config", stack.configPath, out]);
    const after = await burst;

    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backup written to .*during\.db: \d+ pages, \d+ bytes, schema version \d+, integrity_check ok/);
    const copy = accountsIn(out);
    expect(copy.integrity).toBe("ok");
    for (const name of before) expect(copy.names).toContain(name);
    const all = new Set([...before, ...after]);
    for (const name of copy.names) expect(all).toContain(name);
    // One file: nothing to carry along when it is restored.
    expect(existsSync(`${out}-wal`)).toBe(false);

    // Taken after the burst, a backup holds every registration, and replaces an older file.
    const later = await runCli(["backup", "--config", stack.configPath, out]);
    expect(later.code).toBe(0);
    expect(accountsIn(out).names).toEqual(all);

    // The services answered throughout.
    clients[0]!.say("NickServ", "INFO");
    await clients[0]!.waitNotice("NickServ", (t) => t.includes("Burst0"));
  });

  it("refuses to overwrite the live database and names what is wrong", async () => {
    const same = await runCli(["backup", "--config", stack.configPath, stack.config.database.path]);
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/is the live database/);

    const noDir = await runCli(["backup", "--config", stack.configPath, join(stack.dir, "missing", "x.db")]);
    expect(noDir.code).toBe(1);
    expect(noDir.stderr).toMatch(/directory does not exist/);

    const usage = await runCli(["backup", join(stack.dir, "x.db")]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Usage: custodian backup --config FILE OUT\.db/);
  });

  it("refuses a configuration whose database does not exist rather than create an empty one", async () => {
    const conf = join(stack.dir, "elsewhere.conf");
    writeFileSync(conf, `[server]\nname = "a.b"\nsid = "1AA"\n[uplink]\nhost = "h"\nport = 1\nsend_password = "x"\nreceive_password = "y"\n[database]\npath = "nothing-here.db"\n`);
    const result = await runCli(["backup", "--config", conf, join(stack.dir, "y.db")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(stack.dir, "nothing-here.db")}: no database there`);
    expect(existsSync(join(stack.dir, "nothing-here.db"))).toBe(false);
  });
});
