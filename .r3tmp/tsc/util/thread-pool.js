/**
 * Sizing libuv's thread pool, which runs scrypt (password hashing), asynchronous file work and
 * DNS lookups (nodemailer's connections) alike.
 *
 * Password hashes run at most one per core (see services/accounts/hash-queue.ts); the pool gets
 * that many threads plus {@link SPARE_THREADS} more, so that mail delivery and file work never
 * wait behind a burst of logins. libuv reads UV_THREADPOOL_SIZE once, when the pool is first
 * used: the launcher (cli.ts) calls {@link sizeThreadPool} before anything else is loaded.
 */
import { availableParallelism } from "node:os";
/** Threads kept for work other than hashing (libuv's own default pool size). */
export const SPARE_THREADS = 4;
/** libuv's ceiling for UV_THREADPOOL_SIZE. */
const LIBUV_MAX = 1024;
/** The pool size libuv will use given the environment's value (libuv's default is 4). */
export function poolSizeFrom(value) {
    const n = Number(value);
    if (value === undefined || value.trim() === "" || !Number.isInteger(n) || n < 1)
        return 4;
    return Math.min(n, LIBUV_MAX);
}
/** How many hashes may run at once: one per core, leaving at least two threads for other work. */
export function hashConcurrencyFor(poolSize, cores) {
    return Math.max(1, Math.min(cores, poolSize - 2));
}
/**
 * Sets UV_THREADPOOL_SIZE to cores + {@link SPARE_THREADS} unless the operator set it. Returns
 * the size libuv will use. Has an effect only before the pool's first use.
 */
export function sizeThreadPool(env = process.env, cores = availableParallelism()) {
    if (env.UV_THREADPOOL_SIZE === undefined || env.UV_THREADPOOL_SIZE.trim() === "") {
        env.UV_THREADPOOL_SIZE = String(Math.min(cores + SPARE_THREADS, LIBUV_MAX));
    }
    return poolSizeFrom(env.UV_THREADPOOL_SIZE);
}
/** The hash concurrency for this process, from its pool size and core count. */
export function processHashConcurrency() {
    return hashConcurrencyFor(poolSizeFrom(process.env.UV_THREADPOOL_SIZE), availableParallelism());
}
//# sourceMappingURL=thread-pool.js.map