import { describe, expect, it } from "vitest";
import { decodeLine, encodeLine, ircLower, LineSplitter, MAX_LINE_BYTES } from "../../src/irc/codec.js";

describe("line codec", () => {
  it("parses a server line with tags, source, command and trailing parameter", () => {
    const r = decodeLine("@time=2026-01-01T00:00:00Z;msgid=x :00AAAAAAB PRIVMSG 42XAAAAAB :help me please");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.line.tags.time).toBe("2026-01-01T00:00:00Z");
    expect(r.line.source).toBe("00AAAAAAB");
    expect(r.line.command).toBe("PRIVMSG");
    expect(r.line.params).toEqual(["42XAAAAAB", "help me please"]);
  });

  it("parses a line without a source", () => {
    const r = decodeLine("SERVER irc.test.local secret 0 001 :Test server");
    expect(r.ok && r.line.source).toBe("");
    expect(r.ok && r.line.params).toEqual(["irc.test.local", "secret", "0", "001", "Test server"]);
  });

  it("rejects empty, overlong and command-less lines instead of throwing", () => {
    expect(decodeLine("").ok).toBe(false);
    expect(decodeLine("x".repeat(MAX_LINE_BYTES + 1)).ok).toBe(false);
    expect(decodeLine(":onlyasource").ok).toBe(false);
    expect(decodeLine(":src PRI\u0000VMSG x").ok).toBe(false);
  });

  it("serialises with a colon only where the last parameter needs it", () => {
    expect(encodeLine("42X", "PING", "001")).toBe(":42X PING 001");
    expect(encodeLine("42XAAAAAA", "NOTICE", "001AAAAAB", "two words")).toBe(":42XAAAAAA NOTICE 001AAAAAB :two words");
    expect(encodeLine("42X", "METADATA", "001AAAAAB", "accountname", "")).toBe(":42X METADATA 001AAAAAB accountname :");
    expect(encodeLine("", "CAPAB", "START", "1205")).toBe("CAPAB START 1205");
    expect(encodeLine("42X", "NOTICE", "x", ":starts with colon")).toBe(":42X NOTICE x ::starts with colon");
  });

  it("refuses to write a line that would break framing", () => {
    expect(() => encodeLine("42X", "NOTICE", "x", "evil\r\nQUIT")).toThrow(/CR, LF/);
    expect(() => encodeLine("42X", "MODE", "a b", "c")).toThrow(/middle parameter/);
  });

  it("splits a stream into lines and keeps a partial line for later", () => {
    const splitter = new LineSplitter();
    expect(splitter.push("PING 1\nPO").lines).toEqual(["PING 1"]);
    expect(splitter.push("NG 2\r\n\n").lines).toEqual(["PONG 2"]);
  });

  it("discards an unterminated flood instead of growing without bound, up to its terminator", () => {
    const splitter = new LineSplitter(100);
    const r = splitter.push("x".repeat(500));
    expect(r.overflow).toBe(true);
    // The rest of the overlong line is not a line of its own (it could read as any command).
    expect(splitter.push(`${"x".repeat(300)} :00A KILL 42XAAAAAA`)).toEqual({ lines: [], overflow: false });
    expect(splitter.push(" :still the same line\r\nPING 1\r\nPI").lines).toEqual(["PING 1"]);
    expect(splitter.push("NG 2\r\n").lines).toEqual(["PING 2"]);
  });

  it("unescapes tag values, keeps tag keys as written (they are opaque) and keeps valueless tags", () => {
    const r = decodeLine("@A=x\\:y\\sz\\\\w\\q;flag;=ignored;a=1;a=2;end=trailing\\ :src CMD a");
    expect(r.ok && { ...r.line.tags }).toEqual({ A: "x;y z\\wq", flag: "", a: "2", end: "trailing" });
    const odd = decodeLine("@__proto__=x;constructor :src CMD a");
    expect(odd.ok && Object.entries(odd.line.tags)).toEqual([
      ["__proto__", "x"],
      ["constructor", ""],
    ]);
  });

  it("reads runs of spaces as one separator, an empty trailing parameter, and a lower-case command", () => {
    const r = decodeLine(":src  privmsg   #chan   ::smile");
    expect(r.ok && r.line).toEqual({ tags: {}, source: "src", command: "PRIVMSG", params: ["#chan", ":smile"] });
    const empty = decodeLine(":42X METADATA 001AAAAAB accountname :");
    expect(empty.ok && empty.line.params).toEqual(["001AAAAAB", "accountname", ""]);
    expect(decodeLine("PING").ok && (decodeLine("PING") as { line: { params: string[] } }).line.params).toEqual([]);
  });

  it("rejects tag-only lines, commands with other characters and overlong multi-byte lines", () => {
    expect(decodeLine("@a=b").ok).toBe(false);
    expect(decodeLine(":src PRI-VMSG x").ok).toBe(false);
    // Letters that upper-case to ASCII ("ı" to "I", "ſ" to "S") do not make a command.
    expect(decodeLine(":src prıvmsg x :hi").ok).toBe(false);
    expect(decodeLine(":src ſquit x").ok).toBe(false);
    expect(decodeLine("é".repeat(MAX_LINE_BYTES / 2 + 1)).ok).toBe(false);
    expect(decodeLine(`:src NOTICE x :${"é".repeat(MAX_LINE_BYTES / 4)}`).ok).toBe(true);
  });

  it("round-trips what it writes", () => {
    for (const params of [["001"], ["001AAAAAB", "two words"], ["001AAAAAB", "accountname", ""], ["x", ":colon"], ["#c", "+o", "001AAAAAB"]]) {
      const r = decodeLine(encodeLine("42XAAAAAA", "CMD", ...params));
      expect(r.ok && r.line.params).toEqual(params);
    }
  });

  it("folds case the rfc1459 way", () => {
    expect(ircLower("Nick[A]\\~")).toBe("nick{a}|^");
  });

  describe("on random input (seeded, so a failure can be replayed)", () => {
    /** mulberry32: a small, seeded pseudo-random generator. */
    const random = (seed: number) => () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    // Framing characters, escapes, controls, non-ASCII, a lone surrogate and U+FFFD (what a
    // non-UTF-8 byte becomes when the socket decodes it).
    const ALPHABET = [..."aZ09#&+-_.,", " ", " ", ":", "@", ";", "=", "\\", "\u0001", "\u0003", "\t", "é", "ı", "😀", "\ud800", "\ufffd", "\0", "\r", "\n"];
    const SAFE = ALPHABET.filter((c) => !["\0", "\r", "\n"].includes(c));
    const text = (next: () => number, pool: string[], max: number): string =>
      Array.from({ length: Math.floor(next() * (max + 1)) }, () => pool[Math.floor(next() * pool.length)]).join("");

    it("decodes anything without throwing, and what it decodes is written back the same way", () => {
      const next = random(1205);
      for (let i = 0; i < 5000; i++) {
        const raw = text(next, ALPHABET, 60);
        const decoded = decodeLine(raw);
        if (!decoded.ok) continue;
        const { source, command, params } = decoded.line;
        const again = decodeLine(encodeLine(source, command, ...params));
        expect(again.ok && { ...again.line, tags: {} }, JSON.stringify(raw)).toEqual({ ...decoded.line, tags: {} });
      }
    });

    it("reads back every line it writes", () => {
      const next = random(42);
      const word = (): string => text(next, SAFE.filter((c) => c !== " "), 12);
      for (let i = 0; i < 5000; i++) {
        const source = next() < 0.2 ? "" : word().replace(/^:+/, "") || "42X";
        const command = next() < 0.5 ? "PRIVMSG" : String(Math.floor(next() * 1000)).padStart(3, "0");
        const middles = Array.from({ length: Math.floor(next() * 4) }, () => word().replace(/^:+/, "") || "x");
        const params = next() < 0.8 ? [...middles, text(next, SAFE, 40)] : middles;
        const decoded = decodeLine(encodeLine(source, command, ...params));
        expect(decoded.ok && decoded.line, JSON.stringify([source, command, params])).toEqual({ tags: {}, source, command, params });
      }
    });
  });
});
