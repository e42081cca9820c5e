/**
 * Nick holds through the accounts wiring (src/wiring/accounts-network.ts): a nick held after a
 * guest rename is released when its owner logs in (IDENTIFY, REGAIN with a password), before an
 * owner already logged in uses REGAIN or GHOST on it, and when the account is dropped; never for
 * another account, and never a nick services did not hold.
 */
import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { InspircdLink } from "../../src/irc/link/inspircd.js";
import type { Network } from "../../src/irc/network.js";
import { AccountNetwork } from "../../src/wiring/accounts-network.js";
import type { OnlineUser } from "../../src/services/ports.js";
import { makeWorld, type World } from "./accounts-fixture.js";

const PASSWORD = "correct-horse-1";

let w: World;
let wiring: AccountNetwork;

/** The IRC-layer network as the wiring listens to it, over the world's fake network. */
function ircNetwork(world: World): Network {
  const emitter = new EventEmitter();
  return Object.assign(emitter, {
    users: world.network.users,
    isBursting: () => false,
    findByNick: (nick: string) => world.network.user(nick),
  }) as unknown as Network;
}

beforeEach(() => {
  w = makeWorld({ nickserv: 'guest_grace = "30s"\nguest_hold = "2m"' });
  const link = Object.assign(new EventEmitter(), { sid: "42X" }) as unknown as Pick<InspircdLink, "on" | "off" | "sid">;
  wiring = new AccountNetwork({
    link,
    network: ircNetwork(w),
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
  const accountId = w.store.byName(nick)!.id;
  w.network.quit(owner.uid);
  w.accounts.userQuit(owner.uid);
  const squatter = w.network.add(nick);
  wiring.protection.check(squatter.uid);
  w.clock.advance(30_000);
  expect(wiring.tick()).toBe(1);
  expect(squatter.nick).toMatch(/^Guest\d+$/);
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
    const owner = w.network.add("LenaAway");
    w.accounts.login(owner.uid, w.store.byId(accountId)!, "identify", false);
    // Logging in released it already; hold it again as a second guest rename would.
    const squatter = w.network.add("Lena");
    wiring.protection.check(squatter.uid);
    w.clock.advance(30_000);
    wiring.tick();
    expect(wiring.protection.holds().map((h) => h.nick)).toEqual(["Lena"]);
    const mark = w.actions.calls.length;
    expect(await w.command(owner.uid, "REGAIN Lena")).toEqual(["You have regained Lena."]);
    expect(actionsSince(mark)).toEqual(["releaseNick Lena", `forceNick ${owner.uid} Lena`]);
  });

  it("releases the hold before GHOST disconnects someone on the nick", async () => {
    const { accountId } = await heldNick("Gus");
    const owner = w.network.add("GusAway");
    const squatter = w.network.add("Gus");
    wiring.protection.check(squatter.uid);
    w.clock.advance(30_000);
    wiring.tick();
    // Someone is on the nick despite the hold (a server that missed it); the owner, logged in, ghosts them.
    const sneaky = w.network.add("Gus");
    w.accounts.deps.sessions.set({ uid: owner.uid, accountId, since: w.clock.now(), via: "identify" });
    const mark = w.actions.calls.length;
    expect(await w.command(owner.uid, "GHOST Gus")).toEqual(["Gus has been disconnected."]);
    expect(actionsSince(mark)).toEqual(["releaseNick Gus", `killUser ${sneaky.uid}`]);
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
