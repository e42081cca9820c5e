import { describe, expect, it } from "vitest";
import { CommandTable, dispatch, tokenize } from "../../src/commands/dispatcher.js";
import type { Command } from "../../src/commands/types.js";
import type { ServiceNicks } from "../../src/commands/words.js";
import type { Services } from "../../src/services/registry.js";
import { silentLogger } from "../../src/util/logger.js";
import { FloodThrottle } from "../../src/services/abuse/throttle.js";
import { ManualClock } from "../../src/util/clock.js";
import { commandContext } from "../support.js";
import { HashQueueFullError } from "../../src/services/accounts/hash-queue.js";

const echo: Command = {
  name: "ECHO",
  aliases: ["SAY"],
  syntax: "ECHO <word> <text>",
  summary: "Echoes.",
  help: ["Says it back."],
  minArgs: 2,
  maxArgs: 2,
  rest: true,
  run(ctx, args) {
    ctx.reply(args.join("|"));
  },
};
const secret: Command = { name: "SECRET", syntax: "SECRET", summary: "Hidden.", help: [], minArgs: 0, privilege: "review", run: (ctx) => ctx.reply("ok") };
const mine: Command = { name: "MINE", syntax: "MINE", summary: "Needs login.", help: [], minArgs: 0, login: true, run: (ctx) => ctx.reply("yours") };
const boom: Command = { name: "BOOM", syntax: "BOOM", summary: "Fails.", help: [], minArgs: 0, run: () => { throw new Error("bug"); } };
const busy: Command = { name: "BUSY", syntax: "BUSY", summary: "Hashes.", help: [], minArgs: 0, run: () => Promise.reject(new HashQueueFullError(10_000)) };
const set: Command = {
  name: "SET",
  syntax: "SET <option> <value>",
  summary: "Settings.",
  help: ["Changes settings."],
  minArgs: 0,
  subcommands: [{ name: "COLOR", syntax: "SET COLOR <color>", summary: "Colour.", help: ["Sets it."], minArgs: 1, maxArgs: 1, run: (ctx, [c]) => ctx.reply(`color=${c}`) }],
};
const hinted: Command = {
  name: "HINTED",
  syntax: "HINTED",
  summary: "Names the other services.",
  help: ["Log in first: /msg {nickserv} IDENTIFY; then ask {x2} or {operserv}."],
  minArgs: 0,
};
const table = new CommandTable([echo, secret, mine, boom, busy, set, hinted]);

function context(options: { privileges?: string[]; loggedIn?: boolean; nicks?: ServiceNicks } = {}) {
  const source = {
    uid: "001AAAAAA",
    nick: "n",
    ident: "i",
    host: "h",
    ip: "127.0.0.1",
    account: options.loggedIn ? { id: "1AAAAAAAA", name: "n" } : null,
    privileges: new Set(options.privileges ?? []),
  };
  // The dispatcher asks the accounts domain why a user is not logged in (a frozen account).
  const services = { accounts: { frozenRefusal: () => null } } as unknown as Services;
  return commandContext("nickserv", source, services, options.nicks);
}

describe("command dispatcher", () => {
  it("runs a command by name or alias, case-insensitively, keeping spaces in the rest argument", async () => {
    const { ctx, replies } = context();
    await dispatch(table, ctx, "echo one  two  three", silentLogger());
    await dispatch(table, ctx, "SAY a b", silentLogger());
    expect(replies).toEqual(["one|two  three", "a|b"]);
  });

  it("answers a wrong number of arguments with the syntax", async () => {
    const { ctx, replies } = context();
    const r = await dispatch(table, ctx, "ECHO one", silentLogger());
    expect(r.outcome).toBe("syntax");
    expect(replies[0]).toBe("Syntax: ECHO <word> <text>");
  });

  it("points unknown commands to HELP", async () => {
    const { ctx, replies } = context();
    await dispatch(table, ctx, "FROB", silentLogger());
    expect(replies[0]).toMatch(/Unknown command FROB.*\/msg NickServ HELP/);
  });

  it("leaves privileged commands out of HELP, and tells users without the privilege which one it needs", async () => {
    const { ctx, replies } = context();
    const r = await dispatch(table, ctx, "SECRET", silentLogger());
    expect(r).toEqual({ command: "SECRET", outcome: "denied" });
    expect(replies[0]).toBe("SECRET needs the review privilege; if you are staff, log in first: /msg NickServ IDENTIFY <account> <password>");
    await dispatch(table, ctx, "HELP", silentLogger());
    expect(replies.slice(1).join("\n")).not.toMatch(/SECRET/);
    const other = context({ loggedIn: true, privileges: ["blacklist"] });
    await dispatch(table, other.ctx, "secret now", silentLogger());
    await dispatch(table, other.ctx, "HELP SECRET", silentLogger());
    expect(other.replies).toEqual(["SECRET needs the review privilege, which your account does not have.", "SECRET needs the review privilege, which your account does not have."]);
    const oper = context({ privileges: ["review"] });
    await dispatch(table, oper.ctx, "SECRET", silentLogger());
    expect(oper.replies).toEqual(["ok"]);
  });

  it("says a service whose every command needs a privilege is for staff, rather than listing nothing", async () => {
    const staffOnly = new CommandTable([secret]);
    const { ctx, replies } = context();
    await dispatch(staffOnly, ctx, "HELP", silentLogger());
    expect(replies).toEqual([
      "NickServ is for the network staff: none of its commands is open to you.",
      "If you are staff, log in first: /msg NickServ IDENTIFY <account> <password>",
    ]);
    const user = context({ loggedIn: true });
    await dispatch(staffOnly, user.ctx, "HELP", silentLogger());
    expect(user.replies).toEqual(["NickServ is for the network staff: none of its commands is open to you."]);
    const oper = context({ loggedIn: true, privileges: ["review"] });
    await dispatch(staffOnly, oper.ctx, "HELP", silentLogger());
    expect(oper.replies.join("\n")).toContain("SECRET");
  });

  it("tells which privilege a subcommand needs", async () => {
    const guarded = new CommandTable([{ ...set, name: "CONF", subcommands: [{ ...secret, name: "WIPE", syntax: "CONF WIPE" }] }]);
    const { ctx, replies } = context({ loggedIn: true });
    expect(await dispatch(guarded, ctx, "CONF WIPE", silentLogger())).toEqual({ command: "CONF WIPE", outcome: "denied" });
    expect(replies).toEqual(["CONF WIPE needs the review privilege, which your account does not have."]);
  });

  it("requires login where the command says so", async () => {
    const { ctx, replies } = context();
    await dispatch(table, ctx, "MINE", silentLogger());
    expect(replies[0]).toMatch(/must be logged in/);
    const user = context({ loggedIn: true });
    await dispatch(table, user.ctx, "MINE", silentLogger());
    expect(user.replies).toEqual(["yours"]);
  });

  it("names the configured pseudo-client nicks in its login hint and in HELP texts", async () => {
    const nicks = { x2: "ChanServ", nickserv: "Nick", operserv: "Oper" };
    const { ctx, replies } = context({ nicks });
    await dispatch(table, ctx, "MINE", silentLogger());
    expect(replies).toEqual(["You must be logged in to use MINE: /msg Nick IDENTIFY <account> <password>"]);
    await dispatch(table, ctx, "HELP HINTED", silentLogger());
    expect(replies).toContain("Log in first: /msg Nick IDENTIFY; then ask ChanServ or Oper.");
  });

  it("turns a handler exception into a polite reply", async () => {
    const { ctx, replies } = context();
    const r = await dispatch(table, ctx, "BOOM", silentLogger());
    expect(r.outcome).toBe("error");
    expect(replies[0]).toMatch(/something went wrong/);
  });

  it("answers 'busy, try again' when the password hashing queue is full", async () => {
    const { ctx, replies } = context();
    const r = await dispatch(table, ctx, "BUSY", silentLogger());
    expect(r.outcome).toBe("busy");
    expect(replies).toEqual(["Services are busy checking passwords; please try again in a few seconds."]);
  });

  it("dispatches subcommands and gives help for them", async () => {
    const { ctx, replies } = context();
    await dispatch(table, ctx, "SET COLOR red", silentLogger());
    await dispatch(table, ctx, "SET SIZE 3", silentLogger());
    await dispatch(table, ctx, "HELP SET COLOR", silentLogger());
    expect(replies[0]).toBe("color=red");
    expect(replies[1]).toMatch(/Unknown SET option SIZE/);
    expect(replies).toContain("Syntax: SET COLOR <color>");
  });

  it("lists commands and shows one command's help", async () => {
    const { ctx, replies } = context();
    await dispatch(table, ctx, "HELP", silentLogger());
    expect(replies.some((l) => l.includes("ECHO") && l.includes("Echoes."))).toBe(true);
    replies.length = 0;
    await dispatch(table, ctx, "HELP echo", silentLogger());
    expect(replies).toContain("Syntax: ECHO <word> <text>");
    expect(replies).toContain("Says it back.");
  });

  it("tokenizes on runs of spaces", () => {
    expect(tokenize("  a   b c ")).toEqual(["a", "b", "c"]);
  });
});

describe("flood throttle", () => {
  it("warns once when a user exceeds the rate, then ignores them for the ignore period", () => {
    const clock = new ManualClock(0);
    const throttle = new FloodThrottle(clock, { messages: 3, windowMs: 10_000, ignoreMs: 60_000 });
    expect(["a", "a", "a"].map((k) => throttle.check(k))).toEqual(["allow", "allow", "allow"]);
    expect(throttle.check("a")).toBe("warn");
    expect(throttle.check("a")).toBe("ignore");
    expect(throttle.check("b")).toBe("allow");
    clock.advance(60_001);
    expect(throttle.check("a")).toBe("allow");
  });

  it("lets a steady user through indefinitely and forgets idle users", () => {
    const clock = new ManualClock(0);
    const throttle = new FloodThrottle(clock, { messages: 3, windowMs: 10_000, ignoreMs: 60_000 });
    for (let i = 0; i < 100; i++) {
      expect(throttle.check("steady")).toBe("allow");
      clock.advance(4_000);
    }
    clock.advance(20_000);
    throttle.check("other");
    expect(throttle.trackedKeys).toBe(1);
  });

  it("counts exactly the commands of the last window under a large limit, as the window slides", () => {
    const clock = new ManualClock(0);
    const throttle = new FloodThrottle(clock, { messages: 500, windowMs: 10_000, ignoreMs: 60_000 });
    // 100 a second for 60 seconds: 1000 in every 10 s window, far over the limit at once...
    const verdicts: string[] = [];
    for (let i = 0; i < 600; i++) {
      verdicts.push(throttle.check("fast"));
      clock.advance(10);
    }
    expect(verdicts.indexOf("warn")).toBe(500);
    // ...while 40 a second (400 a window) stays under it for as long as it lasts.
    for (let i = 0; i < 4000; i++) {
      expect(throttle.check("steady")).toBe("allow");
      clock.advance(25);
    }
  });
});
