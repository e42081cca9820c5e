/**
 * Moving a network from Atheme to Custodian (issue 15), end to end: the real Atheme (Debian's
 * atheme-services 7.2) links to the real InspIRCd; users register accounts, group a nick, register
 * a channel and set access flags, staff add a BADMAIL entry, all over IRC; Atheme is stopped so
 * that it writes its database; `custodian import-atheme` (the built CLI) imports it; then
 * Custodian links to the same ircd and the imported data is used over IRC.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ATHEME_DEFAULTS, athemeLinkConf, startAtheme } from "./harness/atheme.mjs";
import { OPER_IRCD_CONF, squitStoppedServer } from "./harness/oper.js";
import { connectClient, type TestClient } from "./harness/client.js";
import { runCli } from "./harness/process.js";
import { startStack, type Stack } from "./harness/stack.js";

type CliResult = Awaited<ReturnType<typeof runCli>>;

let stack: Stack;
let configPath = "";
let athemeDb = "";
const cli: Record<"dryRunNoDb" | "real" | "dryRunAfter" | "again", CliResult | null> = { dryRunNoDb: null, real: null, dryRunAfter: null, again: null };
let dbHashBeforeDryRun = "";
let dbHashAfterDryRun = "";
/** Atheme's entity IDs by account name, as its database has them. */
const athemeIds = new Map<string, string>();

const fileHash = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

/** IRC formatting (bold, colour, reset, reverse, italic, underline): Atheme's replies use bold. */
const plain = (text: string): string => text.replace(/\x03\d{0,2}(?:,\d{1,2})?|[\x02\x0f\x16\x1d\x1f]/g, "");

/** Sends `line` to `service` and waits for its reply matching `pattern` (formatting ignored). */
async function ask(client: TestClient, service: string, line: string, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  client.say(service, line);
  return client.waitNotice(service, (t) => pattern.test(plain(t)), timeoutMs);
}

function changeNick(client: TestClient, nick: string): Promise<void> {
  return new Promise((resolve) => {
    client.raw.once("nick", () => resolve());
    client.raw.changeNick(nick);
  });
}

/** Everything done with Atheme, before Custodian exists on the network. */
async function populateAtheme(port: number): Promise<void> {
  const alice = await connectClient({ port, nick: "Alice" });
  const bob = await connectClient({ port, nick: "Bob" });
  const carol = await connectClient({ port, nick: "Carol" });
  const staff = await connectClient({ port, nick: "StaffOne" });
  try {
    await ask(alice, "NickServ", "REGISTER alicepass1 alice@example.org", /Alice is now registered/);
    await changeNick(alice, "AliceAway");
    await ask(alice, "NickServ", "GROUP", /AliceAway is now registered to your account/);
    await changeNick(alice, "Alice");
    await ask(bob, "NickServ", "REGISTER bobpass12 bob@example.net", /Bob is now registered/);
    await ask(carol, "NickServ", "REGISTER carolpass1 carol@example.net", /Carol is now registered/);
    await ask(staff, "NickServ", "REGISTER staffpass1 staff@example.org", /StaffOne is now registered/);
    await ask(staff, "NickServ", "BADMAIL ADD *@spam.example Known spam source", /banned email address \*@spam\.example/);
    await alice.join("#room");
    await ask(alice, "ChanServ", "REGISTER #room", /#room is now registered to Alice/);
    await ask(alice, "ChanServ", "FLAGS #room Bob +oV", /Flags \+Vo were set on Bob/);
    await ask(alice, "ChanServ", "FLAGS #room Carol +V", /Flags \+V were set on Carol/);
    await ask(alice, "ChanServ", "FLAGS #room StaffOne +Rfs", /Flags \+Rfs were set on StaffOne/);
    await ask(alice, "ChanServ", "FLAGS #room *!*@bad.example +b", /Flags \+b were set/);
  } finally {
    await Promise.allSettled([alice, bob, carol, staff].map((c) => c.quit()));
  }
}

beforeAll(async () => {
  stack = await startStack({
    ircdConf: `${athemeLinkConf()}\n${OPER_IRCD_CONF}`,
    async beforeServices({ dir, clientPort, linkPort, toml, dbPath }) {
      const atheme = await startAtheme({ dir: join(dir, "atheme"), uplink: { name: "irc.test.local", port: linkPort }, opers: [{ account: "StaffOne" }] });
      try {
        await populateAtheme(clientPort);
      } finally {
        athemeDb = await atheme.stop();
      }
      // Atheme's pseudo-clients must be gone before Custodian's, of the same nicks, are introduced.
      await squitStoppedServer(clientPort, ATHEME_DEFAULTS.serverName);
      for (const line of readFileSync(athemeDb, "utf8").split("\n")) {
        const [type, id, name] = line.split(" ");
        if (type === "MU" && id && name) athemeIds.set(name, id);
      }
      configPath = join(dir, "services.conf");
      writeFileSync(configPath, toml);
      cli.dryRunNoDb = await runCli(["import-atheme", "--config", configPath, athemeDb, "--dry-run"]);
      if (existsSync(dbPath)) throw new Error("the dry run created the database");
      cli.real = await runCli(["import-atheme", "--config", configPath, athemeDb]);
      dbHashBeforeDryRun = fileHash(dbPath);
      cli.dryRunAfter = await runCli(["import-atheme", "--config", configPath, athemeDb, "--dry-run", "--merge"]);
      dbHashAfterDryRun = fileHash(dbPath);
      cli.again = await runCli(["import-atheme", "--config", configPath, athemeDb]);
    },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("import-atheme from a database the real Atheme wrote", () => {
  it("prints the same report for the dry run and the import, which succeeds", () => {
    expect(cli.real?.code, cli.real?.stderr).toBe(0);
    const real = cli.real?.stdout ?? "";
    expect(real).toContain("Accounts (MU): 4 found, 4 imported, 0 skipped.");
    expect(real).toContain("Nicknames (MN): 5 found, 5 imported, 0 skipped.");
    expect(real).toContain("Channel access (CA): 5 found, 4 imported, 1 skipped.");
    expect(real).toContain("BADMAIL entries (BE): 1 found, 1 imported, 0 skipped.");
    expect(real).toMatch(/line \d+: \*!\*@bad\.example in #room \(\+b\): a hostmask entry/);
    expect(cli.dryRunNoDb?.code).toBe(0);
    expect(cli.dryRunNoDb?.stdout.split("\n").slice(1)).toEqual(real.split("\n").slice(1));
  });

  it("leaves an existing database untouched in a dry run, and refuses a second import without --merge", () => {
    expect(cli.dryRunAfter?.code).toBe(0);
    expect(cli.dryRunAfter?.stdout).toContain("Accounts (MU): 4 found, 0 imported, 4 skipped.");
    expect(dbHashAfterDryRun).toBe(dbHashBeforeDryRun);
    expect(cli.again?.code).toBe(1);
    expect(cli.again?.stdout).toContain("Nothing was imported: the Custodian database already holds accounts or channels");
    expect(cli.again?.stdout).toContain("--merge");
  });

  it("writes the report to the audit log", () => {
    const row = stack.app.db.prepare("SELECT actor, details FROM audit_log WHERE action = 'import.atheme'").all() as Array<{ actor: string; details: string }>;
    expect(row).toHaveLength(1);
    expect(row[0]?.actor).toBe("import:atheme");
    expect((JSON.parse(row[0]?.details ?? "{}") as { report: string[] }).report).toEqual((cli.real?.stdout ?? "").trimEnd().split("\n"));
  });

  it("logs in with the Atheme password, then keeps the password as scrypt", async () => {
    const store = stack.app.services.accounts.deps.store;
    expect(store.byName("Alice")?.passwordHash).toMatch(/^\$z\$26\$10000\$/);
    const alice = await stack.connect("Alice");
    await ask(alice, "NickServ", "IDENTIFY alicepass1", /You are now logged in as Alice\./);
    expect(store.byName("Alice")?.passwordHash).toMatch(/^scrypt\$1024\$/);
    await ask(alice, "NickServ", "LOGOUT", /logged out/i);
    await ask(alice, "NickServ", "IDENTIFY alicepass1", /You are now logged in as Alice\./);
    await ask(alice, "NickServ", "INFO", /Nicknames\s*: Alice, AliceAway/);
  });

  it("finds an account by its Atheme entity ID for IDENTIFY and SASL, and shows the ID to the owner and opers only", async () => {
    const bobId = athemeIds.get("Bob") as string;
    expect(bobId).toMatch(/^[A-Z][A-Z0-9]{8}$/);
    const bob = await stack.connect("Bobby");
    await ask(bob, "NickServ", `IDENTIFY ?${bobId} bobpass12`, /You are now logged in as Bob\./);
    await ask(bob, "NickServ", "INFO", new RegExp(`Atheme ID\\s*: ${bobId}`));
    const sasl = await stack.connect("BobSasl", { sasl: { account: `?${bobId}`, password: "bobpass12" } });
    expect(sasl.account).toBe("Bob");

    const staff = await stack.connect("StaffOne");
    await ask(staff, "NickServ", "IDENTIFY staffpass1", /You are now logged in as StaffOne\./);
    await ask(staff, "NickServ", "INFO Bob", new RegExp(`Atheme ID\\s*: ${bobId}`));
    const carol = await stack.connect("Carol");
    await ask(carol, "NickServ", "IDENTIFY carolpass1", /You are now logged in as Carol\./);
    carol.say("NickServ", "INFO Bob");
    await carol.waitNotice("NickServ", (t) => t.includes("End of Info"));
    // The rest of the reply is there to look at: the ID is left out, not the whole reply.
    expect(carol.pendingNotices().some((n) => n.message.startsWith("Information on Bob"))).toBe(true);
    expect(carol.pendingNotices().some((n) => n.message.includes("Atheme ID"))).toBe(false);
    expect(carol.pendingNotices().some((n) => n.message.includes(bobId))).toBe(false);
  });

  it("shows the channel with the mapped levels in X2 INFO and ACCESS LIST", async () => {
    const alice = await stack.connect("AliceAway");
    await ask(alice, "NickServ", "IDENTIFY Alice alicepass1", /You are now logged in as Alice\./);
    await ask(alice, "X2", "INFO #room", /Information about #room/);
    await alice.waitNotice("X2", (t) => /Owner:\s+Alice \(owner\)/.test(t));
    alice.say("X2", "ACCESS #room LIST");
    await alice.waitNotice("X2", (t) => t.includes("End of access list."));
    const lines = alice.pendingNotices().filter((n) => n.from.toLowerCase() === "x2").map((n) => n.message);
    expect(lines.find((l) => l.includes(" Alice"))).toMatch(/500 owner\s+Alice/);
    expect(lines.find((l) => l.includes(" StaffOne"))).toMatch(/400 coowner\s+StaffOne/);
    expect(lines.find((l) => l.includes(" Bob"))).toMatch(/200 op\s+Bob/);
    expect(lines.find((l) => l.includes(" Carol"))).toMatch(/100 voice\s+Carol/);
  });

  it("refuses an address on Atheme's BADMAIL list", async () => {
    const newcomer = await stack.connect("Newcomer");
    await ask(newcomer, "NickServ", "REGISTER newpass123 someone@spam.example", /not accepted here/);
    await ask(newcomer, "NickServ", "REGISTER newpass123 someone@fine.example", /registered/i);
  });

  it("with --merge while Custodian runs, reports the clashes and skips them", async () => {
    const before = stack.app.db.prepare("SELECT count(*) AS n FROM accounts").get() as { n: number };
    const merged = await runCli(["import-atheme", "--config", configPath, athemeDb, "--merge"]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain("Accounts (MU): 4 found, 0 imported, 4 skipped.");
    expect(merged.stdout).toMatch(new RegExp(`account Alice: its Atheme entity ID ${athemeIds.get("Alice")} was imported before \\(account Alice\\): skipped\\.`));
    expect(merged.stdout).toContain("channel #room: its founder Alice was not imported");
    expect(stack.app.db.prepare("SELECT count(*) AS n FROM accounts").get()).toEqual(before);
  });
});
