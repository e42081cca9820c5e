/**
 * glibc's malloc settings for services: one arena.
 *
 * Each scrypt hash (services/accounts/password.ts) allocates 16 MiB on whichever libuv pool
 * thread runs it, and glibc keeps freed memory in the arena of the thread that allocated it: with
 * the default (up to eight arenas per core), a login burst leaves some 16 MiB in every pool
 * thread's arena for good, about 100 MiB more RSS than the hashes running at once need. One arena
 * keeps what the concurrent hashes need and reuses it (no extra CPU; unlike forcing big
 * allocations to mmap, which costs a quarter more CPU per hash in page faults).
 *
 * glibc reads GLIBC_TUNABLES only when a process starts, so the launcher (cli.ts) starts Node
 * again with it when it is not set yet (once: the new process has it).
 */
export const MALLOC_TUNABLE = "glibc.malloc.arena_max";
export const MALLOC_ARENAS = 1;
/**
 * The environment to start again with, or null when there is nothing to do: not Linux, the
 * operator already chose an arena count in GLIBC_TUNABLES, or CUSTODIAN_MALLOC_TUNING=off.
 */
export function mallocTunedEnvironment(env, platform = process.platform) {
    if (platform !== "linux" || env.CUSTODIAN_MALLOC_TUNING === "off")
        return null;
    const current = env.GLIBC_TUNABLES ?? "";
    if (current.split(":").some((t) => t.startsWith(`${MALLOC_TUNABLE}=`)))
        return null;
    const setting = `${MALLOC_TUNABLE}=${MALLOC_ARENAS}`;
    return { ...env, GLIBC_TUNABLES: current ? `${current}:${setting}` : setting };
}
//# sourceMappingURL=malloc-tuning.js.map