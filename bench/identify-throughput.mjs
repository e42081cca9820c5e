// Throughput of logins as IDENTIFY and SASL PLAIN pay for them: AccountService.authenticate
// (account lookup, login throttle, scrypt verification on libuv's thread pool) on a file database
// with the default scrypt parameters (N=16384, r=8, p=1), at several concurrency levels, up to a
// reconnect storm of 200 simultaneous logins after a restart.
//
// Prints, per level: logins per second, latency p50/p99/max, and the longest event-loop pause
// (perf_hooks.monitorEventLoopDelay) while they ran.
//
// Run: npm run build && node bench/identify-throughput.mjs [total per level] [levels, comma-separated]
//      e.g. node bench/identify-throughput.mjs 400 1,8,32,200
import os from "node:os";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { openDatabase } from "../dist/db/connection.js";
import { defaultMigrationsDir, migrate } from "../dist/db/migrate.js";
import { createDomain } from "../dist/domain.js";
import { hashPassword } from "../dist/services/accounts/password.js";
import { systemClock } from "../dist/util/clock.js";
import { silentLogger } from "../dist/util/logger.js";
import { benchConfig } from "./lib/config.mjs";

const perLevel = Number(process.argv[2] ?? 400);
const levels = (process.argv[3] ?? "1,8,32,200").split(",").map(Number);
const accountsNeeded = Math.max(...levels);
const PASSWORD = "correct horse battery staple";

const dir = mkdtempSync(join(tmpdir(), "custodian-bench-identify-"));
const config = benchConfig({ databasePath: join(dir, "bench.db"), extra: "[security]\nlogin_attempts_per_minute = 1000000" });
const { scrypt_n: N, scrypt_r: r, scrypt_p: p } = config.security;

const db = openDatabase(config.database.path);
migrate(db, defaultMigrationsDir());
const noop = () => {};
const { accounts } = createDomain({
  db,
  config,
  clock: systemClock,
  log: silentLogger(),
  mail: { queue: () => 0, cancel: () => 0, status: () => undefined },
  network: {
    user: () => undefined,
    usersOnAccount: () => [],
    presence: () => undefined,
    channelMembers: () => [],
    channelExists: () => false,
    isSplit: () => false,
    isLinked: () => true,
  },
  actions: {
    notify: noop,
    alertOpers: noop,
    setLogin: noop,
    forceNick: noop,
    holdNick: noop,
    releaseNick: noop,
    joinChannel: noop,
    partChannel: noop,
    channelMode: noop,
    killUser: noop,
  },
});
const store = accounts.deps.store;

// One hash (a real one, with the default parameters) shared by every account: the verification
// cost is what is measured, and hashing 200 passwords first would only slow the set-up.
const hash = await hashPassword(PASSWORD, { N, r, p });
const names = [];
db.transaction(() => {
  for (let i = 0; i < accountsNeeded; i++) {
    const name = `Bench${String(i).padStart(4, "0")}`;
    const id = `9${String(i).padStart(8, "0")}`;
    store.create({
      id,
      name,
      passwordHash: hash,
      passwordGenerated: false,
      email: `${name.toLowerCase()}@bench.invalid`,
      emailCanonical: `${name.toLowerCase()}@bench.invalid`,
      status: "active",
      origin: "nickserv",
      now: Date.now(),
    });
    names.push(name);
  }
})();

const pct = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (v) => `${v.toFixed(1)} ms`;

async function level(concurrency) {
  const latencies = [];
  let next = 0;
  let failures = 0;
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const started = performance.now();
  // `concurrency` logins in flight at all times, each as a different account from a different address.
  const worker = async (w) => {
    for (;;) {
      const i = next++;
      if (i >= perLevel) return;
      const name = names[(w + i) % names.length];
      const t = performance.now();
      const result = await accounts.authenticate(name, PASSWORD, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
      latencies.push(performance.now() - t);
      if (!result.ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = performance.now() - started;
  histogram.disable();
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    perSecond: (perLevel / elapsed) * 1000,
    p50: pct(latencies, 0.5),
    p99: pct(latencies, 0.99),
    max: latencies[latencies.length - 1],
    loopMax: histogram.max / 1e6,
    loopP99: histogram.percentile(99) / 1e6,
    failures,
  };
}

console.log(
  `node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? "4 (default)"}`,
);
console.log(`AccountService.authenticate, scrypt N=${N} r=${r} p=${p} (${(128 * N * r) / 1024 / 1024} MiB each), file database, ${perLevel} logins per level`);
// Warm up (JIT, statement caches, thread pool start).
await Promise.all(names.slice(0, 8).map((n) => accounts.authenticate(n, PASSWORD, "10.255.255.255")));
const rows = [];
for (const c of levels) {
  const r = await level(c);
  rows.push(r);
  console.log(
    `  concurrency ${String(c).padStart(3)}: ${r.perSecond.toFixed(0).padStart(5)} logins/s   latency p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  max ${ms(r.max)}   event loop max pause ${ms(r.loopMax)} (p99 ${ms(r.loopP99)})` +
      (r.failures ? `   FAILURES ${r.failures}` : ""),
  );
}
db.close();
rmSync(dir, { recursive: true, force: true });
if (rows.some((r) => r.failures > 0)) process.exitCode = 1;
