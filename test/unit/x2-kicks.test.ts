/**
 * X2 kicked from a registered channel (issue 13): the channel wiring over a real IRC-layer Network
 * and PseudoClients (their lines recorded), the channels domain of the unit world, the services'
 * clock moved by the test and the rejoin ticker run by hand.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { InspircdLink } from "../../src/irc/link/inspircd.js";
import { Network } from "../../src/irc/network.js";
import { PseudoClients } from "../../src/irc/pseudoclients.js";
import { silentLogger } from "../../src/util/logger.js";
import { burstJoins, ChannelNetwork } from "../../src/wiring/channels-network.js";
import { makeChannelWorld, type ChannelWorld } from "./channels-fixture.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const KICKER = "001AAAAAK";

let w: ChannelWorld;
let wiring: ChannelNetwork | undefined;
afterEach(() => {
  wiring?.stop();
  w?.close();
});

/** The channel wiring over a real Network; returns what X2 joined (FJOIN lines) and the network. */
function wire(world: ChannelWorld) {
  const network = new Network(() => world.clock.now());
  const fjoins: string[] = [];
  const link = {
    sid: "42X",
    network,
    isReady: true,
    on: () => link,
    off: () => link,
    send: (_source: string, command: string, ...params: string[]) => {
      if (command === "FJOIN") fjoins.push(params[0] as string);
    },
    networkSeconds: () => Math.floor(world.clock.now() / 1000),
    userModeLetter: () => undefined,
  };
  const clients = new PseudoClients(link as unknown as InspircdLink, [{ key: "x2", nick: "X2", ident: "x2", host: "services.test", realname: "X2" }], silentLogger());
  const x2uid = clients.uid("x2");
  network.addUser({ uid: x2uid, nick: "X2", nickTs: 1, ident: "x2", host: "services.test", displayHost: "services.test", ip: "0.0.0.0", server: "42X", signonTs: 1, modes: new Set(), realname: "X2" });
  network.addUser({ uid: KICKER, nick: "Angry", nickTs: 1, ident: "a", host: "h", displayHost: "h", ip: "192.0.2.9", server: "001", signonTs: 1, modes: new Set(), realname: "Angry" });
  wiring = new ChannelNetwork({ link: link as unknown as InspircdLink, network, clients, channels: world.channels, clock: world.clock, log: silentLogger(), tickIntervalMs: 0 });
  const x2 = x2uid;
  const inChannel = (name: string) => network.getChannel(name)?.members.has(x2) ?? false;
  const join = (name: string) => clients.join("x2", name, 1_700_000_000);
  const kick = (name: string) => network.kick(name, x2, KICKER);
  return { network, clients, fjoins, inChannel, join, kick, tick: () => wiring!.tick() };
}

describe("X2 kicked from a registered channel", () => {
  it("rejoins after 2 s, then after 30 s; the third kick within 10 minutes keeps it out and tells opers once", async () => {
    w = makeChannelWorld();
    const owner = await w.registerActive("Alice", "#chan");
    const n = wire(w);
    n.join("#chan");

    n.kick("#chan");
    expect(n.inChannel("#chan")).toBe(false);
    w.clock.advance(2 * SECOND - 1);
    expect(n.tick()).toEqual([]);
    w.clock.advance(1);
    expect(n.tick()).toEqual(["#chan"]);
    expect(n.inChannel("#chan")).toBe(true);

    n.kick("#chan");
    w.clock.advance(29 * SECOND);
    expect(n.tick()).toEqual([]);
    w.clock.advance(SECOND);
    expect(n.tick()).toEqual(["#chan"]);

    n.kick("#chan");
    expect(w.actions.operNotices).toEqual([
      "X2 was kicked from #chan 3 times within 10m (last by Angry); it stays out until services restart or an oper types /msg OperServ REJOIN #chan.",
    ]);
    expect(w.audit.forTarget("#chan").map((e) => e.action)).toContain("channel.x2_kept_out");
    w.clock.advance(10 * MINUTE);
    expect(n.tick()).toEqual([]);
    expect(n.inChannel("#chan")).toBe(false);
    // Not in a relink's burst either.
    expect(burstJoins(w.channels, w.clock.now())).toEqual([]);
    void owner;
  });

  it("starts the count over after ten quiet minutes", async () => {
    w = makeChannelWorld();
    await w.registerActive("Alice", "#slow");
    const n = wire(w);
    for (let i = 0; i < 4; i++) {
      n.join("#slow");
      n.kick("#slow");
      w.clock.advance(11 * MINUTE);
      expect(n.tick()).toEqual(["#slow"]);
    }
    expect(w.actions.operNotices).toEqual([]);
  });

  it("does not rejoin a channel that is not registered, nor one that ended meanwhile", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#gone");
    const n = wire(w);
    n.join("#other");
    n.kick("#other");
    n.join("#gone");
    n.kick("#gone");
    const first = (await w.x2(alice, "UNREGISTER #gone"))[0] ?? "";
    const code = /UNREGISTER #gone (\S+)/.exec(first)?.[1];
    await w.x2(alice, `UNREGISTER #gone ${code}`);
    w.clock.advance(MINUTE);
    expect(n.tick()).toEqual([]);
  });
});

describe("OperServ REJOIN", () => {
  it("lists the channels X2 stays out of and sends it back in, with a fresh count; needs channel:admin", async () => {
    w = makeChannelWorld();
    await w.registerActive("Alice", "#war");
    const staff = await w.member("StaffOne");
    const plain = await w.member("Plain");
    const n = wire(w);
    for (let i = 0; i < 3; i++) {
      n.join("#war");
      n.kick("#war");
    }
    expect(w.channels.x2.isKeptOut("#war")).toBe(true);

    expect(await w.os(plain, "REJOIN #war")).toEqual(["REJOIN needs the channel:admin privilege, which your account does not have."]);
    const listed = await w.os(staff, "REJOIN");
    expect(listed[0]).toBe("X2 stays out of 1 channel after repeated kicks:");
    expect(listed[1]).toMatch(/^ {2}#war since .* ago\), last kicked by Angry$/);

    expect(await w.os(staff, "REJOIN #WAR")).toEqual(["X2 rejoins #war; its kick count there starts over."]);
    expect(w.actions.of("joinChannel").at(-1)?.slice(0, 2)).toEqual(["x2", "#war"]);
    expect(w.channels.x2.isKeptOut("#war")).toBe(false);
    expect(w.audit.forTarget("#war")[0]).toMatchObject({ action: "channel.x2_rejoin", details: { wasKeptOut: true } });
    expect(burstJoins(w.channels, w.clock.now()).map((j) => j.channel)).toEqual(["#war"]);
    // A fresh count: one kick means a rejoin again.
    n.join("#war");
    n.kick("#war");
    w.clock.advance(2 * SECOND);
    expect(n.tick()).toEqual(["#war"]);

    expect(await w.os(staff, "REJOIN #nowhere")).toEqual(["#nowhere is not registered."]);
    expect((await w.os(staff, "HELP REJOIN")).join("\n")).toContain("after three kicks within ten minutes it stays out");
  });

  it("leaves a channel a freeze suspended alone: no rejoin after a kick, REJOIN refused", async () => {
    w = makeChannelWorld();
    const alice = await w.registerActive("Alice", "#frozen");
    const staff = await w.member("StaffOne");
    const n = wire(w);
    n.join("#frozen");
    n.kick("#frozen");
    const frozen = await w.os(staff, "FREEZE Alice abuse of the network");
    expect(frozen.join(" ")).toMatch(/frozen/i);
    w.clock.advance(MINUTE);
    expect(n.tick()).toEqual([]);
    expect((await w.os(staff, "REJOIN #frozen"))[0]).toMatch(/suspended/i);
    void alice;
  });
});
