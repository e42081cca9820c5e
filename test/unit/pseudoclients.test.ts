import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { InspircdLink } from "../../src/irc/link/inspircd.js";
import { Network } from "../../src/irc/network.js";
import { PseudoClients } from "../../src/irc/pseudoclients.js";
import { pino } from "pino";
import { Writable } from "node:stream";

/** A linked InspircdLink's surface, recording the lines sent. */
function world() {
  const sent: string[][] = [];
  const logged: Array<Record<string, unknown>> = [];
  const log = pino(
    { level: "info" },
    new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split("\n").filter(Boolean)) logged.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    }),
  );
  const network = new Network();
  const handlers = new Map<string, Array<(...a: unknown[]) => void>>();
  const link = {
    sid: "42X",
    network,
    isReady: true,
    on(event: string, fn: (...a: unknown[]) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), fn]);
      return link;
    },
    emit(event: string, ...args: unknown[]) {
      for (const fn of handlers.get(event) ?? []) fn(...args);
    },
    send: (...line: string[]) => void sent.push(line),
    networkSeconds: () => 1_700_000_000,
    userModeLetter: (name: string) => ({ invisible: "i", servprotect: "k" })[name],
  };
  const clients = new PseudoClients(
    link as unknown as InspircdLink,
    [
      { key: "x2", nick: "X2", ident: "x2", host: "services.test", realname: "Channel services" },
      { key: "nickserv", nick: "NickServ", ident: "nickserv", host: "services.test", realname: "Nick services" },
    ],
    log,
  );
  clients.setBurstJoins(() => [{ service: "x2", channel: "#kept", ts: 1234 }]);
  link.emit("bursting");
  const uids = () => sent.filter((l) => l[1] === "UID").map((l) => l[4]);
  return { link, network, clients, sent, uids, logged };
}

describe("pseudo-clients removed by a KILL", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("comes back after a second, with its channels, and more slowly when killed again and again", () => {
    const w = world();
    const x2 = w.clients.uid("x2");
    expect(w.uids()).toEqual(["X2", "NickServ"]);

    const killAndCount = (waitMs: number): void => {
      const before = w.uids().length;
      w.network.removeUser(x2, "Killed (oper (bye))");
      vi.advanceTimersByTime(waitMs - 1);
      expect(w.uids()).toHaveLength(before);
      vi.advanceTimersByTime(1);
      expect(w.uids()).toHaveLength(before + 1);
      expect(w.network.users.get(x2)?.nick).toBe("X2");
    };
    killAndCount(1_000);
    expect(w.sent.filter((l) => l[1] === "FJOIN").map((l) => [l[2], l[3], l[5]])).toEqual([["#kept", "1234", `o,${x2}`]]);
    killAndCount(2_000);
    killAndCount(4_000);
    // Ten quiet minutes later it is back to the short wait.
    vi.advanceTimersByTime(10 * 60_000);
    killAndCount(1_000);
  });

  it("does not introduce again while unlinked (the next burst does), nor a client that is still there", () => {
    const w = world();
    w.link.isReady = false;
    w.network.removeUser(w.clients.uid("nickserv"), "Killed");
    vi.advanceTimersByTime(60_000);
    expect(w.uids()).toEqual(["X2", "NickServ"]);
  });
});

describe("pseudo-clients whose nick is taken from them", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("takes its nick back after a collision SAVE renamed it to its UID", () => {
    const w = world();
    const x2 = w.clients.uid("x2");
    w.network.changeNick(x2, x2, 1_700_000_100);
    expect(w.network.users.get(x2)?.nick).toBe(x2);
    vi.advanceTimersByTime(1_000);
    expect(w.sent.filter((l) => l[1] === "NICK")).toEqual([[x2, "NICK", "X2", "1700000000"]]);
    expect(w.network.users.get(x2)?.nick).toBe("X2");
    expect(w.logged.find((l) => l.msg === "pseudo-client lost its nick; taking it back")).toMatchObject({ client: "X2" });
  });

  it("waits while someone else holds the nick, and takes it once it is free", () => {
    const w = world();
    const x2 = w.clients.uid("x2");
    w.network.changeNick(x2, x2, 1_700_000_100);
    w.network.addUser({ uid: "001AAAAAB", nick: "X2", nickTs: 1, ident: "i", host: "h", displayHost: "h", ip: "192.0.2.1", server: "001", signonTs: 1, modes: new Set(), realname: "squatter" });
    vi.advanceTimersByTime(1_000);
    expect(w.sent.filter((l) => l[1] === "NICK")).toEqual([]);
    w.network.removeUser("001AAAAAB", "Quit");
    vi.advanceTimersByTime(2_000);
    expect(w.sent.filter((l) => l[1] === "NICK")).toHaveLength(1);
    expect(w.network.findByNick("X2")?.uid).toBe(x2);
  });

  it("refuses an SVSNICK: the nick stays, nothing is sent, and it is logged", () => {
    const w = world();
    const x2 = w.clients.uid("x2");
    const before = w.sent.length;
    w.link.emit("forcedNick", x2, "Renamed", "001");
    vi.advanceTimersByTime(60_000);
    expect(w.sent.length).toBe(before);
    expect(w.network.users.get(x2)?.nick).toBe("X2");
    expect(w.logged.find((l) => l.msg === "SVSNICK of a pseudo-client refused; it keeps its nick")).toMatchObject({ client: "X2", to: "Renamed", from: "001" });
  });
});
