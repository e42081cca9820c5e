import { describe, expect, it } from "vitest";
import { Network } from "../../src/irc/network.js";
import { parseCapabChanmodes, parseModeChanges, defaultChannelModes } from "../../src/irc/modes.js";

function user(net: Network, uid: string, nick: string) {
  return net.addUser({
    uid,
    nick,
    nickTs: 100,
    ident: "u",
    host: "h.example",
    displayHost: "h.example",
    ip: "127.0.0.1",
    server: uid.slice(0, 3),
    signonTs: 100,
    modes: new Set(),
    realname: nick,
  });
}

function linkedNetwork(now = () => 1_000_000) {
  const net = new Network(now);
  net.addServer("001", "hub.test", "hub", null);
  net.endBurst("001");
  return net;
}

describe("network state", () => {
  it("marks ops received during a server burst as burst status, and live ops as not", () => {
    const net = new Network();
    net.addServer("001", "hub.test", "hub", null); // bursting until ENDBURST
    user(net, "001AAAAAA", "alice");
    net.fjoin("#burst", 50, "+nt", [], [{ uid: "001AAAAAA", status: "o" }], "001");
    net.endBurst("001");
    user(net, "001AAAAAB", "bob");
    net.fjoin("#live", 60, "+", [], [{ uid: "001AAAAAB", status: "o" }], "001");
    expect(net.getChannel("#burst")?.members.get("001AAAAAA")?.statusFromBurst).toBe(true);
    expect(net.getChannel("#live")?.members.get("001AAAAAB")?.statusFromBurst).toBe(false);
    // A live +o after the burst makes the status live.
    net.fmode("#burst", 50, "+o", ["001AAAAAA"], "001AAAAAB");
    expect(net.getChannel("#burst")?.members.get("001AAAAAA")?.statusFromBurst).toBe(false);
  });

  it("treats a server linked later as bursting until its own ENDBURST (netjoin)", () => {
    const net = linkedNetwork();
    net.addServer("002", "leaf.test", "leaf", "001");
    net.addServer("003", "leaf2.test", "behind leaf", "002");
    expect(net.isBursting("003")).toBe(true);
    user(net, "003AAAAAA", "carol");
    net.fjoin("#netjoin", 10, "+", [], [{ uid: "003AAAAAA", status: "o" }], "002");
    expect(net.getChannel("#netjoin")?.members.get("003AAAAAA")?.statusFromBurst).toBe(true);
    net.endBurst("002");
    expect(net.isBursting("003")).toBe(false);
  });

  it("removes a split server, the servers behind it and their users, and remembers the split", () => {
    let now = 1_000_000;
    const net = linkedNetwork(() => now);
    net.addServer("002", "leaf.test", "leaf", "001");
    net.addServer("003", "leaf2.test", "behind leaf", "002");
    user(net, "002AAAAAA", "dave");
    user(net, "003AAAAAA", "erin");
    user(net, "001AAAAAA", "frank");
    net.fjoin("#c", 10, "+", [], [{ uid: "002AAAAAA", status: "" }, { uid: "001AAAAAA", status: "o" }], "001");
    const lost: string[] = [];
    net.on("serverLost", (s) => lost.push(s.name));
    net.removeServer("002");
    expect(lost.sort()).toEqual(["leaf.test", "leaf2.test"]);
    expect(net.findUser("dave")).toBeUndefined();
    expect(net.findUser("erin")).toBeUndefined();
    expect(net.findUser("frank")).toBeDefined();
    expect([...net.getChannel("#c")!.members.keys()]).toEqual(["001AAAAAA"]);
    expect(net.isSplit(60_000)).toBe(true);
    now += 120_000;
    expect(net.isSplit(60_000)).toBe(false);
    now -= 120_000;
    net.addServer("002", "leaf.test", "back", "001");
    net.addServer("003", "leaf2.test", "back", "002");
    expect(net.isSplit(60_000)).toBe(false);
  });

  it("follows nick changes case-insensitively", () => {
    const net = linkedNetwork();
    user(net, "001AAAAAA", "Old[Nick]");
    expect(net.findByNick("old{nick}")?.uid).toBe("001AAAAAA");
    net.changeNick("001AAAAAA", "NewNick", 200);
    expect(net.findByNick("old[nick]")).toBeUndefined();
    expect(net.findByNick("newnick")?.nickTs).toBe(200);
  });

  it("applies the older timestamp's modes on FJOIN and ignores a younger one's", () => {
    const net = linkedNetwork();
    user(net, "001AAAAAA", "a");
    user(net, "001AAAAAB", "b");
    net.fjoin("#ts", 100, "+m", [], [{ uid: "001AAAAAA", status: "o" }], "001");
    net.fjoin("#ts", 200, "+s", [], [{ uid: "001AAAAAB", status: "o" }], "001");
    const ch = net.getChannel("#ts")!;
    expect(ch.modes.has("s")).toBe(false);
    expect(ch.members.get("001AAAAAB")?.status.size).toBe(0);
    net.fjoin("#ts", 50, "+k", ["key"], [], "001");
    expect(ch.ts).toBe(50);
    expect(ch.modes.get("k")).toBe("key");
    expect(ch.members.get("001AAAAAA")?.status.size).toBe(0);
  });

  it("drops an empty channel and forgets users that quit", () => {
    const net = linkedNetwork();
    user(net, "001AAAAAA", "a");
    net.fjoin("#gone", 1, "+", [], [{ uid: "001AAAAAA", status: "" }], "001");
    net.part("#gone", "001AAAAAA");
    expect(net.getChannel("#gone")).toBeUndefined();
    net.removeUser("001AAAAAA", "bye");
    expect(net.users.size).toBe(0);
  });

  it("records account metadata and ignores lines about unknown users", () => {
    const net = linkedNetwork();
    user(net, "001AAAAAA", "a");
    net.setAccount("001AAAAAA", "Alice", "1ABCDEFGH");
    expect(net.findUser("a")?.account).toBe("Alice");
    expect(() => net.setAccount("001ZZZZZZ", "x")).not.toThrow();
    expect(() => net.changeNick("001ZZZZZZ", "x", 1)).not.toThrow();
    expect(() => net.fmode("#nowhere", 1, "+o", ["x"], "001")).not.toThrow();
  });
});

describe("mode parsing", () => {
  it("reads InspIRCd 1205 CAPAB CHANMODES", () => {
    const table = parseCapabChanmodes("list:ban=b param:key=k param-set:limit=l prefix:30000:op=@o prefix:10000:voice=+v simple:moderated=m");
    expect(table.list.has("b")).toBe(true);
    expect(table.param.has("k")).toBe(true);
    expect(table.paramSet.has("l")).toBe(true);
    expect(table.prefix.get("o")).toEqual({ symbol: "@", rank: 30000, name: "op" });
    expect(table.simple.has("m")).toBe(true);
  });

  it("splits a mode string into changes with parameters where the mode takes one", () => {
    const changes = parseModeChanges("+ovl-k+m", ["alice", "bob", "10", "key"], defaultChannelModes());
    expect(changes).toEqual([
      { adding: true, mode: "o", param: "alice" },
      { adding: true, mode: "v", param: "bob" },
      { adding: true, mode: "l", param: "10" },
      { adding: false, mode: "k", param: "key" },
      { adding: true, mode: "m" },
    ]);
  });

  it("skips a mode whose parameter is missing instead of shifting the rest", () => {
    expect(parseModeChanges("+o", [], defaultChannelModes())).toEqual([]);
    expect(parseModeChanges("-l", [], defaultChannelModes())).toEqual([{ adding: false, mode: "l" }]);
  });
});
