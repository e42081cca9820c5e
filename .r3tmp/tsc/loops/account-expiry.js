import { EXPIRY_LOOP } from "../services/accounts/expiry.js";
import { BackgroundCheckpointer } from "./wal-checkpointer.js";
export const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));
export function accountExpiryLoop(expiry, options = {}) {
    const maxBatch = Math.max(1, options.batchSize ?? 200);
    const sliceMs = options.sliceMs ?? 3;
    const pause = options.pause ?? yieldToEventLoop;
    /** The next batch's size from how long the last one took (random row updates cost disk pages). */
    const nextSize = (size, ms, processed) => {
        if (processed === 0)
            return size;
        const fit = Math.floor((sliceMs / Math.max(ms, 0.05)) * processed);
        return Math.max(1, Math.min(maxBatch, fit, size * 2));
    };
    return {
        name: EXPIRY_LOOP,
        async run(services) {
            // Who is online decides who counts as seen; until the link's burst has rebuilt the sessions
            // (start-up, relink), every logged-in user would look absent and could be degraded.
            if (!services.network.isLinked())
                return { changed: 0, details: { waiting: "the link to the network is not ready" } };
            const now = services.clock.now();
            // Users logged in now count as seen (at most once an hour per account), before anything is due.
            const refreshed = await expiry.refreshSeen(now, { pause });
            const due = expiry.countDue(now);
            if (due.total === 0)
                return { changed: 0, details: { refreshed } };
            if (!services.breaker.allow(EXPIRY_LOOP, due.total)) {
                return {
                    changed: 0,
                    held: `would drop ${due.expire}, degrade ${due.degrade} and warn ${due.warn} accounts`,
                    details: { refreshed, ...due },
                };
            }
            const done = { expire: 0, degrade: 0, warn: 0 };
            let exempt = 0;
            let blocked = 0;
            let batches = 0;
            let size = Math.min(maxBatch, options.firstBatch ?? 5);
            let longestBatchMs = 0;
            const checkpointer = due.total >= (options.backgroundCheckpointFrom ?? 100) ? BackgroundCheckpointer.start(expiry.db) : null;
            try {
                // Order matters: dropped accounts are not degraded first, degraded ones are not warned.
                for (const kind of ["expire", "degrade", "warn"]) {
                    if (due[kind] === 0)
                        continue;
                    let cursor = null;
                    do {
                        await pause();
                        const started = performance.now();
                        const batch = expiry.processBatch(kind, now, cursor, size);
                        const ms = performance.now() - started;
                        longestBatchMs = Math.max(longestBatchMs, ms);
                        size = nextSize(size, ms, batch.scanned);
                        batches++;
                        done[kind] += batch.changed;
                        exempt += batch.exempt;
                        blocked += batch.blocked;
                        cursor = batch.next;
                        if (checkpointer)
                            await checkpointer.between();
                    } while (cursor);
                }
            }
            finally {
                await checkpointer?.stop();
            }
            return {
                changed: done.expire + done.degrade + done.warn,
                details: {
                    refreshed,
                    dropped: done.expire,
                    degraded: done.degrade,
                    warned: done.warn,
                    exempt,
                    blocked,
                    batches,
                    longestBatchMs: Math.round(longestBatchMs * 10) / 10,
                    backgroundCheckpoints: checkpointer?.count ?? 0,
                },
            };
        },
    };
}
//# sourceMappingURL=account-expiry.js.map