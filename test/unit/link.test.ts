import { afterEach, describe, expect, it } from "vitest";
import net from "node:net";
import { pino } from "pino";
import { Writable } from "node:stream";
import { END_OF_BURST_NOOP, InspircdLink, type LinkOptions } from "../../src/irc/link/inspircd.js";
import { Network } from "../../src/irc/network.js";

/** A scripted stand-in for the ircd's side of the server link, on a loopback port. */
class FakeUplink {
  readonly received: string[] = [];
  /** `server`: e.g. one with allowHalfOpen, whose sockets keep writing after services end theirs. */
  constructor(private readonly server = net.createServer()) {}
  socket: net.Socket | null = null;
  private waiters = new Set<() => void>();
  connections = 0;

  async listen(): Promise<number> {
    this.server.on("connection", (socket) => {
      this.connections++;
      this.socket = socket;
      socket.setEncoding("utf8");
      let buffer = "";
      socket.on("data", (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) this.received.push(line.replace(/\r$/, ""));
        this.wake();
      });
      socket.on("error", () => {});
      this.wake();
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  send(...lines: string[]): void {
    for (const line of lines) this.socket?.write(line + "\n");
  }

  /** The first line received (since index `from`) that matches. */
  waitFor(pred: (line: string) => boolean, from = 0): Promise<string> {
    return this.until(() => this.received.slice(from).find(pred), "a matching line");
  }

  /**
   * Pings services as the ircd does and waits for the answer: services handle the uplink's lines
   * in order, so once the PONG is back they have acted on every line sent before it.
   */
  async roundTrip(): Promise<void> {
    const from = this.received.length;
    this.send(":001 PING 42X");
    await this.waitFor((l) => l === ":42X PONG 001", from);
  }

  /** Resolves once services have connected `n` times in all. */
  async connected(n: number): Promise<void> {
    await this.until(() => this.connections >= n || undefined, `connection number ${n}`);
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private until<T>(check: () => T | undefined, what: string, timeoutMs = 3000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = (): void => {
        const found = check();
        if (found === undefined) return;
        this.waiters.delete(attempt);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(attempt);
        reject(new Error(`no ${what} within ${timeoutMs} ms; got:\n${this.received.join("\n")}`));
      }, timeoutMs);
      this.waiters.add(attempt);
      attempt();
    });
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { log: pino({ level: "debug" }, stream), lines };
}

const HANDSHAKE = [
  "CAPAB START 1205",
  "CAPAB MODULES :m_cban.so m_svshold.so",
  "CAPAB MODSUPPORT :m_chghost.so m_services_account.so",
  "CAPAB CHANMODES :list:ban=b param:key=k param-set:limit=l prefix:30000:op=@o prefix:10000:voice=+v simple:noextmsg=n simple:topiclock=t",
  "CAPAB USERMODES :simple:invisible=i simple:oper=o simple:servprotect=k simple:hidechans=I",
  "CAPAB CAPABILITIES :CASEMAPPING=rfc1459 NICKMAX=31",
  "CAPAB END",
];

let uplink: FakeUplink;
let link: InspircdLink | undefined;

afterEach(async () => {
  await link?.stop();
  link = undefined;
  await uplink?.close();
});

async function linkTo(receivePassword = "in-secret", extra: Partial<LinkOptions> = {}, server = net.createServer()) {
  uplink = new FakeUplink(server);
  const port = await uplink.listen();
  const network = new Network();
  const { log, lines } = capturingLogger();
  link = new InspircdLink(
    {
      serverName: "services.test",
      sid: "42X",
      description: "test",
      host: "127.0.0.1",
      port,
      sendPassword: "out-secret",
      receivePassword,
      reconnectDelayMs: 50,
      maxReconnectDelayMs: 200,
      pingIntervalMs: 60_000,
      pingTimeoutMs: 120_000,
      version: "test",
      ...extra,
    },
    network,
    log,
  );
  link.start();
  await uplink.waitFor((l) => l.startsWith("SERVER services.test out-secret 0 42X"));
  return { network, lines };
}

describe("InspIRCd link", () => {
  it("handshakes, bursts and reads the uplink's burst into the network state", async () => {
    const { network } = await linkTo();
    uplink.send(...HANDSHAKE, "SERVER irc.test in-secret 0 001 :Test hub");
    await uplink.waitFor((l) => l === ":42X ENDBURST");
    expect(uplink.received).toContain(":42X BURST");
    let ready = false;
    link!.on("ready", () => (ready = true));
    uplink.send(
      ":001 BURST 1800000000",
      ":001 SERVER leaf.test * 1 002 :Leaf",
      ":001 UID 001AAAAAA 1700000000 alice alice.host alice.cloak alice 192.0.2.1 1700000000 +i :Alice A",
      ":001 METADATA 001AAAAAA accountname :Alice",
      ":002 UID 002AAAAAA 1700000000 bob bob.host bob.host bob 192.0.2.2 1700000000 + :Bob",
      ":001 FJOIN #room 1600000000 +nt :o,001AAAAAA:5 ,002AAAAAA:6",
      ":001 ENDBURST",
    );
    await uplink.roundTrip();
    expect(ready).toBe(true);
    expect(network.findUser("alice")?.account).toBe("Alice");
    expect(network.getChannel("#room")?.members.get("001AAAAAA")?.statusFromBurst).toBe(true);
    expect(network.findServer("leaf.test")?.parent).toBe("001");
    // Network time comes from the uplink's BURST.
    expect(Math.abs(link!.networkSeconds() - 1_800_000_000)).toBeLessThan(5);
    expect(network.findUser("bob")).toBeDefined();
    uplink.send(":001 SQUIT leaf.test :gone");
    await uplink.roundTrip();
    expect(network.findUser("bob")).toBeUndefined();
    expect(network.findServer("leaf.test")).toBeUndefined();
    expect(network.findUser("alice")).toBeDefined();
  });

  it("answers pings from the uplink", async () => {
    await linkTo();
    uplink.send(...HANDSHAKE, "SERVER irc.test in-secret 0 001 :Test hub", ":001 BURST 1800000000", ":001 ENDBURST", ":001 PING 42X");
    await uplink.waitFor((l) => l === ":42X PONG 001");
  });

  it("answers the end of the uplink's burst at once, with a line the uplink ignores (so that its next lines are not held for our delayed ACK)", async () => {
    await linkTo();
    uplink.send(...HANDSHAKE, "SERVER irc.test in-secret 0 001 :Test hub", ":001 BURST 1800000000");
    await uplink.waitFor((l) => l === ":42X ENDBURST");
    const synced = `:42X ENCAP 001 ${END_OF_BURST_NOOP}`;
    expect(uplink.received).not.toContain(synced);
    uplink.send(":001 ENDBURST");
    await uplink.waitFor((l) => l === synced);
  });

  it("pings the uplink and resolves on its answer; a ping in flight fails when the link drops", async () => {
    await linkTo();
    await expect(link!.ping()).rejects.toThrow(/not up/);
    uplink.send(...HANDSHAKE, "SERVER irc.test in-secret 0 001 :Test hub", ":001 BURST 1800000000", ":001 ENDBURST");
    await uplink.roundTrip();
    let answered = false;
    const pinged = link!.ping().then((ms) => {
      answered = true;
      return ms;
    });
    await uplink.waitFor((l) => l === ":42X PING 001");
    // Not before the answer: a line the uplink sends first is handled first.
    await uplink.roundTrip();
    expect(answered).toBe(false);
    uplink.send(":001 PONG 42X");
    expect(await pinged).toBeGreaterThanOrEqual(0);

    const lost = link!.ping();
    uplink.socket?.destroy();
    await expect(lost).rejects.toThrow(/link went down/);
  });

  it("logs and skips malformed, unknown and overlong lines without dropping the link", async () => {
    const { lines } = await linkTo();
    uplink.send(...HANDSHAKE, "SERVER irc.test in-secret 0 001 :Test hub", ":001 BURST 1800000000", ":001 ENDBURST");
    uplink.send(
      ":001 FROBNICATE x y",
      ":001 FROBNICATE again",
      ":001 AWAY :ignored on purpose",
      ":001 UID short",
      ":001 UID not-a-uid 1 n h h i 1.2.3.4 1 + :x",
      ":001 FJOIN nochan x",
      ":001AAAAAZ PRIVMSG 42XAAAAAA :from an unknown uid",
      ":001 NICK",
      ":001 KICK #nowhere 001ZZZZZZ :x",
      "x".repeat(20_000),
      "@@@",
      ":001 PING 42X",
    );
    await uplink.waitFor((l) => l === ":42X PONG 001");
    expect(link!.isReady).toBe(true);
    expect(uplink.connections).toBe(1);
    const skipped = lines.filter((l) => l.msg === "bad line from uplink skipped").map((l) => l.reason);
    expect(skipped).toEqual([
      "UID with too few parameters",
      "UID with a malformed uid",
      "FJOIN with too few parameters",
      "NICK without a nick",
    ]);
    expect(lines.filter((l) => l.msg === "malformed line from uplink skipped")).toHaveLength(2);
    // An unknown command is logged once (at debug), a command ignored on purpose not at all.
    const unknown = lines.filter((l) => String(l.msg).startsWith("unknown command from uplink"));
    expect(unknown.map((l) => [l.level, l.command])).toEqual([[20, "FROBNICATE"]]);
    expect(JSON.stringify(lines)).not.toContain("AWAY");
  });

  it("refuses an uplink that sends the wrong password, says so clearly, and retries", async () => {
    const { lines } = await linkTo("expected-secret");
    uplink.send(...HANDSHAKE, "SERVER irc.test wrong-secret 0 001 :Test hub");
    await uplink.waitFor((l) => l.startsWith("ERROR"));
    await uplink.connected(2);
    const error = lines.find((l) => l.msg === "dropping uplink link");
    expect(String(error?.reason)).toMatch(/wrong link password.*receive_password/);
    expect(JSON.stringify(lines)).not.toContain("wrong-secret");
    expect(JSON.stringify(lines)).not.toContain("out-secret");
  });

  it("refuses an uplink without m_services_account", async () => {
    const { lines } = await linkTo();
    uplink.send(...HANDSHAKE.filter((l) => !l.includes("MODSUPPORT")), "SERVER irc.test in-secret 0 001 :Test hub");
    await uplink.waitFor((l) => l.startsWith("ERROR"));
    expect(String(lines.find((l) => l.msg === "dropping uplink link")?.reason)).toMatch(/m_services_account/);
  });

  it("passes an SVSNICK for one of our clients to services, and ignores one for another server's user", async () => {
    await linkTo();
    uplink.send(...HANDSHAKE, "SERVER irc.test in-secret 0 001 :Test hub", ":001 BURST 1800000000");
    await uplink.waitFor((l) => l === ":42X ENDBURST");
    link!.network.addUser({ uid: "42XAAAAAA", nick: "X2", nickTs: 1, ident: "x2", host: "s", displayHost: "s", ip: "0.0.0.0", server: "42X", signonTs: 1, modes: new Set(), realname: "X2" });
    const forced: string[][] = [];
    link!.on("forcedNick", (uid, nick, source) => void forced.push([uid, nick, source]));
    uplink.send(
      ":001 UID 001AAAAAA 1700000000 alice alice.host alice.host alice 192.0.2.1 1700000000 + :Alice",
      ":001 ENDBURST",
      ":001 SVSNICK 42XAAAAAA Renamed 1800000000",
      ":001 SVSNICK X2 Again 1800000000",
      ":001 SVSNICK 001AAAAAA NotOurs 1800000000",
    );
    await uplink.roundTrip();
    expect(forced).toEqual([
      ["42XAAAAAA", "Renamed", "001"],
      ["42XAAAAAA", "Again", "001"],
    ]);
    expect(link!.network.users.get("42XAAAAAA")?.nick).toBe("X2");
  });

  it("reports a bug in a line's handler and goes on with the next lines; a throwing listener does not stop the others", async () => {
    const { network } = await linkTo();
    const failures: string[] = [];
    link!.listenerFailed = (where, error) => void failures.push(`${where}: ${(error as Error).message}`);
    const readyHeard: string[] = [];
    link!.on("ready", () => {
      throw new Error("bug in a ready listener");
    });
    link!.on("ready", () => void readyHeard.push("second"));
    const addUser = network.addUser.bind(network);
    let once = true;
    network.addUser = (user) => {
      if (once) {
        once = false;
        throw new Error("bug in the network state");
      }
      return addUser(user);
    };
    uplink.send(
      ...HANDSHAKE,
      "SERVER irc.test in-secret 0 001 :Test hub",
      ":001 BURST 1800000000",
      ":001 UID 001AAAAAA 1700000000 alice alice.host alice.host alice 192.0.2.1 1700000000 + :Alice",
      ":001 UID 001AAAAAB 1700000000 bob bob.host bob.host bob 192.0.2.2 1700000000 + :Bob",
      ":001 ENDBURST",
    );
    await uplink.roundTrip();
    expect(failures).toEqual(["uplink line UID: bug in the network state", "ready: bug in a ready listener"]);
    expect(readyHeard).toEqual(["second"]);
    expect(network.findUser("bob")).toBeDefined();
    expect(link!.isReady).toBe(true);
  });

  it("reads nothing more from a link it dropped, while that socket closes", async () => {
    const { network } = await linkTo("in-secret", { reconnectDelayMs: 60_000, maxReconnectDelayMs: 60_000 }, net.createServer({ allowHalfOpen: true }));
    uplink.send(...HANDSHAKE, "SERVER irc.test in-secret 0 001 :Test hub", ":001 BURST 1800000000", ":001 ENDBURST");
    await uplink.roundTrip();
    const old = uplink.socket!;
    // Services' end of it: once it closes, every chunk it read has been handed to its listeners.
    const ours = (link as unknown as { socket: net.Socket }).socket;
    const closed = new Promise((resolve) => ours.once("close", resolve));
    // When services end their side, the old socket still reads until it is destroyed.
    old.once("end", () => {
      old.write(":001 UID 001AAAAAB 1700000000 stale stale.host stale.host stale 192.0.2.9 1700000000 + :Stale\n");
      old.end();
    });
    uplink.send(":001 SQUIT 42X :go away");
    await closed;
    expect(network.users.has("001AAAAAB")).toBe(false);
  });

  it("sends a multi-line reply in one segment-sized write", async () => {
    await linkTo();
    uplink.send(...HANDSHAKE, "SERVER irc.test in-secret 0 001 :Test hub", ":001 BURST 1800000000", ":001 ENDBURST");
    await uplink.waitFor((l) => l === ":42X ENDBURST");
    const chunks: string[] = [];
    uplink.socket!.on("data", (chunk: string) => chunks.push(chunk));
    for (let i = 0; i < 6; i++) link!.send("42XAAAAAB", "NOTICE", "001AAAAAA", `reply line ${i}`);
    await uplink.waitFor((l) => l.endsWith("reply line 5"));
    expect(chunks.join("")).toBe([0, 1, 2, 3, 4, 5].map((i) => `:42XAAAAAB NOTICE 001AAAAAA :reply line ${i}\r\n`).join(""));
    expect(chunks).toHaveLength(1);
  });

  it("drops and relinks when the uplink stops reading and the send buffer passes its bound", async () => {
    const { lines } = await linkTo("in-secret", { maxSendBuffer: 256 * 1024 });
    let disconnected = "";
    link!.on("disconnected", (reason) => (disconnected = reason));
    uplink.send(...HANDSHAKE, "SERVER irc.test in-secret 0 001 :Test hub", ":001 BURST 1800000000", ":001 ENDBURST");
    await uplink.waitFor((l) => l === ":42X ENDBURST");
    const stalled = uplink.socket!;
    stalled.pause(); // the ircd stops reading: the kernel buffers fill, then ours
    const text = "x".repeat(400);
    // 64 KiB a turn until the link gives up; far more than loopback's kernel buffers could hold.
    for (let turn = 0; turn < 4000 && disconnected === ""; turn++) {
      for (let i = 0; i < 160; i++) link!.send("42XAAAAAB", "NOTICE", "001AAAAAA", text);
      await new Promise((r) => setImmediate(r));
    }
    expect(disconnected).toMatch(/not reading/);
    const error = lines.find((l) => l.msg === "uplink is not reading what we send; dropping the link to relink");
    expect(error?.queuedBytes as number).toBeGreaterThan(256 * 1024);
    await uplink.waitFor((l) => l.startsWith("SERVER services.test") && uplink.connections >= 2);
    stalled.destroy(); // a paused socket never sees the end of the stream, and would keep the server open
  });
});
