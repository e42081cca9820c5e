/**
 * Accounts end to end (issue 3): a real InspIRCd, a real SMTP sink and irc-framework clients.
 * Registration and verification by mail, IDENTIFY by every kind of name, SASL, WHOIS, login
 * throttles, guest renames, mail held while SMTP is down, and sessions across relinks and restarts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startStack, withTimeout, type Stack } from "./harness/stack.js";
import type { TestClient } from "./harness/client.js";
import { startServices, type App } from "../../src/main.js";
import { createLogger } from "../../src/util/logger.js";

const HOUR = 3_600_000;

describe("accounts on a live network", () => {
  let stack: Stack;
  /** An app started by the restart test, stopped in afterAll. */
  let restarted: App | null = null;
  let mailNo = 0;

  /** A fresh address for each registration (mail limits are per address). */
  const email = (who: string): string => `${who.toLowerCase()}.${++mailNo}@example.org`;

  /** REGISTER, read the code from the delivered mail, VERIFY; returns the client (logged in) and the entity ID. */
  async function registerVerified(nick: string, password: string): Promise<{ client: TestClient; eid: string; address: string }> {
    const client = await stack.connect(nick);
    const address = email(nick);
    client.say("NickServ", `REGISTER ${password} ${address}`);
    const reply = await client.waitNotice("NickServ", (t) => t.includes("is now registered"));
    const eid = /entity ID (\S+)\)/.exec(reply)?.[1];
    if (!eid) throw new Error(`no entity ID in: ${reply}`);
    const code = await mailedCode(address);
    client.say("NickServ", `VERIFY REGISTER ${nick} ${code}`);
    await client.waitNotice("NickServ", (t) => t === `${nick} is now verified.`);
    await client.waitNotice("NickServ", (t) => t === `You are now logged in as ${nick}.`);
    return { client, eid, address };
  }

  async function mailedCode(address: string, timeoutMs = 10_000): Promise<string> {
    const mail = await stack.smtp.waitFor((m) => m.to.includes(address), timeoutMs);
    const code = /VERIFY REGISTER \S+ ([A-Z2-9]{20})/.exec(mail.text)?.[1];
    if (!code) throw new Error(`no code in the mail: ${mail.text}`);
    return code;
  }

  /** The account services hold for an online nick (their session), or null. */
  const sessionName = (nick: string): string | null => {
    const user = stack.app.network.findByNick(nick);
    return user ? (stack.app.services.accounts.accountOf(user.uid)?.name ?? null) : null;
  };

  async function identify(client: TestClient, args: string): Promise<string> {
    client.say("NickServ", `IDENTIFY ${args}`);
    // The reply, not a nick protection warning that may arrive meanwhile.
    return client.waitNotice("NickServ", (t) => !/^The nickname \S+ is registered/.test(t));
  }

  async function logout(client: TestClient): Promise<void> {
    client.say("NickServ", "LOGOUT");
    await client.waitNotice("NickServ", (t) => /logged out/i.test(t));
  }

  beforeAll(async () => {
    stack = await startStack({
      sections: {
        mail: 'delay = "0"',
        nickserv: 'guest_grace = "30s"',
        security: "login_attempts_per_minute = 3",
        // Some tests send a dozen commands in a few seconds.
        flood: "messages = 40",
      },
    });
  });

  afterAll(async () => {
    await restarted?.stop();
    await stack?.stop();
  });

  it("registers, verifies with the code from the delivered mail, and shows the account in WHOIS", async () => {
    const { client } = await registerVerified("Regina", "regina-pass-1");
    await eventually(() => client.account === "Regina", 5000, "Regina's client told it is logged in");
    const watcher = await stack.connect("WhoisWatcher");
    const whois = await watcher.whois("Regina");
    expect(whois.account).toBe("Regina");
    expect(sessionName("Regina")).toBe("Regina");
  });

  it("does not log in to an unverified account with its chosen password", async () => {
    const client = await stack.connect("Unver");
    const address = email("Unver");
    client.say("NickServ", `REGISTER unver-pass-1 ${address}`);
    await client.waitNotice("NickServ", (t) => t.includes("is now registered"));
    const other = await stack.connect("UnverTwo");
    expect(await identify(other, "Unver unver-pass-1")).toMatch(/not verified yet/);
    expect((await other.whois("UnverTwo")).account).toBeFalsy();
    expect(sessionName("UnverTwo")).toBeNull();
    // Unverified is inert: its nick is not protected, neither for the registrant nor for someone
    // else who takes it (a protected nick's user is told at once to identify).
    await client.quit();
    const taker = await stack.connect("Unver");
    await taker.sync("NickServ");
    expect(taker.pendingNotices().some((n) => /is registered/.test(n.message))).toBe(false);
    expect(stack.app.accountNetwork.protection.pendingFor(stack.app.network.findByNick("Unver")!.uid)).toBeUndefined();
    await stack.smtp.waitFor((m) => m.to.includes(address));
  });

  it("logs in with IDENTIFY by account name, by a grouped nick, by entity ID and by ?entity ID", async () => {
    const { client, eid } = await registerVerified("Idana", "idana-pass-1");
    client.raw.changeNick("IdanaAway");
    await eventually(() => client.nick === "IdanaAway", 5000, "nick change to IdanaAway");
    client.say("NickServ", "GROUP");
    await client.waitNotice("NickServ", (t) => t.startsWith("IdanaAway is now grouped to Idana"));
    await client.quit();

    const user = await stack.connect("IdanaElse");
    for (const name of ["Idana", "IdanaAway", eid, `?${eid}`]) {
      expect(await identify(user, `${name} idana-pass-1`)).toBe("You are now logged in as Idana.");
      expect(sessionName("IdanaElse")).toBe("Idana");
      expect((await user.whois("IdanaElse")).account).toBe("Idana");
      await logout(user);
      expect(sessionName("IdanaElse")).toBeNull();
    }
    // Without an account name, the account of the nick in use.
    user.raw.changeNick("IdanaAway");
    await eventually(() => user.nick === "IdanaAway", 5000, "nick change back to IdanaAway");
    await user.waitNotice("NickServ", (t) => t.startsWith("The nickname IdanaAway is registered"));
    expect(await identify(user, "idana-pass-1")).toBe("You are now logged in as Idana.");
  });

  it("logs in with SASL PLAIN and shows the account to others", async () => {
    await registerVerified("Saskia", "saskia-pass-1").then(({ client }) => client.quit());
    const sasl = await stack.connect("Saskia", { sasl: { account: "Saskia", password: "saskia-pass-1" } });
    expect(sasl.account).toBe("Saskia");
    const watcher = await stack.connect("SaskiaWatch");
    expect((await watcher.whois("Saskia")).account).toBe("Saskia");
    await eventually(() => sessionName("Saskia") === "Saskia", 5000, "services session for Saskia");
    // On their own nick and logged in: no request to identify.
    await sasl.sync("NickServ");
    expect(sasl.pendingNotices().some((n) => /is registered/.test(n.message))).toBe(false);
    expect(stack.app.accountNetwork.protection.pendingFor(stack.app.network.findByNick("Saskia")!.uid)).toBeUndefined();
  });

  it("throttles wrong passwords: the next attempt is refused with a retry time even with the right password", async () => {
    await registerVerified("Thea", "thea-pass-1").then(({ client }) => client.quit());
    // Start from a clean slate: earlier failures from this address are long forgotten.
    stack.clock.advance(2 * HOUR);
    const guesser = await stack.connect("Guesser");
    for (let i = 0; i < 3; i++) expect(await identify(guesser, `Thea wrong-pass-${i}`)).toBe("Invalid password for Thea.");
    const refused = await identify(guesser, "Thea thea-pass-1");
    expect(refused).toMatch(/^Too many failed logins .*\(limit 3 a minute\); try again in \d+s\.$/);
    expect(sessionName("Guesser")).toBeNull();
    stack.clock.advance(2 * HOUR);
    expect(await identify(guesser, "Thea thea-pass-1")).toBe("You are now logged in as Thea.");
  });

  it("renames a user who does not identify to a guest nick after the grace period", async () => {
    await registerVerified("Gina", "gina-pass-1").then(({ client }) => client.quit());
    const squatter = await stack.connect("Gina");
    const warning = await squatter.waitNotice("NickServ", (t) => t.includes("is registered"));
    expect(warning).toMatch(/identify within 30 seconds with \/msg NickServ IDENTIFY <password>/);
    await stack.advance(29_000);
    await squatter.sync("NickServ");
    expect(squatter.nick).toBe("Gina");
    await stack.advance(2_000);
    await eventually(() => /^Guest\d+$/.test(squatter.nick), 5000, "guest rename");
    expect(stack.app.network.findByNick("Gina")).toBeUndefined();
    await squatter.waitNotice("NickServ", (t) => t.includes("did not identify for Gina in time"));
  });

  it("does not rename a user who identifies during the grace period", async () => {
    await registerVerified("Ivo", "ivo-pass-1").then(({ client }) => client.quit());
    const owner = await stack.connect("Ivo");
    await owner.waitNotice("NickServ", (t) => t.includes("is registered"));
    await stack.advance(10_000);
    expect(await identify(owner, "ivo-pass-1")).toBe("You are now logged in as Ivo.");
    await stack.advance(60_000);
    await owner.sync("NickServ");
    expect(owner.nick).toBe("Ivo");
  });

  it("does not rename a user who changes nick during the grace period", async () => {
    await registerVerified("Nils", "nils-pass-1").then(({ client }) => client.quit());
    const visitor = await stack.connect("Nils");
    await visitor.waitNotice("NickServ", (t) => t.includes("is registered"));
    visitor.raw.changeNick("NilsVisitor");
    await eventually(() => visitor.nick === "NilsVisitor", 5000, "nick change");
    await stack.advance(60_000);
    await visitor.sync("NickServ");
    expect(visitor.nick).toBe("NilsVisitor");
  });

  it("warns when a user changes nick to a protected nick", async () => {
    await registerVerified("Petra", "petra-pass-1").then(({ client }) => client.quit());
    const user = await stack.connect("NotPetra");
    user.raw.changeNick("Petra");
    expect(await user.waitNotice("NickServ", (t) => t.includes("is registered"))).toMatch(/^The nickname Petra is registered/);
    await stack.advance(31_000);
    await eventually(() => /^Guest\d+$/.test(user.nick), 5000, "guest rename after a nick change");
  });

  it("answers LOGOUT first, then warns that the nick now needs identifying", async () => {
    const { client } = await registerVerified("Lotte", "lotte-pass-1");
    client.say("NickServ", "LOGOUT");
    const reply = "You have been logged out of Lotte.";
    const isWarning = (t: string): boolean => t.startsWith("The nickname Lotte is registered");
    const messages = (): string[] => client.pendingNotices().map((n) => n.message);
    await eventually(() => messages().includes(reply) && messages().some(isWarning), 5000, "the reply to LOGOUT and the warning");
    expect(messages().indexOf(reply)).toBeLessThan(messages().findIndex(isWarning));
  });

  it("delivers mail queued while the SMTP server is down once it is back", async () => {
    await stack.smtp.stop();
    const client = await stack.connect("Posta");
    const address = email("Posta");
    client.say("NickServ", `REGISTER posta-pass-1 ${address}`);
    await client.waitNotice("NickServ", (t) => t.includes("is now registered"));
    // The first attempt fails (connection refused) and the mail stays queued for a retry; the
    // outage is the server's, so the mail keeps all its attempts.
    const [attempted] = await eventually(
      () => {
        const rows = stack.outboxFor(address);
        return rows[0]?.lastError && rows[0].status !== "sending" ? rows : undefined;
      },
      10_000,
      "a first delivery attempt",
    );
    expect(attempted).toMatchObject({ template: "account_verify", status: "queued", attempts: 0 });
    expect(attempted?.lastError).toMatch(/ECONNREFUSED|connect/i);
    await stack.smtp.restart();
    const code = await eventually(
      async () => {
        await stack.advance(5_000);
        return stack.smtp.messages.find((m) => m.to.includes(address));
      },
      20_000,
      "mail delivered after SMTP came back",
    ).then(() => mailedCode(address));
    client.say("NickServ", `VERIFY REGISTER Posta ${code}`);
    await client.waitNotice("NickServ", (t) => t === "You are now logged in as Posta.");
  });

  it("keeps logged-in users logged in across a relink, and clears logins of accounts dropped or frozen meanwhile", async () => {
    const { client: kept } = await registerVerified("Relka", "relka-pass-1");
    const { client: doomed, eid: doomedId } = await registerVerified("Dropa", "dropa-pass-1");
    const { eid: frozenId } = await registerVerified("Frosa", "frosa-pass-1");
    const app = stack.app;
    const relinked = new Promise<void>((resolve) => app.link.once("ready", () => resolve()));
    // The link drops (as in a network problem); services reconnect on their own.
    (app.link as unknown as { socket: { destroy(): void } }).socket.destroy();
    await eventually(() => !app.link.isReady, 5000, "link down");
    // While unlinked, an oper drops one of the accounts.
    app.services.accounts.drop(doomedId, "test drop", "system");
    app.services.accounts.deps.store.setFlag(frozenId, "frozen", true);
    await withTimeout(relinked, 15_000, "relink");
    await eventually(() => sessionName("Relka") === "Relka", 5000, "Relka's session re-established");
    expect(app.services.accounts.deps.sessions.get(app.network.findByNick("Relka")!.uid)?.via).toBe("burst");
    const watcher = await stack.connect("RelinkWatch");
    expect((await watcher.whois("Relka")).account).toBe("Relka");
    await eventually(async () => !(await watcher.whois("Dropa")).account, 5000, "Dropa's ircd login cleared");
    expect(sessionName("Dropa")).toBeNull();
    await eventually(async () => !(await watcher.whois("Frosa")).account, 5000, "Frosa's ircd login cleared");
    expect(sessionName("Frosa")).toBeNull();
    // Services answer Relka as logged in.
    kept.say("NickServ", "INFO");
    await kept.waitNotice("NickServ", (t) => t.includes("Relka"));
    // And nobody is renamed: not Relka on their own nick, nor Dropa, whose account is gone.
    await stack.advance(60_000);
    await stack.settle(kept, doomed);
    expect(kept.nick).toBe("Relka");
    expect(doomed.nick).toBe("Dropa");
  });

  it("logs out the users of an account that is dropped", async () => {
    const { client, eid } = await registerVerified("Dolly", "dolly-pass-1");
    await eventually(() => client.account === "Dolly", 5000, "Dolly logged in");
    stack.app.services.accounts.drop(eid, "test drop", "system");
    await eventually(() => client.account === null, 5000, "Dolly's client told it is logged out");
    expect(sessionName("Dolly")).toBeNull();
    const watcher = await stack.connect("DollyWatch");
    expect((await watcher.whois("Dolly")).account).toBeFalsy();
  });

  it("sends the new name to the ircd when a logged-in user's account is renamed", async () => {
    const { client, eid } = await registerVerified("Rena", "rena-pass-1");
    const { store } = stack.app.services.accounts.deps;
    store.rename(eid, `${eid}-Rena`);
    stack.app.services.accounts.emit("renamed", store.byId(eid)!, "Rena");
    await eventually(() => client.account === `${eid}-Rena`, 5000, "account-notify with the new name");
    const watcher = await stack.connect("RenaWatch");
    expect((await watcher.whois("Rena")).account).toBe(`${eid}-Rena`);
    expect(sessionName("Rena")).toBe(`${eid}-Rena`);
  });

  it("restores sessions from the burst after services restart on the same database", async () => {
    const { client } = await registerVerified("Resa", "resa-pass-1");
    const uid = stack.app.network.findByNick("Resa")!.uid;
    await stack.app.stop("restart test");
    restarted = startServices(stack.config, { clock: stack.clock, log: createLogger({ level: "debug", file: stack.logPath }) });
    await withTimeout(restarted.ready, 15_000, "restarted services did not link");
    await eventually(() => restarted!.services.accounts.accountOf(uid)?.name === "Resa", 5000, "session restored after restart");
    const watcher = await stack.connect("RestartWatch");
    expect((await watcher.whois("Resa")).account).toBe("Resa");
    client.say("NickServ", "INFO");
    await client.waitNotice("NickServ", (t) => t.includes("Resa"));
    // Logged in on its own nick: no guest rename.
    stack.clock.advance(60_000);
    await restarted.maintenance.runOnce();
    await client.sync("NickServ");
    expect(client.nick).toBe("Resa");
  });
});
