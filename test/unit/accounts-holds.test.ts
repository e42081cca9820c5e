/**
 * Nick holds through the accounts wiring (src/wiring/accounts-network.ts): a nick held after a
 * guest rename is released when its owner logs in (IDENTIFY, REGAIN with a password), before an
 * owner already logged in uses REGAIN or GHOST on it, and when the account is dropped; never for
 * another account, and never a nick services did not hold.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InspircdLink } from "../../src/irc/link/inspircd.js";
import { Network } from "../../src/irc/network.js";
import { AccountNetwork } from "../../src/wiring/accounts-network.js";
import type { OnlineUser } from "../../src/services/ports.js";
import { makeWorld, type World } from "./accounts-fixture.js";

const PASSWORD = "correct-horse-1";

let w: World;
/** The IRC layer's network, as the link keeps it in production (RFC 1459 name folding included). */
let network: Network;
let wiring: AccountNetwork;

/** One event-loop turn: what the wiring puts off to the next turn (checking a new user's nick) has run. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A user connects: the world's view of the network and the IRC layer's network both get them, as
 * when the ircd introduces a user; the wiring checks their nick on the next turn.
 */
async function connect(nick: string): Promise<OnlineUser> {
  const user = w.network.add(nick);
  network.addUser({ ...user, nickTs: 0, server: "001", signonTs: 0, modes: new Set(), realname: nick });
  await nextTurn();
  return user;
}

/** A user quits: the wiring hears it from the IRC layer and ends the session. */
function quit(uid: string): void {
  w.network.quit(uid);
  network.removeUser(uid, "Quit");
}

beforeEach(() => {
  w = makeWorld({ nickserv: 'guest_grace = "30s"\nguest_hold = "2m"' });
  network = new Network(() => w.clock.now());
  // What the ircd reports back after services rename, kill or log in a user.
  const { forceNick, killUser, setLogin } = w.actions;
  w.actions.forceNick = (uid, nick) => {
    forceNick.call(w.actions, uid, nick);
    network.changeNick(uid, nick, Math.floor(w.clock.now() / 1000));
  };
  w.actions.killUser = (uid, reason) => {
    killUser.call(w.actions, uid, reason);
    network.removeUser(uid, `Killed (${reason})`);
  };
  w.actions.setLogin = (uid, account) => {
    setLogin.call(w.actions, uid, account);
    network.setAccount(uid, account?.name ?? null, account?.id ?? null);
  };
  // Never started: the wiring only listens to it (link up, link down) and asks our SID.
  const { server, uplink } = w.config;
  const link = new InspircdLink(
    {
      serverName: server.name,
      sid: server.sid,
      description: server.description,
      host: uplink.host,
      port: uplink.port,
      sendPassword: uplink.send_password,
      receivePassword: uplink.receive_password,
      reconnectDelayMs: uplink.reconnect_delay,
      maxReconnectDelayMs: uplink.max_reconnect_delay,
      pingIntervalMs: uplink.ping_interval,
      pingTimeoutMs: uplink.ping_timeout,
      version: "test",
    },
    network,
    w.services.log,
  );
  wiring = new AccountNetwork({
    link,
    network,
    view: w.network,
    accounts: w.accounts,
    actions: w.actions,
    config: w.config,
    clock: w.clock,
    log: w.services.log,
    tickIntervalMs: 0,
  });
  wiring.start();
});
afterEach(() => {
  wiring.stop();
  w.close();
});

/** Registers and verifies `nick`, then its owner leaves; a squatter takes the nick and is renamed to a guest. */
async function heldNick(nick: string): Promise<{ squatter: OnlineUser; accountId: string }> {
  const owner = await w.registered(nick, PASSWORD);
  network.addUser({ ...owner, nickTs: 0, server: "001", signonTs: 0, modes: new Set(), realname: nick });
  const accountId = w.store.byName(nick)!.id;
  quit(owner.uid);
  expect(w.accounts.accountOf(owner.uid)).toBeNull();
  const squatter = await connect(nick);
  expect(wiring.protection.pendingFor(squatter.uid)?.nick).toBe(nick);
  w.clock.advance(30_000);
  expect(wiring.tick()).toBe(1);
  expect(squatter.nick).toMatch(/^Guest\d+$/);
  expect(network.findByNick(squatter.nick)?.uid).toBe(squatter.uid);
  expect(network.findByNick(nick)).toBeUndefined();
  expect(w.actions.of("holdNick")).toContainEqual([nick, 120, `Held after a guest rename. If it is yours: /msg NickServ REGAIN ${nick} <password>`]);
  return { squatter, accountId };
}

/** The actions after `from` (an index into w.actions.calls) that matter here, in order. */
function actionsSince(from: number): string[] {
  return w.actions.calls
    .slice(from)
    .filter((c) => ["holdNick", "releaseNick", "forceNick", "killUser"].includes(c.action))
    .map((c) => `${c.action} ${String(c.args[0])}${c.action === "forceNick" ? ` ${String(c.args[1])}` : ""}`);
}

describe("nick holds and the owner", () => {
  it("releases the hold when the owner identifies, so they can take the nick", async () => {
    const { squatter } = await heldNick("Gina");
    const mark = w.actions.calls.length;
    expect(await w.command(squatter.uid, `IDENTIFY Gina ${PASSWORD}`)).toEqual(["You are now logged in as Gina."]);
    expect(actionsSince(mark)).toEqual(["releaseNick Gina"]);
    expect(wiring.protection.holds()).toEqual([]);
  });

  it("releases the hold before REGAIN with a password renames the owner (the ircd refuses SVSNICK to a held nick)", async () => {
    const { squatter } = await heldNick("Rega");
    const mark = w.actions.calls.length;
    expect(await w.command(squatter.uid, `REGAIN Rega ${PASSWORD}`)).toEqual(["You are now logged in as Rega.", "You have regained Rega."]);
    expect(actionsSince(mark)).toEqual(["releaseNick Rega", `forceNick ${squatter.uid} Rega`]);
  });

  it("releases the hold before REGAIN by an owner already logged in (no new login)", async () => {
    const { accountId } = await heldNick("Lena");
    const owner = await connect("LenaAway");
    w.accounts.login(owner.uid, w.store.byId(accountId)!, "identify", false);
    // Logging in released it already; hold it again as a second guest rename would.
    const squatter = await connect("Lena");
    w.clock.advance(30_000);
    wiring.tick();
    expect(wiring.protection.holds().map((h) => h.nick)).toEqual(["Lena"]);
    const mark = w.actions.calls.length;
    expect(await w.command(owner.uid, "REGAIN Lena")).toEqual(["You have regained Lena."]);
    expect(actionsSince(mark)).toEqual(["releaseNick Lena", `forceNick ${owner.uid} Lena`]);
  });

  it("releases the hold before GHOST disconnects someone on the nick", async () => {
    const { accountId } = await heldNick("Gus");
    const owner = await connect("GusAway");
    await connect("Gus");
    w.clock.advance(30_000);
    wiring.tick();
    // Someone is on the nick despite the hold (a server that missed it); the owner, logged in, ghosts them.
    const sneaky = await connect("Gus");
    w.accounts.deps.sessions.set({ uid: owner.uid, accountId, since: w.clock.now(), via: "identify" });
    const mark = w.actions.calls.length;
    expect(await w.command(owner.uid, "GHOST Gus")).toEqual(["Gus has been disconnected."]);
    expect(actionsSince(mark)).toEqual(["releaseNick Gus", `killUser ${sneaky.uid}`]);
    expect(network.users.has(sneaky.uid)).toBe(false);
  });

  it("does not release a hold for another account's login, GHOST or REGAIN", async () => {
    await heldNick("Mine");
    const other = await w.registered("Other", PASSWORD);
    const mark = w.actions.calls.length;
    expect(await w.command(other.uid, "REGAIN Mine")).toEqual([
      "You do not own Mine: log in to its account first, or give its password: /msg NickServ REGAIN Mine <password>.",
    ]);
    w.accounts.logout(other.uid);
    expect(await w.command(other.uid, `IDENTIFY Other ${PASSWORD}`)).toEqual(["You are now logged in as Other."]);
    expect(actionsSince(mark)).toEqual([]);
    expect(wiring.protection.holds().map((h) => h.nick)).toEqual(["Mine"]);
  });

  it("sends no release when the owner logs in after the hold ended", async () => {
    const { squatter } = await heldNick("Late");
    w.clock.advance(120_000);
    const mark = w.actions.calls.length;
    expect(await w.command(squatter.uid, `IDENTIFY Late ${PASSWORD}`)).toEqual(["You are now logged in as Late."]);
    expect(actionsSince(mark)).toEqual([]);
  });

  it("releases the holds of an account that is dropped", async () => {
    const { accountId } = await heldNick("Gone");
    const mark = w.actions.calls.length;
    w.accounts.drop(accountId, "test", "system");
    expect(actionsSince(mark)).toEqual(["releaseNick Gone"]);
  });
});

describe("nick folding", () => {
  it("treats a nick and its RFC 1459 case variant as one nick, as the ircd does", async () => {
    const owner = await w.registered("Ma[x]", PASSWORD, "max@example.com");
    network.addUser({ ...owner, nickTs: 0, server: "001", signonTs: 0, modes: new Set(), realname: "Ma[x]" });
    quit(owner.uid);
    const squatter = await connect("ma{X}");
    expect(network.findByNick("MA[X]")?.uid).toBe(squatter.uid);
    expect(wiring.protection.pendingFor(squatter.uid)).toBeDefined();
    w.clock.advance(30_000);
    expect(wiring.tick()).toBe(1);
    expect(network.findByNick("ma[x]")).toBeUndefined();
    expect(wiring.protection.holds().map((h) => h.nick)).toHaveLength(1);
  });
});
