/**
 * Operations commands end to end (issue 14): OperServ AUDIT over a real network.
 */
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

  beforeAll(async () => {
    stack = await startStack({ sections: { mail: 'delay = "0"', flood: "messages = 100" } });
    staff = await registerVerified("StaffOne");
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
