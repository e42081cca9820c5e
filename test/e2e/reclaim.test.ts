/**
 * Account expiry by degradation and RECLAIM over a real InspIRCd: a verified account's nicks
 * expire while its owner is away, someone else registers the freed nick, and the owner takes the
 * account back under a new name with RECLAIM <entity ID>; the ircd then holds the new name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startStack, type Stack } from "./harness/stack.js";

const DAY = 86_400_000;
const PASSWORD = "tom-s3cret-pass";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ sections: { mail: 'delay = "0"' } });
});

afterAll(async () => {
  await stack?.stop();
});

describe("degradation and RECLAIM over the ircd", () => {
  it("frees an unseen account's nick for others and lets the owner RECLAIM it by entity ID under a new name", async () => {
    const accounts = stack.app.services.accounts;

    // Tom registers and verifies with the mailed code.
    const tom = await stack.connect("Tom");
    tom.say("NickServ", `REGISTER ${PASSWORD} tom@example.org`);
    await tom.waitNotice("NickServ", (t) => /regist/i.test(t));
    const mail = await stack.smtp.waitFor((m) => m.to.includes("tom@example.org") && /VERIFY REGISTER/.test(m.text), 15_000);
    const code = /VERIFY REGISTER \S+ (\S+)/.exec(mail.text)?.[1];
    expect(code).toBeTruthy();
    tom.say("NickServ", `VERIFY REGISTER Tom ${code}`);
    await eventually(() => accounts.resolve("Tom")?.status === "active", 5000, "Tom verified");
    const entityId = accounts.resolve("Tom")!.id;
    await tom.quit();
    await eventually(() => accounts.deps.sessions.uidsOf(entityId).length === 0, 5000, "Tom's session ended");

    // Sixty-one days later the maintenance run degrades the account.
    await stack.advance(61 * DAY);
    const degraded = accounts.resolve(entityId)!;
    expect(degraded.name).toBe(`${entityId}-Tom`);
    expect(accounts.deps.store.nickOwner("Tom")).toBeUndefined();
    await stack.smtp.waitFor((m) => m.to.includes("tom@example.org") && m.text.includes(`${entityId}-Tom`), 15_000);

    // Someone else registers the freed nick.
    const other = await stack.connect("Tom");
    other.say("NickServ", "REGISTER another-pass-1 newtom@example.org");
    await other.waitNotice("NickServ", (t) => /regist/i.test(t));
    await eventually(() => {
      const owner = accounts.deps.store.nickOwner("Tom");
      return owner !== undefined && owner.accountId !== entityId;
    }, 5000, "Tom registered by another account");

    // The old owner comes back under another nick and reclaims by entity ID.
    const back = await stack.connect("Thomas");
    back.say("NickServ", `RECLAIM ${entityId} ${PASSWORD} Tomas`);
    const reply = await back.waitNotice("NickServ", (t) => t.includes("reclaimed"));
    expect(reply).toContain("its name is now Tomas");
    await eventually(() => back.account === "Tomas", 5000, "RPL_LOGGEDIN / account-notify with the new name");

    const whois = await other.whois("Thomas");
    expect(whois.account).toBe("Tomas");
    expect(accounts.resolve("Tomas")?.id).toBe(entityId);
    expect(accounts.deps.store.nickOwner("Tomas")?.accountId).toBe(entityId);
    expect(accounts.resolve(entityId)?.degradedAt).toBeNull();
  });

  it("refuses RECLAIM of an account that is not degraded", async () => {
    const c = await stack.connect("Plain");
    c.say("NickServ", "REGISTER plain-pass-1 plain@example.org");
    await c.waitNotice("NickServ", (t) => /regist/i.test(t));
    c.say("NickServ", "RECLAIM Plain plain-pass-1");
    const reply = await c.waitNotice("NickServ", (t) => t.includes("not degraded"));
    expect(reply).toContain("IDENTIFY");
  });
});
