/**
 * A bounded queue for password hashing.
 *
 * Each scrypt hash holds 128·N·r bytes (16 MiB with the defaults) on one of libuv's pool threads
 * while it runs. Started all at once, a burst of 200 logins would take every pool thread (and
 * mail delivery and file work, which share the pool, would wait behind them) and 200 × 16 MiB.
 * Here at most `concurrency` hashes run (one per core keeps every core busy), the rest wait in
 * order, holding only their closure (a password and a stored hash string, no buffers), and at
 * most `maxWaiting` may wait: past that, work is refused with {@link HashQueueFullError} rather
 * than letting memory grow without bound.
 *
 * The queue knows nothing of passwords: `run` takes any job that returns a promise. A caller that
 * must account for work before it starts (a login throttle that reserves an attempt, say) does so
 * around `run`; `signal` lets it withdraw a job that is still waiting (the client left).
 */
/** The queue is full: the caller should answer "busy, try again" instead of waiting. */
export class HashQueueFullError extends Error {
    waiting;
    constructor(waiting) {
        super(`password hashing queue is full (${waiting} waiting)`);
        this.name = "HashQueueFullError";
        this.waiting = waiting;
    }
}
export class HashQueue {
    concurrency;
    maxWaiting;
    active = 0;
    /** FIFO of waiting jobs; `head` is the next to start (shifting a long array is O(n)). */
    queue = [];
    head = 0;
    waitingCount = 0;
    /** Entries of `queue` withdrawn by their signal and not yet passed by `head`. */
    withdrawn = 0;
    refused = 0;
    completed = 0;
    constructor(options) {
        if (!Number.isSafeInteger(options.concurrency) || options.concurrency < 1)
            throw new RangeError("concurrency must be a positive integer");
        if (!Number.isSafeInteger(options.maxWaiting) || options.maxWaiting < 0)
            throw new RangeError("maxWaiting must be a non-negative integer");
        this.concurrency = options.concurrency;
        this.maxWaiting = options.maxWaiting;
    }
    get running() {
        return this.active;
    }
    get waiting() {
        return this.waitingCount;
    }
    stats() {
        return {
            running: this.active,
            waiting: this.waitingCount,
            concurrency: this.concurrency,
            maxWaiting: this.maxWaiting,
            refused: this.refused,
            completed: this.completed,
        };
    }
    /**
     * Runs `job` when a slot is free (at once if one is), in the order jobs were submitted.
     * Rejects with {@link HashQueueFullError} when `maxWaiting` jobs already wait, and with the
     * signal's reason when `signal` aborts before the job started (a started job runs to its end).
     */
    run(job, options = {}) {
        const { signal } = options;
        if (signal?.aborted)
            return Promise.reject(signal.reason);
        if (this.active < this.concurrency)
            return this.execute(job);
        if (this.waitingCount >= this.maxWaiting) {
            this.refused++;
            return Promise.reject(new HashQueueFullError(this.waitingCount));
        }
        return new Promise((resolve, reject) => {
            const waiter = {
                start: () => void this.execute(job).then(resolve, reject),
                signal,
                onAbort: undefined,
            };
            if (signal) {
                waiter.onAbort = () => {
                    if (!waiter.start)
                        return;
                    waiter.start = null;
                    this.waitingCount--;
                    this.withdrawn++;
                    reject(signal.reason);
                    if (this.withdrawn > 1024 && this.withdrawn > this.waitingCount)
                        this.compact();
                };
                signal.addEventListener("abort", waiter.onAbort, { once: true });
            }
            this.queue.push(waiter);
            this.waitingCount++;
        });
    }
    execute(job) {
        this.active++;
        let promise;
        try {
            promise = job();
        }
        catch (error) {
            promise = Promise.reject(error);
        }
        return promise.finally(() => {
            this.active--;
            this.completed++;
            this.startNext();
        });
    }
    startNext() {
        while (this.active < this.concurrency && this.head < this.queue.length) {
            const waiter = this.queue[this.head];
            this.head++;
            const start = waiter.start;
            if (!start) {
                this.withdrawn--;
                continue;
            }
            waiter.start = null;
            this.waitingCount--;
            if (waiter.signal && waiter.onAbort)
                waiter.signal.removeEventListener("abort", waiter.onAbort);
            start();
        }
        if (this.head === this.queue.length) {
            this.queue = [];
            this.head = 0;
        }
        else if (this.head > 1024 && this.head * 2 > this.queue.length) {
            this.compact();
        }
    }
    /** Drops the consumed front and the withdrawn entries of the array. */
    compact() {
        this.queue = this.queue.slice(this.head).filter((waiter) => waiter.start !== null);
        this.head = 0;
        this.withdrawn = 0;
    }
}
//# sourceMappingURL=hash-queue.js.map