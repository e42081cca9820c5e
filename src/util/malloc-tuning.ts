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
 * again with it when it is not set yet (once: the new process has it), and only to run the
 * services: a config check, a backup or an import ends soon, taking what it held with it.
 */

const MALLOC_TUNABLE = "glibc.malloc.arena_max";
const MALLOC_ARENAS = 1;

/** Whether this Node runs on glibc (musl, for one, ignores GLIBC_TUNABLES): Node's own report says so. */
export function runsOnGlibc(): boolean {
  // excludeNetwork (Node 22.13+; not in @types/node yet): about 2 ms, without a look at every socket.
  const report = process.report as NodeJS.ProcessReport & { excludeNetwork?: boolean };
  const excluded = report.excludeNetwork;
  report.excludeNetwork = true;
  try {
    const header = (report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
    return typeof header?.glibcVersionRuntime === "string";
  } catch {
    return false;
  } finally {
    report.excludeNetwork = excluded;
  }
}

/**
 * The environment to start again with, or null when there is nothing to do: not Linux, not glibc,
 * the operator already chose an arena count in GLIBC_TUNABLES (other tunables there are kept), or
 * CUSTODIAN_MALLOC_TUNING=off. `glibc` is asked last, only when the rest would start again.
 */
export function mallocTunedEnvironment(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  glibc: () => boolean = runsOnGlibc,
): NodeJS.ProcessEnv | null {
  if (platform !== "linux" || env.CUSTODIAN_MALLOC_TUNING === "off") return null;
  const current = env.GLIBC_TUNABLES ?? "";
  if (current.split(":").some((t) => t.startsWith(`${MALLOC_TUNABLE}=`))) return null;
  if (!glibc()) return null;
  const setting = `${MALLOC_TUNABLE}=${MALLOC_ARENAS}`;
  return { ...env, GLIBC_TUNABLES: current ? `${current}:${setting}` : setting };
}
