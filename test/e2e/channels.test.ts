/**
 * X2 channel self-registration end to end (issue 4): a real InspIRCd, a real SMTP sink and
 * irc-framework clients, with the services' clock moved forward. One network for the whole file;
 * the tests run in order and later ones build on earlier ones (the same registrations age).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startStack, type Stack } from "./harness/stack.js";
import type { TestClient } from "./harness/client.js";
import { x2 } from "./channels-helpers.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("X2 channel registration on a live network", () => {
  let stack: Stack;
  let happy: TestClient;
  let opper: TestClient;

  const live = (name: string) => stack.app.services.channels.store.live(name);
  const x2InChannel = (name: string): boolean => {
    const x2uid = stack.app.clients.uid("x2");
    return stack.app.network.getChannel(name)?.members.has(x2uid) ?? false;
  };

  beforeAll(async () => {
    stack = await startStack({
      sections: {
        mail: 'delay = "5m"\nblacklist = ["*@spam.example"]',
        channels: "max_per_email = 2\nregistrations_per_hour = 1000\nregistrations_per_host_per_day = 1000\nregistrations_per_account_per_day = 1000",
        flood: "messages = 100",
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("takes an opped user to an active channel through the mailed password, mailing only after the delay", async () => {
    happy = await stack.connect("Happy");
    await happy.join("#happy");
    const reply = await x2(happy, "REGISTER #happy happy@example.org");
    expect(reply).toMatch(/^#happy is registered but not verified yet\. An account named Happy was created for you; its password will be mailed to happy@example\.org in about 5m\./);
    expect(live("#happy")).toMatchObject({ state: "unverified" });
    await eventually(() => x2InChannel("#happy"), 5000, "X2 in #happy");

    // Nothing leaves before the delay: a delivery run now sends nothing, and the mail stays queued.
    expect(await stack.deliverMail()).toMatchObject({ sent: 0 });
    expect(stack.outboxFor("happy@example.org")).toMatchObject([{ template: "channel_register_password", status: "queued", attempts: 0 }]);
    expect(stack.smtp.messages.filter((m) => m.to.includes("happy@example.org"))).toEqual([]);

    await stack.advance(5 * MINUTE);
    const mail = await stack.smtp.waitFor((m) => m.to.includes("happy@example.org"));
    expect(mail.subject).toBe("TestNet: your registration of #happy");
    const password = /IDENTIFY Happy (\S+)/.exec(mail.text)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);

    happy.say("NickServ", `IDENTIFY Happy ${password}`);
    await happy.waitNotice("X2", (t) => t === "#happy is now verified and active. You are its owner.");
    expect(live("#happy")?.state).toBe("active");
    const members = await happy.names("#happy");
    expect(members.find((m) => m.nick === "X2")?.modes).toContain("o");
  });

  it("refuses each reason with its own message", async () => {
    opper = await stack.connect("Opper");
    await opper.join("#refusals");
    const plain = await stack.connect("Plain");
    await plain.join("#refusals");

    expect(await x2(plain, "REGISTER #refusals plain@example.org")).toBe("You must be a channel operator (opped) in #refusals to register it.");
    expect(await x2(plain, "REGISTER #elsewhere plain@example.org")).toMatch(/^You are not in #elsewhere\./);
    expect(await x2(opper, "REGISTER #bad*name opper@example.org")).toBe("#bad*name is not a channel name that can be registered here.");
    expect(await x2(happy, "REGISTER #happy other@example.org")).toBe("#happy is already registered.");
    expect(await x2(opper, "REGISTER #refusals not-an-email")).toMatch(/An email address needs an @/);
    expect(await x2(opper, "REGISTER #refusals someone@spam.example")).toMatch(/can't be used for registration/);

    // Per-email limit: Happy's verified address owns #happy; #happy2 is active at once; a third is refused.
    await happy.join("#happy2");
    expect(await x2(happy, "REGISTER #happy2 happy@example.org")).toBe("#happy2 is registered to your account Happy and is active; you are its owner.");
    await happy.join("#happy3");
    expect(await x2(happy, "REGISTER #happy3 happy@example.org")).toMatch(/That address already has 2 channels \(registered or pending\); the limit is 2 per address\./);

    // One pending registration per address.
    expect(await x2(opper, "REGISTER #refusals pend@example.org")).toMatch(/An account named Opper was created for you/);
    const other = await stack.connect("Other");
    await other.join("#pending2");
    expect(await x2(other, "REGISTER #pending2 pend@example.org")).toMatch(/That address already has an unverified registration/);
    expect(live("#pending2")).toBeUndefined();

    // For the establishment test: the owner leaves both channels now.
    happy.raw.part("#happy");
    happy.raw.part("#happy2");
    happy.raw.part("#happy3");
    await eventually(() => !stack.app.network.getChannel("#happy2")?.members.has(stack.app.network.findByNick("Happy")?.uid ?? ""), 5000, "Happy gone");
  });

  it("drops an unverified registration after 48 hours, and refuses its email afterwards", async () => {
    await stack.advance(25 * HOUR);
    // The owner visits #happy after 24 hours: X2 ops them and the channel is established.
    await happy.join("#happy");
    await eventually(() => typeof live("#happy")?.establishedAt === "number", 5000, "#happy established");
    const members = await happy.names("#happy");
    expect(members.find((m) => m.nick === "Happy")?.modes).toContain("o");
    happy.raw.part("#happy");

    expect(live("#refusals")?.state).toBe("unverified");
    await stack.advance(23 * HOUR);
    expect(live("#refusals")).toBeUndefined();
    expect(stack.app.services.channels.store.byId(stack.app.services.channels.store.inStates(["dropped"], 10).find((c) => c.name === "#refusals")!.id)).toMatchObject({
      state: "dropped",
      endReason: "not verified within 2d",
    });
    await opper.waitNotice("X2", (t) => t === "Your registration of #refusals was dropped: it was not verified within 2d.");
    await eventually(() => !x2InChannel("#refusals"), 5000, "X2 parted #refusals");
    expect(stack.app.services.accounts.resolve("Opper")).toBeUndefined();
    expect(await x2(opper, "REGISTER #refusals pend@example.org")).toMatch(/That address failed to verify a channel registration before/);
  });

  it("keeps a channel whose owner visited after 24 hours and drops one never visited, 10 days after registration", async () => {
    expect(live("#happy2")?.establishedAt).toBeNull();
    await stack.advance(8 * DAY + HOUR);
    expect(live("#happy")?.state).toBe("active");
    expect(live("#happy2")).toBeUndefined();
    const dropped = stack.app.services.channels.store.inStates(["dropped"], 10).find((c) => c.name === "#happy2");
    expect(dropped?.endReason).toBe("the owner did not visit it 1d or more after registration");
    await eventually(() => !x2InChannel("#happy2"), 5000, "X2 parted #happy2");
    expect(x2InChannel("#happy")).toBe(true);
  });

  it("rejoins its channels with op after a relink", async () => {
    const ts = live("#happy")?.ts;
    expect(typeof ts).toBe("number");
    await stack.ircd.restart();
    await eventually(() => stack.app.link.isReady && x2InChannel("#happy"), 15_000, "X2 back in #happy");
    const visitor = await stack.connect("Visitor");
    await visitor.join("#happy");
    expect((await visitor.names("#happy")).find((m) => m.nick === "X2")?.modes).toContain("o");
    expect(stack.app.network.getChannel("#happy")?.ts).toBe(ts);
    expect(x2InChannel("#happy2")).toBe(false);
  });
});
