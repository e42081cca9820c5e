/**
 * What users see when they log in (issue 19), over a real InspIRCd with real SMTP delivery:
 * - VERIFY REGISTER, and the first IDENTIFY with the password X2 mailed, log the user in with no
 *   nick protection warning anywhere in what NickServ says (the whole sequence is checked);
 * - a degraded account is found by the name its owner remembers: IDENTIFY and SASL by the old
 *   name say where it is now, RECLAIM by the old name takes back the one whose password it is
 *   (two degraded accounts once had the name), a wrong password gets the ordinary answer;
 * - logging in to a degraded account by entity ID says that it is degraded and how to RECLAIM.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startStack, type Stack } from "./harness/stack.js";
import { arrived, mailedCode, noticesFrom, quitAndEnd, registerVerified } from "./ux-helpers.js";

const MINUTE = 60_000;
const DAY = 86_400_000;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ sections: { mail: 'delay = "0"', flood: "messages = 40" } });
});

afterAll(async () => {
  await stack?.stop();
});

const accounts = () => stack.app.services.accounts;

describe("no nick protection warning at login", () => {
  it("VERIFY REGISTER logs the user in, and NickServ says nothing else", async () => {
    const alice = await stack.connect("Alice");
    alice.say("NickServ", "REGISTER alice-pass-1 alice@example.org");
    await arrived(alice, "NickServ", (t) => t.includes("is now registered"));
    alice.say("NickServ", `VERIFY REGISTER Alice ${await mailedCode(stack, "alice@example.org")}`);
    await arrived(alice, "NickServ", (t) => t === "You are now logged in as Alice.");
    // Anything services did meanwhile (a deferred nick check included) has arrived after this.
    await alice.sync("NickServ");
    expect(noticesFrom(alice, "NickServ")).toEqual([
      expect.stringMatching(/^Alice is now registered \(entity ID \w{9}\), but not verified yet: you are not logged in until it is\.$/),
      "A verification code was mailed to alice@example.org. If it does not arrive, check your spam folder for mail from TestNet.",
      expect.stringMatching(/^To verify, type: \/msg NickServ VERIFY REGISTER Alice <code>/),
      expect.stringMatching(/^If this account's name ever expires for lack of use/),
      "Alice is now verified.",
      "You are now logged in as Alice.",
    ]);
    expect(alice.account).toBe("Alice");
    await alice.quit();
  });

  it("the first IDENTIFY with the password X2 mailed logs in and verifies, and NickServ says nothing else", async () => {
    const bob = await stack.connect("Bob");
    await bob.join("#bobs");
    bob.say("X2", "REGISTER #bobs bob@example.org");
    await bob.waitNotice("X2", (t) => t.includes("An account named Bob was created for you"));
    const mail = await stack.smtp.waitFor((m) => m.to.includes("bob@example.org") && /IDENTIFY Bob \S+/.test(m.text), 10_000);
    const password = /IDENTIFY Bob (\S+)/.exec(mail.text)?.[1];
    expect(password).toBeTruthy();
    bob.say("NickServ", `IDENTIFY ${password}`);
    await arrived(bob, "NickServ", (t) => t.startsWith("Bob is now verified."));
    await bob.sync("NickServ");
    expect(noticesFrom(bob, "NickServ")).toEqual([
      "You are now logged in as Bob.",
      "Bob is now verified. Choose your own password: /msg NickServ SET PASSWORD <newpassword>",
    ]);
    expect(await bob.waitNotice("X2", (t) => t.includes("#bobs is now verified"))).toBe("#bobs is now verified and active. You are its owner.");
  });

  it("still warns a stranger on a registered nick (the sequences above would show one)", async () => {
    const squatter = await stack.connect("Alice");
    await arrived(squatter, "NickServ", (t) => t.startsWith("The nickname Alice is registered."));
    await squatter.quit();
  });
});

describe("a degraded account found by the name its owner remembers", () => {
  const FIRST_PASSWORD = "first-tom-pass";
  const SECOND_PASSWORD = "second-tom-pass";
  let first = "";
  let second = "";

  it("two accounts once named Tom degrade, one after the other", async () => {
    const a = await registerVerified(stack, "Tom", FIRST_PASSWORD, "tom.first@example.org");
    first = a.eid;
    await quitAndEnd(stack, a.client, first);
    await stack.advance(61 * DAY);
    expect(accounts().byId(first)).toMatchObject({ name: `${first}-Tom`, originalName: "Tom" });

    const b = await registerVerified(stack, "Tom", SECOND_PASSWORD, "tom.second@example.org");
    second = b.eid;
    await quitAndEnd(stack, b.client, second);
    await stack.advance(61 * DAY);
    expect(accounts().byId(second)).toMatchObject({ name: `${second}-Tom`, originalName: "Tom" });
    expect(accounts().resolve("Tom")).toBeUndefined();
  });

  it("IDENTIFY by the old name says where the account is and how to RECLAIM it; a wrong password gets the ordinary answer", async () => {
    const visitor = await stack.connect("Visitor");
    visitor.say("NickServ", `IDENTIFY Tom ${FIRST_PASSWORD}`);
    expect(await visitor.waitNotice("NickServ")).toBe(
      `The account Tom expired: its nicknames were unused for too long, so it was renamed ${first}-Tom (entity ID ${first}), ` +
        "keeping its channels and access. You are not logged in. Take it back with /msg NickServ RECLAIM Tom <password> [<new name>]",
    );
    visitor.say("NickServ", "IDENTIFY Tom not-the-password");
    expect(await visitor.waitNotice("NickServ")).toBe("Tom is not a registered account or nickname.");
    visitor.say("NickServ", "IDENTIFY Nobody not-the-password");
    expect(await visitor.waitNotice("NickServ")).toBe("Nobody is not a registered account or nickname.");
    expect(visitor.account).toBeNull();
    await visitor.quit();
  });

  it("SASL by the old name fails with the same explanation", async () => {
    stack.clock.advance(2 * MINUTE); // the failures above are out of the throttle's minute
    const client = await stack.connect("Saslo", { sasl: { account: "Tom", password: SECOND_PASSWORD } });
    expect(client.saslFailure).not.toBeNull();
    expect(await client.waitNotice("NickServ", (t) => t.startsWith("SASL login failed"))).toBe(
      `SASL login failed: The account Tom expired: its nicknames were unused for too long, so it was renamed ${second}-Tom ` +
        `(entity ID ${second}), keeping its channels and access. You are not logged in. Take it back with /msg NickServ RECLAIM Tom <password> [<new name>]`,
    );
    expect(client.account).toBeNull();
    await client.quit();
  });

  it("logging in by entity ID says that the account is degraded and how to RECLAIM it", async () => {
    const client = await stack.connect("ByEid");
    client.say("NickServ", `IDENTIFY ${first} ${FIRST_PASSWORD}`);
    await arrived(client, "NickServ", (t) => t.startsWith("Your account"));
    expect(noticesFrom(client, "NickServ")).toEqual([
      `You are now logged in as ${first}-Tom.`,
      `Your account ${first}-Tom is degraded: its nicknames expired (it was named Tom). It keeps its channels and access. ` +
        `To give it a name again, one of your nicknames: /msg NickServ RECLAIM ${first} <password> [<new name>]`,
    ]);
    await eventually(() => client.account === `${first}-Tom`, 5000, "the ircd's login");
    await quitAndEnd(stack, client, first);

    // By SASL while connecting: logged in, and told the same once on the network.
    const sasl = await stack.connect("BySasl", { sasl: { account: second, password: SECOND_PASSWORD } });
    expect(sasl.account).toBe(`${second}-Tom`);
    expect(await sasl.waitNotice("NickServ", (t) => t.startsWith("Your account"))).toBe(
      `Your account ${second}-Tom is degraded: its nicknames expired (it was named Tom). It keeps its channels and access. ` +
        `To give it a name again, one of your nicknames: /msg NickServ RECLAIM ${second} <password> [<new name>]`,
    );
    await quitAndEnd(stack, sasl, second);
  });

  it("RECLAIM by the old name takes back the account whose password it is; a wrong password changes nothing", async () => {
    stack.clock.advance(2 * MINUTE);
    const tomas = await stack.connect("Tomas");
    tomas.say("NickServ", "RECLAIM Tom not-the-password");
    expect(await tomas.waitNotice("NickServ")).toBe(
      "No account once named Tom whose nicknames expired has that password. Check both, or use the entity ID " +
        "from the mail sent when its nicknames expired: /msg NickServ RECLAIM <entity ID> <password> [<new name>]",
    );
    expect(accounts().byId(first)?.name).toBe(`${first}-Tom`);
    expect(accounts().byId(second)?.name).toBe(`${second}-Tom`);

    tomas.say("NickServ", `RECLAIM Tom ${SECOND_PASSWORD}`);
    expect(await tomas.waitNotice("NickServ")).toBe(`You have reclaimed ${second}-Tom (entity ID ${second}): its name is now Tomas and you are logged in.`);
    await eventually(() => tomas.account === "Tomas", 5000, "the ircd's login as Tomas");
    expect(accounts().byId(first)?.name).toBe(`${first}-Tom`);

    // The first owner, back on the nick Tom, takes theirs back under it: logged in, and not warned.
    const tom = await stack.connect("Tom");
    tom.say("NickServ", `RECLAIM Tom ${FIRST_PASSWORD}`);
    await arrived(tom, "NickServ", (t) => t.startsWith("You have reclaimed"));
    await tom.sync("NickServ");
    expect(noticesFrom(tom, "NickServ")).toEqual([`You have reclaimed ${first}-Tom (entity ID ${first}): its name is now Tom and you are logged in.`]);
    await eventually(() => tom.account === "Tom", 5000, "the ircd's login as Tom");
    expect(accounts().byId(first)).toMatchObject({ name: "Tom", degradedAt: null });
  });
});
