/**
 * Operations commands end to end (issue 14): OperServ REHASH and AUDIT over a real network.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "./harness/stack.js";
import type { TestClient } from "./harness/client.js";

describe("OperServ operations commands on a live network", () => {
  let stack: Stack;
  let staff: TestClient;

  /** REGISTER, the code from the delivered mail, VERIFY: the client ends logged in. */
  async function registerVerified(nick: string): Promise<TestClient> {
    const client = await stack.connect(nick);
    const address = `${nick.toLowerCase()}@example.org`;
    client.say("NickServ", `REGISTER ${nick.toLowerCase()}-pass-1 ${address}`);
    await client.waitNotice("NickServ", (t) => t.includes("is now registered"));
    const mail = await stack.smtp.waitFor((m) => m.to.includes(address), 10_000);
    const code = /VERIFY REGISTER \S+ (\S+)/.exec(mail.text)?.[1];
    client.say("NickServ", `VERIFY REGISTER ${nick} ${code}`);
    await client.waitNotice("NickServ", (t) => t === `You are now logged in as ${nick}.`);
    return client;
  }

  /** Sends an AUDIT and collects its lines up to the last one. */
  async function audit(args: string): Promise<string[]> {
    staff.say("OperServ", `AUDIT ${args}`);
    const lines = [await staff.waitNotice("OperServ")];
    if (!lines[0]!.startsWith("Audit log for")) return lines;
    for (;;) {
      const line = await staff.waitNotice("OperServ");
      lines.push(line);
      if (line === "End of the audit log." || line.startsWith("More:")) return lines;
    }
  }

  /** Edits the stack's services.conf: `edit` gets the text and returns the new one. */
  function editConfig(edit: (text: string) => string): void {
    const before = readFileSync(stack.configPath, "utf8");
    const after = edit(before);
    if (after === before) throw new Error("the edit changed nothing");
    writeFileSync(stack.configPath, after);
  }

  /** REHASH as StaffOne: the lines of its reply (BREAKER LIST, answered after it, marks the end). */
  async function rehash(): Promise<string[]> {
    staff.say("OperServ", "REHASH");
    staff.say("OperServ", "BREAKER LIST");
    const lines: string[] = [];
    for (;;) {
      const line = await staff.waitNotice("OperServ");
      if (line === "No maintenance loop is held.") return lines;
      lines.push(line);
    }
  }

  const disconnects: string[] = [];

  beforeAll(async () => {
    stack = await startStack({ sections: { mail: 'delay = "0"', flood: "messages = 100" } });
    staff = await registerVerified("StaffOne");
    stack.app.link.on("disconnected", (reason) => disconnects.push(reason));
  });

  it("REHASH adds an oper who can then use REVIEW LIST, logging nobody out and keeping the link", async () => {
    const newOper = await registerVerified("NewOper");
    newOper.say("OperServ", "REVIEW LIST");
    expect(await newOper.waitNotice("OperServ")).toBe("REVIEW needs the review privilege, which your account does not have.");

    editConfig((text) =>
      text
        .replace('StaffOne = "admin"', 'StaffOne = "admin"\nNewOper = "reviewer"\n\n[oper_classes.reviewer]\nprivileges = ["review"]')
        .replace("[mail]\n", '[mail]\nblacklist = ["*@blocked.example"]\n'),
    );
    expect(await rehash()).toEqual([`${stack.configPath} reloaded; 3 setting(s) changed: mail.blacklist, opers.NewOper, oper_classes.reviewer.`]);

    newOper.say("OperServ", "REVIEW LIST");
    expect(await newOper.waitNotice("OperServ")).toBe("No request is held or waiting for verification.");
    // The blacklist from the file refuses at once.
    const late = await stack.connect("LateComer");
    late.say("NickServ", "REGISTER latecomer-pass-1 late@blocked.example");
    expect(await late.waitNotice("NickServ")).toMatch(/not accepted/);

    // Nobody was logged out, and the link stayed up.
    expect(newOper.account).toBe("NewOper");
    expect(staff.account).toBe("StaffOne");
    newOper.say("NickServ", "INFO");
    expect(await newOper.waitNotice("NickServ", (t) => t.includes("NewOper"))).toBeTruthy();
    expect(disconnects).toEqual([]);
  });

  it("REHASH applies new limits at once, and reports keys that need a restart and leaves them as they were", async () => {
    editConfig((text) => text.replace('sid = "42X"', 'sid = "43X"').replace("messages = 100", 'messages = 30\nwindow = "20s"'));
    expect(await rehash()).toEqual([
      `${stack.configPath} reloaded; 2 setting(s) changed: flood.messages, flood.window.`,
      "Need a restart, and keep their running values until then: server.sid.",
    ]);
    expect(stack.app.config.server.sid).toBe("42X");
    expect(disconnects).toEqual([]);

    // The command throttle counts with the new limit.
    const flooder = await stack.connect("Flooder");
    for (let i = 0; i < 31; i++) flooder.say("NickServ", "HELP VERIFY");
    expect(await flooder.waitNotice("NickServ", (t) => t.startsWith("You are sending commands too fast"))).toBe(
      "You are sending commands too fast (the limit is 30 in 20s); you will be ignored for 60 seconds.",
    );
  });

  it("REHASH of an invalid file changes nothing and tells the oper what is wrong", async () => {
    const before = structuredClone(stack.app.config);
    editConfig((text) => text.replace('NewOper = "reviewer"', 'NewOper = "reviewer"\nGhost = "nosuchclass"').replace("[flood]\n", "[flood]\nmesages = 3\n"));
    const reply = await rehash();
    expect(reply[0]).toBe(`${stack.configPath} has 2 error(s); nothing was changed:`);
    expect(reply.slice(1).sort()).toEqual([
      expect.stringMatching(/^  \S+services\.conf:\d+: flood\.mesages: unknown key$/),
      expect.stringMatching(/^  \S+services\.conf:\d+: opers\.Ghost: class "nosuchclass" is not defined/),
    ]);
    expect(stack.app.config).toEqual(before);
    const log = readFileSync(stack.logPath, "utf8");
    expect(log).toContain("configuration not reloaded: the file has errors; nothing changed");
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("AUDIT lists the entries of an account registration and of a channel registration", async () => {
    const regi = await registerVerified("Regi");
    const regiId = stack.app.services.accounts.resolve("Regi")!.id;
    await regi.join("#audited");
    regi.say("X2", "REGISTER #audited regi@example.org");
    await regi.waitNotice("X2", (t) => t.startsWith("#audited is registered"));

    const account = await audit("Regi");
    expect(account[0]).toBe(`Audit log for account Regi (${regiId}): 2 entries, page 1 of 1, newest first (times UTC):`);
    expect(account[1]).toMatch(new RegExp(`  account\\.verify  Regi \\(${regiId}\\)  \\{"how":"code"\\}$`));
    expect(account[2]).toMatch(new RegExp(`:Regi  account\\.register  Regi \\(${regiId}\\)  \\{"name":"Regi"`));

    const channel = await audit("#AUDITED 1h");
    expect(channel[0]).toBe("Audit log for #AUDITED in the last 1h: 1 entries, page 1 of 1, newest first (times UTC):");
    expect(channel[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  Regi \\(${regiId}\\)  channel\\.registered  #audited  \\{"id":\\d+,"owner":"${regiId}"`));
    expect(channel.at(-1)).toBe("End of the audit log.");

    const actor = await audit("oper:Regi");
    expect(actor.join("\n")).toContain("channel.registered  #audited");
  });
});
