import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, eventually, type Stack } from "./harness/stack.js";

describe("Custodian linked to a real InspIRCd", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ sections: { flood: 'messages = 5\nwindow = "10s"\nignore = "30s"' } });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("introduces X2, NickServ and OperServ, visible to WHOIS", async () => {
    const client = await stack.connect("Watcher");
    for (const nick of ["X2", "NickServ", "OperServ"]) {
      const whois = await client.whois(nick);
      expect(whois.nick).toBe(nick);
      expect(whois.server).toBe("services.test.local");
      expect(whois.error).toBeFalsy();
    }
  });

  it("answers HELP from every service and points unknown commands to HELP", async () => {
    const client = await stack.connect("Helpee");
    for (const service of ["X2", "NickServ"]) {
      client.say(service, "HELP");
      await client.waitNotice(service, (t) => t.includes(`***** ${service} Help *****`));
      await client.waitNotice(service, (t) => t.includes("End of Help"));
    }
    // To a user who is not staff, OperServ says whom it is for (issue 19).
    client.say("OperServ", "HELP");
    await client.waitNotice("OperServ", (t) => t === "OperServ is for the network staff: none of its commands is open to you.");
    client.say("NickServ", "FROBNICATE now");
    const reply = await client.waitNotice("NickServ", (t) => t.startsWith("Unknown command"));
    expect(reply).toContain("/msg NickServ HELP");
  });

  it("ignores a flooding user, with one warning, while another user still gets answers", async () => {
    const flooder = await stack.connect("Flooder");
    const bystander = await stack.connect("Bystander");
    for (let i = 0; i < 40; i++) flooder.say("OperServ", "HELP");
    const warning = await flooder.waitNotice("OperServ", (t) => t.includes("too fast"));
    expect(warning).toMatch(/ignored for 30 seconds/);
    bystander.say("OperServ", "HELP");
    await bystander.waitNotice("OperServ", (t) => t.startsWith("If you are staff, log in first"));
    // Every HELP the flooder sent has been relayed to services once the ircd answers its PING;
    // the bystander's reply comes after services handled them all; the flooder's last PING brings
    // in whatever services answered it meanwhile.
    await flooder.roundTrip();
    await bystander.sync("OperServ");
    await flooder.roundTrip();
    const helpHeaders = flooder.pendingNotices().filter((n) => n.message.includes("OperServ is for the network staff"));
    // Five commands fit the window; everything after the warning is dropped.
    expect(helpHeaders).toHaveLength(5);
    expect(flooder.pendingNotices().filter((n) => n.message.includes("too fast"))).toHaveLength(0);
  });

  it("answers CTCP VERSION and PING, and counts them against the flood throttle like commands", async () => {
    const flooder = await stack.connect("CtcpFlooder");
    const bystander = await stack.connect("CtcpBystander");
    const replies: { nick: string; type: string; message: string }[] = [];
    flooder.raw.on("ctcp response", (e: { nick: string; type: string; message: string }) => replies.push(e));
    for (let i = 0; i < 40; i++) flooder.raw.ctcpRequest("NickServ", i % 2 === 0 ? "VERSION" : "PING", `n${i}`);
    const warning = await flooder.waitNotice("NickServ", (t) => t.includes("too fast"));
    expect(warning).toMatch(/ignored for 30 seconds/);
    // As above: all 40 requests reached services before the bystander's command, whose reply
    // comes after they were handled; the flooder's last PING brings in what services sent it.
    await flooder.roundTrip();
    await bystander.sync("NickServ");
    await flooder.roundTrip();
    // Five requests fit the window (the [flood] allowance); the rest are dropped.
    expect(replies.map((r) => `${r.nick} ${r.message}`)).toEqual([
      "NickServ VERSION Custodian IRC services",
      "NickServ PING n1",
      "NickServ VERSION Custodian IRC services",
      "NickServ PING n3",
      "NickServ VERSION Custodian IRC services",
    ]);
    // Commands are ignored too, for the same 30 seconds.
    flooder.say("NickServ", "HELP");
    await bystander.sync("NickServ");
    await flooder.roundTrip();
    expect(flooder.pendingNotices().filter((n) => n.from === "NickServ")).toEqual([]);
  });

  it("a command that hits a bug quoting its password: the user gets the generic reply with an incident, the log no password", async () => {
    const accounts = stack.app.services.accounts;
    const real = accounts.identify;
    // A bug whose exception quotes what it was given, as a careless `new Error(\`...${x}\`)` would.
    accounts.identify = async (_actor, account, password) => {
      throw new Error(`cannot log in ${account} with ${password}`);
    };
    try {
      const user = await stack.connect("Buggy");
      user.say("NickServ", "IDENTIFY Buggy sw0rdfish-secret");
      const reply = await user.waitNotice("NickServ", (t) => t.startsWith("Sorry"));
      const incident = /^Sorry, something went wrong on our side; staff have been told \(incident ([0-9A-F]{8})\)\.$/.exec(reply)?.[1];
      expect(incident, reply).toBeDefined();
      // The log entry is written by the time the user is told (pino's file writes may lag a little).
      const entry = await eventually(() => readFileSync(stack.logPath, "utf8").split("\n").find((l) => l.includes(`"incident":"${incident}"`)));
      expect(JSON.parse(entry)).toMatchObject({ command: "IDENTIFY", msg: "command failed", err: expect.stringMatching(/^Error: cannot log in \[redacted\] with \[redacted\]\n\s+at /) });
      await user.sync("NickServ");
      expect(readFileSync(stack.logPath, "utf8")).not.toContain("sw0rdfish-secret");
    } finally {
      accounts.identify = real;
    }
  });

  it("keeps X2's op in an existing channel even when the services' clock is 48 hours ahead", async () => {
    const owner = await stack.connect("ClockOwner");
    await owner.join("#clockskew");
    await eventually(() => stack.app.network.getChannel("#clockskew"), 5000, "services see #clockskew");
    stack.clock.advance(48 * 3600_000);
    stack.app.services.actions.joinChannel("x2", "#clockskew");
    const users = await eventually(async () => {
      const list = await owner.names("#clockskew");
      return list.find((u) => u.nick === "X2") ? list : undefined;
    }, 5000, "X2 in #clockskew");
    expect(users.find((u) => u.nick === "X2")?.modes, JSON.stringify(users)).toContain("o");
    // The channel's timestamp was kept, so the creator keeps op too.
    expect(users.find((u) => u.nick === "ClockOwner")?.modes).toContain("o");
  });

  it("relinks and bursts again after the ircd restarts", async () => {
    const readyCount = () => readies;
    let readies = 0;
    stack.app.link.on("ready", () => readies++);
    await stack.ircd.restart();
    await eventually(() => readyCount() > 0, 20_000, "relink after ircd restart");
    const client = await stack.connect("AfterRestart");
    const whois = await client.whois("NickServ");
    expect(whois.server).toBe("services.test.local");
    client.say("NickServ", "HELP");
    await client.waitNotice("NickServ", (t) => t.includes("End of Help"));
  });
});
