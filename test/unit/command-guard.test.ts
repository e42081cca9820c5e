import { spawnSync } from "node:child_process";
import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import { CommandTable } from "../../src/commands/dispatcher.js";
import type { Command } from "../../src/commands/types.js";
import type { InspircdLink } from "../../src/irc/link/inspircd.js";
import { Network, type User } from "../../src/irc/network.js";
import { PseudoClients } from "../../src/irc/pseudoclients.js";
import type { Services } from "../../src/services/registry.js";
import { ManualClock } from "../../src/util/clock.js";
import { CommandRouter } from "../../src/wiring/command-router.js";
import { FaultReporter, adminUidsOnline } from "../../src/wiring/fault-reporter.js";
import { installProcessGuards } from "../../src/wiring/process-guards.js";
import { memoryDb, testConfig } from "../support.js";
import { AuditLog } from "../../src/services/audit.js";
import { StaffDirectory } from "../../src/services/staff-directory.js";
import { makeWorld } from "./accounts-fixture.js";

const USER = "001AAAAAB";
const ADMIN = "001AAAAAC";
const SECRET = "hunter2-secret";

function user(uid: string, nick: string): Omit<User, "account" | "accountId" | "certfp" | "operType" | "channels"> {
  return { uid, nick, nickTs: 1, ident: nick.toLowerCase(), host: "h.example", displayHost: "h.example", ip: "192.0.2.1", server: "001", signonTs: 1, modes: new Set(), realname: nick };
}

/** A world: a real Network and PseudoClients over a link that records lines, a router, a reporter and a log. */
function world(commands: Command[], options: { accountOf?: (uid: string) => { id: string; name: string } | null } = {}) {
  const sent: { from: string; to: string; text: string }[] = [];
  const network = new Network();
  const link = {
    sid: "42X",
    network,
    on: () => link,
    send: (from: string, command: string, to: string, text: string) => {
      if (command === "NOTICE") sent.push({ from, to, text });
    },
  };
  const clients = new PseudoClients(
    link as unknown as InspircdLink,
    (["x2", "nickserv", "operserv"] as const).map((key) => ({ key, nick: key === "x2" ? "X2" : key === "nickserv" ? "NickServ" : "OperServ", ident: key, host: "services.test", realname: key })),
    pino({ level: "silent" }),
  );
  network.addUser(user(USER, "Tom"));
  network.addUser(user(ADMIN, "Staff"));
  const logLines: string[] = [];
  const log = pino(
    { level: "debug" },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  );
  const config = testConfig('[opers]\nStaff = "admin"\n');
  const clock = new ManualClock();
  const db = memoryDb();
  const staff = new StaffDirectory(db, config, clock, new AuditLog(db, clock));
  staff.claim({ id: "1STAFF001", name: "Staff" });
  const accountOf = options.accountOf ?? ((uid: string) => (uid === ADMIN ? { id: "1STAFF001", name: "Staff" } : null));
  const faults = new FaultReporter({
    log,
    clock,
    adminsOnline: () => adminUidsOnline(network.users.keys(), accountOf, staff),
    notice: (uid, text) => clients.notice("operserv", uid, text),
  });
  network.listenerFailed = faults.listenerFailed;
  const table = new CommandTable(commands);
  const router = new CommandRouter({
    services: { config, clock, staff } as unknown as Services,
    clients,
    network,
    tables: { x2: table, nickserv: table, operserv: table },
    log,
    faults,
    accountOf,
  });
  const to = (uid: string) => sent.filter((s) => s.to === uid).map((s) => s.text);
  return { router, network, sent, to, logLines, clock };
}

const ping: Command = { name: "PING", syntax: "PING", summary: "Pong.", help: [], minArgs: 0, run: (ctx) => ctx.reply("PONG") };
const syncBug: Command = { name: "IDENTIFY", syntax: "IDENTIFY <password>", summary: "x", help: [], minArgs: 0, run: () => { throw new Error("bug in a handler"); } };
const asyncBug: Command = { name: "VERIFY", syntax: "VERIFY <code>", summary: "x", help: [], minArgs: 0, run: async () => { await Promise.resolve(); throw new TypeError("cannot read properties of undefined"); } };
const badHelp: Command = {
  name: "BROKEN",
  syntax: "BROKEN",
  summary: "Its help is broken.",
  get help(): string[] {
    throw new Error("bug in the help text");
  },
  minArgs: 0,
};

/** A handler whose exception quotes its arguments, as a careless `new Error(`...${x}`)` would. */
const leakyBug: Command = {
  name: "REGISTER",
  syntax: "REGISTER <password> <email>",
  summary: "x",
  help: [],
  minArgs: 0,
  run: (_ctx, args) => {
    throw new Error(`could not store ${JSON.stringify(args)} for ${args.join(" ")}`);
  },
};

const leakySet: Command = {
  name: "SET",
  syntax: "SET <option> <value>",
  summary: "x",
  help: [],
  minArgs: 0,
  subcommands: [{ ...leakyBug, name: "PASSWORD", syntax: "SET PASSWORD <password>" }],
};

const message = (text: string, from = USER) => ({ service: "nickserv", from, text });

/** The generic reply with its incident reference; the reference, for finding it in the log. */
const INCIDENT_REPLY = /^Sorry, something went wrong on our side; staff have been told \(incident ([0-9A-F]{8})\)\.$/;
function incidentOf(reply: string | undefined): string {
  const match = INCIDENT_REPLY.exec(reply ?? "");
  expect(match, `generic reply with an incident reference, got ${JSON.stringify(reply)}`).not.toBeNull();
  return match![1]!;
}

describe("the command guard", () => {
  let w: ReturnType<typeof world>;
  beforeEach(() => {
    w = world([ping, syncBug, asyncBug, badHelp, leakyBug, leakySet]);
  });

  it.each([
    ["a handler that throws", `IDENTIFY Tom ${SECRET}`, "IDENTIFY"],
    ["a handler whose promise rejects", `VERIFY ${SECRET}`, "VERIFY"],
    ["HELP", "HELP BROKEN", "HELP"],
  ])("%s: one short notice to the user, the command's name (never its arguments) in the log, admins told, the next command served", async (_what, text, name) => {
    await w.router.handle(message(text));
    // HELP may have sent its first lines before the bug.
    const incident = incidentOf(w.to(USER).at(-1));
    expect(w.to(USER).filter((t) => t.startsWith("Sorry"))).toHaveLength(1);
    const log = w.logLines.join("");
    expect(log).toContain(`"command":"${name}"`);
    expect(log).toContain(`"incident":"${incident}"`);
    expect(log).not.toContain(SECRET);
    expect(w.to(ADMIN)).toEqual([`Internal error in command NickServ ${name} (incident ${incident}); details are in the services log.`]);

    await w.router.handle(message("PING"));
    expect(w.to(USER).at(-1)).toBe("PONG");
  });

  it.each([
    ["REGISTER", `REGISTER ${SECRET} tom@example.org`, 'could not store ["[redacted]","[redacted]"] for [redacted] [redacted]'],
    ["SET PASSWORD", `set  password   ${SECRET}`, 'could not store ["[redacted]"] for [redacted]'],
    ["REGISTER", "REGISTER x tom@example.org", 'could not store ["[redacted]","[redacted]"] for [redacted] [redacted]'],
  ])("an exception that quotes the arguments (%s %s): the user gets the generic reply, the log keeps the stack but no argument", async (name, text, logged) => {
    await w.router.handle(message(text));
    const incident = incidentOf(w.to(USER).at(-1));
    const lines = w.logLines.filter((l) => l.includes(`"incident":"${incident}"`));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as { command: string; err: string };
    expect(entry.command).toBe(name);
    // The stack is kept (with its frames), the arguments are not.
    expect(entry.err.split("\n")[0]).toBe(`Error: ${logged}`);
    expect(entry.err).toMatch(/\n\s+at .*command-guard\.test\.ts/);
    const log = w.logLines.join("");
    for (const word of text.split(" ").slice(1).filter((x) => x.length > 0)) expect(log).not.toContain(`"${word}"`);
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain("tom@example.org");
  });

  it("guards the requester lookup too", async () => {
    const broken = world([ping], {
      accountOf: (uid) => {
        if (uid === USER) throw new Error("session table corrupt");
        return uid === ADMIN ? { id: "1STAFF001", name: "Staff" } : null;
      },
    });
    await broken.router.handle(message(`PING ${SECRET}`));
    expect(broken.to(USER)).toHaveLength(1);
    const incident = incidentOf(broken.to(USER)[0]);
    expect(broken.to(ADMIN)).toEqual([`Internal error in command NickServ PING (incident ${incident}); details are in the services log.`]);
    expect(broken.logLines.join("")).toContain(`"incident":"${incident}"`);
    expect(broken.logLines.join("")).not.toContain(SECRET);
  });

  it("keeps the arguments out of the log when the requester lookup's exception quotes the message", async () => {
    const broken = world([ping], {
      accountOf: (uid) => {
        if (uid === USER) throw new Error(`no session for the message PING ${SECRET}`);
        return null;
      },
    });
    await broken.router.handle(message(`PING ${SECRET}`));
    incidentOf(broken.to(USER)[0]);
    const log = broken.logLines.join("");
    expect(log).toContain("no session for the message PING [redacted]");
    expect(log).not.toContain(SECRET);
  });

  it("survives the error reply failing as well", async () => {
    const failing: Command = {
      name: "TWICE",
      syntax: "TWICE",
      summary: "x",
      help: [],
      minArgs: 0,
      run: (ctx) => {
        // Every reply fails from here on (the user's notice included).
        ctx.reply = () => {
          throw new Error("link write failed");
        };
        throw new Error("first bug");
      },
    };
    const v = world([failing, ping]);
    await expect(v.router.handle(message("TWICE"))).resolves.toBeUndefined();
    expect(v.to(ADMIN)).toHaveLength(1);
  });

  it("tells admins once a minute per command, counting the failures in between", async () => {
    for (let i = 0; i < 3; i++) await w.router.handle(message("IDENTIFY x"));
    expect(w.to(ADMIN)).toHaveLength(1);
    w.clock.advance(60_000);
    await w.router.handle(message("IDENTIFY x"));
    expect(w.to(ADMIN).at(-1)).toMatch(/^Internal error in command NickServ IDENTIFY \(incident [0-9A-F]{8}; and 2 more since the last notice\); details are in the services log\.$/);
    expect(w.to(USER)).toHaveLength(4);
  });
});

describe("network event listeners", () => {
  it("a listener that throws does not stop the others on the same event, nor the emitter", () => {
    const w = world([]);
    const seen: string[] = [];
    w.network.on("userQuit", () => {
      throw new Error("bug in a listener");
    });
    w.network.on("userQuit", (u) => seen.push(u.nick));
    expect(() => w.network.removeUser(USER, "bye")).not.toThrow();
    expect(seen).toEqual(["Tom"]);
    expect(w.network.users.has(USER)).toBe(false);
    expect(w.logLines.join("")).toContain('"where":"event userQuit"');
    expect(w.to(ADMIN)).toEqual([expect.stringMatching(/^Internal error in event userQuit \(incident [0-9A-F]{8}\); details are in the services log\.$/)]);
  });

  it("reports a listener's rejected promise", async () => {
    const w = world([]);
    w.network.on("userQuit", async () => {
      await Promise.resolve();
      throw new Error("async bug");
    });
    w.network.removeUser(USER, "bye");
    await new Promise((r) => setImmediate(r));
    expect(w.logLines.join("")).toContain("async bug");
  });
});

describe("domain event listeners", () => {
  it("a listener of the accounts service that throws does not stop the others, nor the login", async () => {
    const w = makeWorld();
    const failures: string[] = [];
    w.accounts.listenerFailed = (event, error) => void failures.push(`${event}: ${(error as Error).message}`);
    const heard: string[] = [];
    w.accounts.prependListener("loggedIn", () => {
      throw new Error("bug in a login listener");
    });
    w.accounts.on("loggedIn", (account) => void heard.push(account.name));
    const user = await w.registered("Guarded");
    w.accounts.logout(user.uid);
    expect((await w.accounts.identify(w.actor(user), null, "correct horse")).ok).toBe(true);
    expect(heard).toContain("Guarded");
    expect(failures).toContain("loggedIn: bug in a login listener");
    w.close();
  });
});

describe("process guards", () => {
  it("reports unhandled rejections and uncaught exceptions to the reporter", () => {
    const target = new EventEmitter();
    const reported: string[] = [];
    const remove = installProcessGuards((where, error) => reported.push(`${where}: ${(error as Error).message}`), target);
    target.emit("unhandledRejection", new Error("lost promise"));
    target.emit("uncaughtException", new Error("timer bug"));
    expect(reported).toEqual(["process (unhandled promise rejection): lost promise", "process (uncaught exception): timer bug"]);
    remove();
    expect(target.listenerCount("unhandledRejection")).toBe(0);
  });

  it("keeps a real process running after a bug in a timer and an unhandled rejection", () => {
    const guards = fileURLToPath(new URL("../../src/wiring/process-guards.ts", import.meta.url));
    const script = `
      const { installProcessGuards } = await import(${JSON.stringify(guards)});
      installProcessGuards((where, error) => console.log("reported", where, error.message));
      setTimeout(() => { throw new Error("bug in a timer"); }, 0);
      setTimeout(() => Promise.reject(new Error("nobody catches this")), 0);
      setTimeout(() => setTimeout(() => console.log("still running"), 0), 0);
    `;
    const node = (code: string) => spawnSync(process.execPath, ["--experimental-strip-types", "--input-type=module", "-e", code], { encoding: "utf8", timeout: 20_000 });
    const run = node(script);
    expect(run.stdout).toContain("reported process (uncaught exception) bug in a timer");
    expect(run.stdout).toContain("reported process (unhandled promise rejection) nobody catches this");
    expect(run.stdout).toContain("still running");
    expect(run.status).toBe(0);
    // The same script without the guards: Node ends the process at the first bug.
    const unguarded = node(script.replace(/installProcessGuards\(.*\);/, ""));
    expect(unguarded.stdout).not.toContain("still running");
    expect(unguarded.status).not.toBe(0);
  });
});
