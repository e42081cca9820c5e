import { EventEmitter } from "node:events";
import { errorStack } from "../util/logger.js";
/** Runs every loop on an interval, one run at a time, logs what each did and emits `ran`. */
export class MaintenanceScheduler extends EventEmitter {
    services;
    loops;
    log;
    timer = null;
    running = null;
    follow = null;
    constructor(services, loops, log) {
        super();
        this.services = services;
        this.loops = loops;
        this.log = log;
    }
    add(loop) {
        this.loops.push(loop);
    }
    /** The names of the loops, in run order. */
    names() {
        return this.loops.map((loop) => loop.name);
    }
    start(intervalMs) {
        this.stop();
        this.timer = setInterval(() => {
            if (!this.running)
                void this.runOnce();
        }, intervalMs);
        this.timer.unref();
    }
    stop() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = null;
    }
    /**
     * Runs all loops now (also what tests call after moving the clock). Runs never overlap: a call
     * during a run waits for it and then runs once more, so what changed before the call is seen
     * (concurrent callers share that second run).
     */
    runOnce() {
        if (!this.running) {
            const run = this.runAll().finally(() => {
                if (this.running === run)
                    this.running = null;
            });
            this.running = run;
            return run;
        }
        this.follow ??= this.running.then(() => {
            this.follow = null;
            return this.runOnce();
        });
        return this.follow;
    }
    async runAll() {
        const reports = {};
        for (const loop of this.loops) {
            const started = performance.now();
            try {
                const report = await loop.run(this.services);
                reports[loop.name] = report;
                const ms = +(performance.now() - started).toFixed(1);
                if (report.changed > 0 || report.held)
                    this.log.info({ loop: loop.name, ms, ...report }, "maintenance loop ran");
                this.emit("ran", loop.name, report.held ? "held" : "ok");
            }
            catch (error) {
                this.log.error({ loop: loop.name, err: errorStack(error) }, "maintenance loop failed");
                this.emit("ran", loop.name, "error");
            }
        }
        return reports;
    }
}
//# sourceMappingURL=scheduler.js.map