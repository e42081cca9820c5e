import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { LineWriter } from "../../src/irc/link/writer.js";

/**
 * A real Writable that records each chunk handed to it. With `hold`, it keeps the callback of
 * every write until `release()`, like a peer that stops reading; `highWaterMark` decides when
 * `write()` returns false.
 */
function sink(options: { highWaterMark?: number; hold?: boolean } = {}) {
  /** What the writer handed over, one entry per `write()` call. */
  const chunks: string[] = [];
  const held: Array<() => void> = [];
  let holding = options.hold ?? false;
  const stream = new Writable({
    highWaterMark: options.highWaterMark ?? 16 * 1024,
    decodeStrings: false,
    write(_chunk: string | Buffer, _encoding, done) {
      if (holding) held.push(done);
      else done();
    },
  });
  const write = stream.write.bind(stream) as (chunk: string) => boolean;
  stream.write = ((chunk: string) => {
    chunks.push(chunk);
    return write(chunk);
  }) as typeof stream.write;
  return {
    stream,
    chunks,
    release() {
      holding = false;
      for (const done of held.splice(0)) done();
    },
  };
}

/** Runs the event loop past the writer's scheduled flush (and any `drain` it waits for). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("link line writer", () => {
  it("sends every line written in one turn of the event loop in a single write", async () => {
    const s = sink();
    const writer = new LineWriter(s.stream, { maxBufferedBytes: 1 << 20, onOverflow: () => {} });
    for (let i = 1; i <= 6; i++) writer.writeLine(`:42XAAAAAB NOTICE 001AAAAAA :line ${i}`);
    expect(s.chunks).toEqual([]);
    await nextTurn();
    expect(s.chunks).toHaveLength(1);
    expect(s.chunks[0]?.split("\r\n")).toEqual([1, 2, 3, 4, 5, 6].map((i) => `:42XAAAAAB NOTICE 001AAAAAA :line ${i}`).concat(""));
    writer.writeLine("PING 001");
    await nextTurn();
    expect(s.chunks).toEqual([s.chunks[0], "PING 001\r\n"]);
  });

  it("keeps lines while the socket is full and sends them in one write on drain", async () => {
    const s = sink({ highWaterMark: 64, hold: true });
    const writer = new LineWriter(s.stream, { maxBufferedBytes: 1 << 20, onOverflow: () => {} });
    writer.writeLine("x".repeat(100));
    await nextTurn();
    expect(s.chunks).toHaveLength(1); // taken by the stream, which is now over its mark
    for (let i = 0; i < 5; i++) writer.writeLine(`after ${i}`);
    await nextTurn();
    await nextTurn();
    // Blocked: nothing more was handed over; the lines wait in the writer.
    expect(s.chunks).toHaveLength(1);
    expect(writer.queuedBytes).toBe(5 * "after 0\r\n".length);
    s.release();
    await nextTurn();
    expect(s.chunks).toHaveLength(2);
    expect(s.chunks[1]).toBe([0, 1, 2, 3, 4].map((i) => `after ${i}\r\n`).join(""));
    expect(writer.queuedBytes).toBe(0);
  });

  it("reports a peer that does not read once, past the bound, and then drops what waits", async () => {
    const s = sink({ highWaterMark: 16, hold: true });
    const overflows: number[] = [];
    const writer = new LineWriter(s.stream, { maxBufferedBytes: 950, onOverflow: (bytes) => overflows.push(bytes) });
    writer.writeLine("y".repeat(98)); // 100 bytes with CR LF
    await nextTurn();
    for (let i = 0; i < 8; i++) writer.writeLine("z".repeat(98));
    expect(overflows).toEqual([]); // 100 in the socket + 800 here: under the bound
    writer.writeLine("z".repeat(98));
    expect(overflows).toEqual([1000]);
    expect(writer.overflowed).toBe(true);
    expect(writer.queuedBytes).toBe(0);
    writer.writeLine("ignored");
    expect(overflows).toHaveLength(1);
    s.release();
    await nextTurn();
    expect(s.chunks).toHaveLength(1);
  });

  it("does not count a healthy socket's lines of one turn against the bound", async () => {
    const s = sink();
    const overflows: number[] = [];
    const writer = new LineWriter(s.stream, { maxBufferedBytes: 100, onOverflow: (bytes) => overflows.push(bytes) });
    for (let i = 0; i < 10; i++) writer.writeLine("w".repeat(48));
    await nextTurn();
    expect(overflows).toEqual([]);
    expect(s.chunks).toHaveLength(1);
    expect(s.chunks[0]).toHaveLength(500);
  });

  it("hands queued lines over at once on flushNow, even while blocked", async () => {
    const s = sink({ highWaterMark: 8, hold: true });
    const writer = new LineWriter(s.stream, { maxBufferedBytes: 1 << 20, onOverflow: () => {} });
    writer.writeLine("first line past the mark");
    await nextTurn();
    writer.writeLine(":42X SQUIT 42X :bye");
    writer.writeLine("ERROR :bye");
    writer.flushNow();
    expect(s.chunks).toEqual(["first line past the mark\r\n", ":42X SQUIT 42X :bye\r\nERROR :bye\r\n"]);
  });

  it("writes nothing to a destroyed socket", async () => {
    const s = sink();
    const writer = new LineWriter(s.stream, { maxBufferedBytes: 1 << 20, onOverflow: () => {} });
    writer.writeLine("before");
    s.stream.destroy();
    writer.writeLine("after");
    await nextTurn();
    expect(s.chunks).toEqual([]);
  });
});
