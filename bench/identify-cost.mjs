// The cost of one password hash and one verification (what IDENTIFY and SASL PLAIN pay),
// with the default scrypt parameters of [security] (N=16384, r=8, p=1), and for comparison the
// test setting (N=1024). Also the throughput of concurrent verifications on libuv's thread pool.
//
// Run: npm run build && node bench/identify-cost.mjs [rounds]
import os from "node:os";
import { hashPassword, verifyPassword } from "../dist/services/accounts/password.js";

const rounds = Number(process.argv[2] ?? 30);

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = samples.reduce((s, v) => s + v, 0) / samples.length;
  return { median: at(0.5), p95: at(0.95), mean, min: sorted[0], max: sorted[sorted.length - 1] };
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;

async function measure(params) {
  const password = "correct horse battery staple";
  // Warm up.
  const stored = await hashPassword(password, params);
  await verifyPassword(password, stored, params);

  const hashTimes = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await hashPassword(password, params);
    hashTimes.push(performance.now() - t);
  }
  const verifyTimes = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const r = await verifyPassword(i % 2 ? password : "wrong password", stored, params);
    verifyTimes.push(performance.now() - t);
    if (r.valid !== Boolean(i % 2)) throw new Error("verification gave the wrong answer");
  }

  // Concurrent verifications: how many logins per second the thread pool absorbs.
  const concurrent = rounds * 4;
  const t = performance.now();
  await Promise.all(Array.from({ length: concurrent }, () => verifyPassword(password, stored, params)));
  const elapsed = performance.now() - t;

  // Event-loop blocking while verifying: the longest gap between timer ticks.
  let worstGap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worstGap = Math.max(worstGap, now - last);
    last = now;
  }, 1);
  await Promise.all(Array.from({ length: 16 }, () => verifyPassword(password, stored, params)));
  clearInterval(timer);

  return { hash: stats(hashTimes), verify: stats(verifyTimes), concurrent, perSecond: (concurrent / elapsed) * 1000, worstGap };
}

console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? "4 (default)"}, ${rounds} rounds`);
for (const params of [
  { N: 16384, r: 8, p: 1, label: "default" },
  { N: 1024, r: 8, p: 1, label: "tests" },
]) {
  const r = await measure(params);
  console.log(`scrypt N=${params.N} r=${params.r} p=${params.p} (${params.label}, ${(128 * params.N * params.r) / 1024 / 1024} MiB per hash)`);
  console.log(`  hashPassword   median ${fmt(r.hash.median)}  p95 ${fmt(r.hash.p95)}  min ${fmt(r.hash.min)}  max ${fmt(r.hash.max)}`);
  console.log(`  verifyPassword median ${fmt(r.verify.median)}  p95 ${fmt(r.verify.p95)}  min ${fmt(r.verify.min)}  max ${fmt(r.verify.max)}`);
  console.log(`  ${r.concurrent} concurrent verifications: ${r.perSecond.toFixed(0)} per second; longest event-loop gap meanwhile ${fmt(r.worstGap)}`);
}
