import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/connection.js";
import { BackgroundCheckpointer } from "../../src/loops/wal-checkpointer.js";

let dir: string;
let db: Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "custodian-checkpointer-"));
  db = openDatabase(join(dir, "test.db"));
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
});

afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("background WAL checkpoints during an expiry run", () => {
  it("moves checkpoints to a worker while it runs, keeps the WAL bounded, and restores automatic checkpoints", async () => {
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    const checkpointer = BackgroundCheckpointer.start(db);
    expect(checkpointer).not.toBeNull();
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);

    const insert = db.prepare("INSERT INTO t (payload) VALUES (?)");
    const batch = db.transaction((n: number) => {
      for (let i = 0; i < n; i++) insert.run("x".repeat(2000));
    });
    // Wait until the worker runs (its first checkpoint answered).
    batch(1);
    await checkpointer!.between(0);
    const walFramesPerBatch = 30;
    for (let i = 0; i < 60; i++) {
      batch(50);
      await checkpointer!.between(200);
      await new Promise((resolve) => setImmediate(resolve)); // the loop's yield
    }
    // How far the WAL grows between checkpoints depends on how fast the disk syncs; a full
    // checkpoint with no write beside it, followed by a smaller write, always shows the restart.
    batch(50);
    await checkpointer!.between(0);
    batch(1);
    await checkpointer!.between(0);
    await checkpointer!.stop();

    expect(checkpointer!.count).toBeGreaterThan(0);
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    // 60 batches of ~25 pages: without checkpoints the WAL would grow to ~1600 frames. With them
    // it starts over once a checkpoint has copied everything (how far it grows before depends on
    // how fast the disk syncs, so only the restart is asserted).
    expect(checkpointer!.restarts).toBeGreaterThan(0);
    expect(checkpointer!.maxWalFrames).toBeLessThan(60 * walFramesPerBatch);
    const [state] = db.pragma("wal_checkpoint(PASSIVE)") as { log: number; checkpointed: number }[];
    expect(state?.checkpointed).toBe(state?.log);
    expect((db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n).toBe(3052);
  });

  it("does nothing for an in-memory database", () => {
    const memory = openDatabase(":memory:");
    try {
      expect(BackgroundCheckpointer.start(memory)).toBeNull();
    } finally {
      memory.close();
    }
  });
});
