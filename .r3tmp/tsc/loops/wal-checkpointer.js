/**
 * WAL checkpoints off the event loop, for write-heavy maintenance runs.
 *
 * In WAL mode with synchronous = NORMAL a commit does not fsync, but SQLite's automatic
 * checkpoint (every ~1000 WAL pages) copies pages into the database file and fsyncs it inside
 * the commit that crosses the threshold: a pause of 5-25 ms on the event loop. A loop that
 * changes thousands of scattered rows crosses it again and again. While such a run lasts, this
 * turns the connection's automatic checkpoints off and has a worker thread, on its own
 * connection, run PASSIVE checkpoints instead (SQLite lets a checkpoint run beside a writer).
 * `stop()` waits for the last one and restores the previous wal_autocheckpoint.
 *
 * For in-memory databases (no WAL) and when the worker cannot start it does nothing, and SQLite
 * checkpoints as usual.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
parentPort.on("message", (message) => {
  if (message === "checkpoint") {
    try {
      const [row] = db.pragma("wal_checkpoint(PASSIVE)");
      parentPort.postMessage({ ok: true, busy: row.busy, log: row.log, checkpointed: row.checkpointed });
    } catch (error) {
      parentPort.postMessage({ ok: false, error: String(error && error.message || error) });
    }
  } else if (message === "close") {
    db.close();
    parentPort.close();
  }
});
`;
export class BackgroundCheckpointer {
    db;
    worker;
    previousAutocheckpoint;
    inFlight = null;
    failed = false;
    /** Frames in the WAL at the last checkpoint. */
    lastLog = 0;
    /** Checkpoints the worker ran. */
    count = 0;
    /** The most frames the WAL held at a checkpoint. */
    maxWalFrames = 0;
    /** How often the WAL was seen started over (fewer frames than at the previous checkpoint). */
    restarts = 0;
    constructor(db, worker, previousAutocheckpoint) {
        this.db = db;
        this.worker = worker;
        this.previousAutocheckpoint = previousAutocheckpoint;
    }
    /** Starts one for `db`, or returns null when it does not apply (in-memory database, not WAL, no worker). */
    static start(db) {
        if (db.memory || !db.open)
            return null;
        const mode = String(db.pragma("journal_mode", { simple: true })).toLowerCase();
        if (mode !== "wal")
            return null;
        let worker;
        try {
            const module = createRequire(import.meta.url).resolve("better-sqlite3");
            worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, path: db.name } });
        }
        catch {
            return null;
        }
        worker.unref();
        const previous = Number(db.pragma("wal_autocheckpoint", { simple: true }));
        db.pragma("wal_autocheckpoint = 0");
        const checkpointer = new BackgroundCheckpointer(db, worker, previous);
        worker.on("error", () => checkpointer.fail());
        return checkpointer;
    }
    /** Asks for a checkpoint unless one is running; never waits. */
    request() {
        if (this.inFlight || this.failed)
            return;
        this.inFlight = new Promise((resolve) => {
            const done = () => {
                this.worker.off("message", onMessage);
                this.worker.off("exit", done);
                this.inFlight = null;
                resolve();
            };
            const onMessage = (reply) => {
                if (reply.ok) {
                    this.count++;
                    if ((reply.log ?? 0) < this.lastLog)
                        this.restarts++;
                    this.lastLog = reply.log ?? 0;
                    this.maxWalFrames = Math.max(this.maxWalFrames, this.lastLog);
                }
                else
                    this.fail();
                done();
            };
            this.worker.on("message", onMessage);
            this.worker.once("exit", done);
            this.worker.postMessage("checkpoint");
        });
    }
    /**
     * Called between two write batches. Normally asks for a checkpoint and returns at once. Once the
     * WAL holds `maxFrames` frames or more (SQLite's own threshold is 1000) it waits — without
     * blocking the event loop — for a checkpoint that copies everything, so that the next write
     * starts the WAL over from its beginning instead of growing it.
     */
    async between(maxFrames = 1000) {
        if (this.failed)
            return;
        if (this.lastLog < maxFrames) {
            this.request();
            return;
        }
        if (this.inFlight)
            await this.inFlight;
        this.request();
        if (this.inFlight)
            await this.inFlight;
    }
    /** Waits for the running checkpoint, runs a last one, ends the worker, restores automatic checkpoints. */
    async stop() {
        if (this.inFlight)
            await this.inFlight;
        if (!this.failed) {
            this.request();
            if (this.inFlight)
                await this.inFlight;
        }
        this.restore();
        const exited = new Promise((resolve) => {
            const timer = setTimeout(() => void this.worker.terminate().finally(resolve), 1000);
            timer.unref();
            this.worker.once("exit", () => {
                clearTimeout(timer);
                resolve();
            });
        });
        this.worker.postMessage("close");
        await exited;
    }
    fail() {
        this.failed = true;
        this.restore();
    }
    restore() {
        if (this.db.open)
            this.db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.trunc(this.previousAutocheckpoint))}`);
    }
}
//# sourceMappingURL=wal-checkpointer.js.map