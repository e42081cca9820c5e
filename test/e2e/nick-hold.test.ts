/**
 * Nick holds over a real InspIRCd 3 (m_svshold): after a guest rename the protected nick is held
 * (`SVSHOLD <nick> <seconds> :<reason>` from NickServ), so the renamed user's /nick back is refused
 * by the ircd (432, "Services reserved nickname: ..."). The owner logging in lifts the hold
 * (`SVSHOLD <nick>`), and they take the nick with /nick or REGAIN. The ircd lets services' SVSNICK
 * onto a held nick (the hold only refuses a user's own NICK), but the hold would still refuse the owner
 * coming back to the nick later, so REGAIN lifts it as well.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ServerActions } from "../../src/irc/server-actions.js";
import type { TestClient } from "./harness/client.js";
import { eventually, startStack, type Stack } from "./harness/stack.js";

let stack: Stack;
let mailNo = 0;

beforeAll(async () => {
  stack = await startStack({
    sections: { mail: 'delay = "0"', nickserv: 'guest_grace = "30s"', flood: "messages = 40" },
  });
});

afterAll(async () => {
  await stack?.stop();
});

/** REGISTER, the mailed code, VERIFY; then the owner leaves. */
async function registerVerified(nick: string, password: string): Promise<void> {
  const client = await stack.connect(nick);
  const address = `${nick.toLowerCase()}.${++mailNo}@example.org`;
  client.say("NickServ", `REGISTER ${password} ${address}`);
  await client.waitNotice("NickServ", (t) => t.includes("is now registered"));
  const mail = await stack.smtp.waitFor((m) => m.to.includes(address), 10_000);
  const code = /VERIFY REGISTER \S+ ([A-Z2-9]{20})/.exec(mail.text)?.[1];
  if (!code) throw new Error(`no code in the mail: ${mail.text}`);
  client.say("NickServ", `VERIFY REGISTER ${nick} ${code}`);
  await client.waitNotice("NickServ", (t) => t === `You are now logged in as ${nick}.`);
  await client.quit();
  await eventually(() => !stack.app.network.findByNick(nick), 5000, `${nick} gone`);
}

/** Someone takes `nick` without identifying and is renamed to a guest nick once the grace period is over. */
async function squatAndRename(nick: string): Promise<TestClient> {
  const squatter = await stack.connect(nick);
  await squatter.waitNotice("NickServ", (t) => t.includes("is registered"));
  await stack.advance(31_000);
  await eventually(() => /^Guest\d+$/.test(squatter.nick), 5000, "guest rename");
  const told = await squatter.waitNotice("NickServ", (t) => t.includes(`did not identify for ${nick} in time`));
  expect(told).toContain(`${nick} is held for 1m; if it is yours, take it back with /msg NickServ REGAIN ${nick} <password>.`);
  return squatter;
}

/** Sends /nick `nick` and resolves with the 432 reason, or with null once the nick changed. */
function tryNick(client: TestClient, nick: string, timeoutMs = 5000): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      client.raw.removeListener("nick invalid", onInvalid);
      client.raw.removeListener("nick", onNick);
    };
    const onInvalid = (e: { nick: string; reason: string }): void => {
      if (e.nick.toLowerCase() !== nick.toLowerCase()) return;
      done();
      resolve(e.reason);
    };
    const onNick = (e: { new_nick: string }): void => {
      if (e.new_nick.toLowerCase() !== nick.toLowerCase()) return;
      done();
      resolve(null);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`/nick ${nick}: neither changed nor refused within ${timeoutMs} ms`));
    }, timeoutMs);
    client.raw.on("nick invalid", onInvalid);
    client.raw.on("nick", onNick);
    client.raw.changeNick(nick);
  });
}

describe("nick holds after a guest rename", () => {
  it("refuses the renamed user's /nick back (432) until the owner identifies, then lets them take it", async () => {
    await registerVerified("Gina", "gina-pass-1");
    const squatter = await squatAndRename("Gina");
    expect(stack.app.accountNetwork.protection.holds().map((h) => h.nick)).toEqual(["Gina"]);

    const refused = await tryNick(squatter, "Gina");
    expect(refused).toBe("Services reserved nickname: Held after a guest rename. If it is yours: /msg NickServ REGAIN Gina <password>");
    expect(squatter.nick).toMatch(/^Guest\d+$/);
    // Nobody else gets it either, not even by connecting with it.
    await expect(stack.connect("Gina")).rejects.toThrow(/nick Gina is invalid: Services reserved nickname/);

    // The user was the owner after all: identifying lifts the hold, and /nick works.
    squatter.say("NickServ", "IDENTIFY Gina gina-pass-1");
    await squatter.waitNotice("NickServ", (t) => t === "You are now logged in as Gina.");
    expect(stack.app.accountNetwork.protection.holds()).toEqual([]);
    expect(await tryNick(squatter, "Gina")).toBeNull();
    expect(squatter.nick).toBe("Gina");
    // On their own nick and logged in: no new warning.
    await squatter.sync("NickServ");
    expect(squatter.pendingNotices().some((n) => /is registered/.test(n.message))).toBe(false);
    expect(stack.app.accountNetwork.protection.pendingFor(stack.app.network.findByNick("Gina")!.uid)).toBeUndefined();
  });

  it("lets the owner take the held nick with REGAIN and the password", async () => {
    await registerVerified("Rhea", "rhea-pass-1");
    const squatter = await squatAndRename("Rhea");
    expect(await tryNick(squatter, "Rhea")).toMatch(/^Services reserved nickname: /);
    squatter.say("NickServ", "REGAIN Rhea rhea-pass-1");
    await squatter.waitNotice("NickServ", (t) => t === "You have regained Rhea.");
    await eventually(() => squatter.nick === "Rhea", 5000, "renamed to Rhea by REGAIN");
    await eventually(() => squatter.account === "Rhea", 5000, "logged in as Rhea");
  });

  it("lets an owner already logged in on another nick take the held nick with REGAIN", async () => {
    await registerVerified("Lotte", "lotte-pass-1");
    const owner = await stack.connect("LotteAway");
    owner.say("NickServ", "IDENTIFY Lotte lotte-pass-1");
    await owner.waitNotice("NickServ", (t) => t === "You are now logged in as Lotte.");
    await squatAndRename("Lotte");
    expect(stack.app.accountNetwork.protection.holds().map((h) => h.nick)).toEqual(["Lotte"]);
    owner.say("NickServ", "REGAIN Lotte");
    await owner.waitNotice("NickServ", (t) => t === "You have regained Lotte.");
    await eventually(() => owner.nick === "Lotte", 5000, "renamed to Lotte by REGAIN");
    // The hold is gone, not merely bypassed: the owner can leave the nick and come back.
    expect(await tryNick(owner, "LotteAway")).toBeNull();
    expect(await tryNick(owner, "Lotte")).toBeNull();
  });

  it("(the ircd) lets services' SVSNICK onto a held nick: only a user's own /nick is refused", async () => {
    const actions = stack.app.services.actions;
    const probe = await stack.connect("HoldProbe");
    const other = await stack.connect("HoldOther");
    const uid = stack.app.network.findByNick("HoldProbe")!.uid;
    // The irc layer's own hold (the domain's port words its reasons): what the ircd does with any hold.
    // SVSHOLD goes over the server link: the ircd must have it before another client's /nick.
    new ServerActions(stack.app.link).holdNick(stack.app.clients.uid("nickserv"), "HeldTarget", 60, "probe");
    await stack.settle();
    expect(await tryNick(other, "HeldTarget")).toBe("Services reserved nickname: probe");
    actions.forceNick(uid, "HeldTarget");
    await eventually(() => probe.nick !== "HoldProbe", 5000, "the SVSNICK answered");
    expect(probe.nick).toBe("HeldTarget");
    // The hold is still there: the user cannot come back to it by themselves once they leave it.
    expect(await tryNick(probe, "HoldProbe2")).toBeNull();
    expect(await tryNick(probe, "HeldTarget")).toBe("Services reserved nickname: probe");
    actions.releaseNick("HeldTarget");
    await stack.settle();
    expect(await tryNick(probe, "HeldTarget")).toBeNull();
  });
});
