#!/usr/bin/env node
/**
 * Custodian side by side with Atheme (issue 16). Prints one table and saves it under
 * bench/results/compare-<date>.txt. A benchmark: it prints figures, it asserts nothing.
 *
 *   npm run build && node bench/compare.mjs
 *
 * The services hold BENCH_BASE_ACCOUNTS (100,000) accounts while the workloads run, each from
 * a database in its own format. One InspIRCd 3 on loopback with flood limits out of the way (fakelag off, huge thresholds:
 * src/sandbox/inspircd.ts), and link blocks for both packages. Atheme (Debian's atheme-services,
 * installed when missing) and then Custodian are linked to it in turn and get the same
 * workloads from the same irc-framework clients in this process:
 *
 *  1. 200 clients REGISTER at once; then (untimed) Custodian's accounts are verified with their
 *     mailed codes (Atheme runs without email verification) and everyone logs out; then the 200
 *     IDENTIFY at once. Custodian's CPU time and Atheme's over the IDENTIFY burst, per login, are
 *     printed next to the hash settings.
 *  2. One client: 50 sequential REGISTER (a fresh nick each; verify and LOGOUT untimed), then 50
 *     sequential IDENTIFY (LOGOUT untimed).
 *  3. 50 clients x 200 NickServ INFO <any account>, each sent when the previous reply ended.
 *  4. Start-up with 100,000 and with 1,000,000 accounts, each database in the program's own
 *     format (Atheme's flat file, generated; Custodian's SQLite, written through its own stores):
 *     from spawning the program to the first NickServ reply (a client asks every 5 ms), and RSS
 *     two seconds after that reply. Median of BENCH_STARTUP_RUNS runs (5).
 *  5. RSS after start-up and after the login bursts (VmRSS; VmHWM for the peak).
 *
 * Fairness: the hash cost is matched (Atheme's PBKDF2-SHA512 rounds are chosen here so that one
 * PBKDF2 costs the CPU of one of Custodian's scrypt N=16384 r=8 p=1; both are measured and
 * printed, and so is each program's CPU per IDENTIFY in the burst); flood and rate limits are
 * lifted in both (Atheme: flood_msgs, ratelimit; Custodian: [flood], login throttle, per-host
 * registration limit, mail rates); the ircd, the clients and the machine are the same.
 *
 * Environment: BENCH_SIZES ("100000,1000000"), BENCH_BASE_ACCOUNTS (100000), BENCH_STARTUP_RUNS (5), BENCH_SKIP=startup|workloads,
 * CUSTODIAN_CLI (the entry point to run, dist/cli.js), BENCH_PROGRAMS (atheme,custodian: one alone for profiling), CUSTODIAN_NODE_ARGS (e.g. "--cpu-prof
 * --cpu-prof-dir=/tmp/prof"), BENCH_KEEP=1 (keep the temporary folder), ATHEME_BIN, INSPIRCD_BIN.
 */
import { pbkdf2Sync, scryptSync } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { spawnSync } from "node:child_process";
import { connectClient, connectMany, pollFirstReply, waitNickGone } from "./lib/irc-clients.mjs";
import { accountName, writeAthemeDatabase, writeCustodianDatabase } from "./lib/databases.mjs";
import { athemeDriver, custodianDriver, echoDriver, mailedCodes } from "./lib/services.mjs";
import { cpuMs, machine, machineBusyMs, memory, rssByKind } from "./lib/proc.mjs";
import { renderReport } from "./lib/report.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist");
if (!existsSync(join(DIST, "cli.js"))) {
  console.error("dist/ is missing: build first with `npm run build`.");
  process.exit(2);
}
const dist = (p) => pathToFileURL(join(DIST, p)).href;
const { startInspircd, freePort } = await import(dist("sandbox/inspircd.js"));
const { startAtheme, athemeLinkConf, ensureAtheme } = await import(pathToFileURL(join(ROOT, "test/e2e/harness/atheme.mjs")).href);

const SIZES = (process.env.BENCH_SIZES ?? "100000,1000000").split(",").filter(Boolean).map(Number);
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 5);
const SKIP = new Set((process.env.BENCH_SKIP ?? "").split(",").filter(Boolean));
/** For profiling one side: BENCH_PROGRAMS=custodian (the table then shows only its figures). */
const PROGRAMS = new Set((process.env.BENCH_PROGRAMS ?? "atheme,custodian").split(",").filter(Boolean));
/** Extra node options for Custodian, e.g. CUSTODIAN_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const NODE_ARGS = (process.env.CUSTODIAN_NODE_ARGS ?? "").split(" ").filter(Boolean);
const BURST = 200;
const SEQUENTIAL = 50;
const INFO_CLIENTS = 50;
const INFO_EACH = 200;
const SCRYPT = { N: 16384, r: 8, p: 1 };
/** Accounts the services hold while the workloads run. */
const BASE = Number(process.env.BENCH_BASE_ACCOUNTS ?? 100_000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const password = (nick) => `pw-${nick}-bench`;
const email = (nick) => `${nick.toLowerCase()}@example.org`;

function percentile(values, q) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
const median = (values) => percentile(values, 0.5);

/** CPU ms of one call of each function, sampled in turn (so that both see the same machine), medians. */
function cpuCosts(fns, n) {
  for (const fn of fns) fn();
  const samples = fns.map(() => []);
  for (let i = 0; i < n; i++) {
    fns.forEach((fn, k) => {
      const t = process.cpuUsage();
      fn();
      const d = process.cpuUsage(t);
      samples[k].push((d.user + d.system) / 1000);
    });
  }
  return samples.map(median);
}

/**
 * Atheme's PBKDF2-SHA512 rounds for the CPU of one of Custodian's scrypt hashes: a first guess
 * from 10,000 rounds, then corrected once against the real count (to the nearest 1,000; at least
 * Atheme's minimum, 10,000). Both run on OpenSSL in this process, one thread, sampled in turn.
 */
function calibrateHashes() {
  const scrypt = () => scryptSync("correct horse", "salt-salt-salt-1", 32, { ...SCRYPT, maxmem: 64 * 2 ** 20 });
  const pbkdf2 = (rounds) => () => pbkdf2Sync("correct horse", "salt-salt-salt-1", rounds, 64, "sha512");
  const [scryptFirst, per10k] = cpuCosts([scrypt, pbkdf2(10_000)], 15);
  let rounds = Math.max(10_000, Math.round((scryptFirst / per10k) * 10) * 1000);
  const [scryptSecond, atRounds] = cpuCosts([scrypt, pbkdf2(rounds)], 15);
  rounds = Math.max(10_000, Math.round((rounds * scryptSecond) / atRounds / 1000) * 1000);
  const [scryptMs, pbkdf2Ms] = cpuCosts([scrypt, pbkdf2(rounds)], 21);
  return { scryptMs, rounds, pbkdf2Ms };
}

function versionOf(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return ((r.stdout ?? "") + (r.stderr ?? "")).split("\n").find((l) => l.trim()) ?? "?";
}

// ---------------------------------------------------------------------------------------------

/** CPU ms so far of the services, the ircd and this process (the clients). */
function cpuNow(ctx, pid) {
  const own = process.cpuUsage();
  return { services: cpuMs(pid), ircd: cpuMs(ctx.ircdPid), clients: (own.user + own.system) / 1000, machine: machineBusyMs(), wall: performance.now() };
}

/** Where the CPU went between two cpuNow() readings: seconds each, and the wall time. */
function cpuSpent(before, after) {
  return {
    wallS: (after.wall - before.wall) / 1000,
    servicesS: (after.services - before.services) / 1000,
    ircdS: (after.ircd - before.ircd) / 1000,
    clientsS: (after.clients - before.clients) / 1000,
    /** Everything else on the machine (other users' work, the kernel): busy time minus the three above. */
    othersS: (after.machine - before.machine - (after.services - before.services) - (after.ircd - before.ircd) - (after.clients - before.clients)) / 1000,
  };
}

/** Times `requests` sent at once, one per client; throughput over first send to last reply. */
async function burst(clients, service, textOf, done, ctx, pid) {
  const cpuBefore = cpuNow(ctx, pid);
  const started = performance.now();
  const results = await Promise.all(clients.map((c) => c.ask(service, textOf(c), done)));
  const elapsed = performance.now() - started;
  const cpu = cpuSpent(cpuBefore, cpuNow(ctx, pid));
  const ok = results.filter((r) => r.ok);
  return {
    cpu,
    n: results.length,
    ok: ok.length,
    perSecond: (ok.length / elapsed) * 1000,
    p50: percentile(ok.map((r) => r.ms), 0.5),
    p99: percentile(ok.map((r) => r.ms), 0.99),
    failures: results.filter((r) => !r.ok).map((r) => r.text).slice(0, 3),
  };
}

/** Waits (untimed) until Custodian's outbox has mailed a code to each address. */
async function codesFor(mailDir, addresses, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const codes = mailedCodes(mailDir);
    if (addresses.every((a) => codes.has(a))) return codes;
    if (Date.now() > deadline) throw new Error(`only ${addresses.filter((a) => codes.has(a)).length} of ${addresses.length} codes mailed`);
    await sleep(100);
  }
}

function sequentialStats(samples) {
  const ok = samples.filter((r) => r.ok).map((r) => r.ms);
  const total = ok.reduce((s, v) => s + v, 0);
  return {
    n: samples.length,
    ok: ok.length,
    perSecond: (ok.length / total) * 1000,
    p50: percentile(ok, 0.5),
    p99: percentile(ok, 0.99),
    failures: samples.filter((r) => !r.ok).map((r) => r.text).slice(0, 3),
  };
}

async function workloads(driver, ctx, baseDatabase) {
  const { clientPort, dir } = ctx;
  const out = {};
  log(`${driver.name}: starting on a copy of its database of ${BASE.toLocaleString("en-US")} accounts`);
  await servicesGone(clientPort);
  const runDir = join(dir, `${driver.name.toLowerCase()}-workloads`);
  mkdirSync(runDir, { recursive: true });
  const database = join(runDir, "base-copy.db");
  copyFileSync(baseDatabase, database);
  const svc = await driver.start({ dir: runDir, database });
  const clients = [];
  try {
    await svc.linked();
    const probe = await connectClient({ port: clientPort, nick: "probe" });
    clients.push(probe);
    await pollFirstReply(probe, "NickServ", "HELP", 50, 60_000);
    out.rssLinked = memory(svc.pid).rss;

    // 1. 200 REGISTER at once, then 200 IDENTIFY at once.
    const many = await connectMany(clientPort, BURST, (i) => `bn${i}`);
    clients.push(...many);
    log(`${driver.name}: ${many.length} clients connected; REGISTER burst`);
    out.register = await burst(many, "NickServ", (c) => `REGISTER ${password(c.nick)} ${email(c.nick)}`, driver.replies.register, ctx, svc.pid);
    if (driver.verifies) {
      const codes = await codesFor(svc.mailDir, many.map((c) => email(c.nick)));
      const verified = await Promise.all(
        many.map((c) => c.ask("NickServ", `VERIFY REGISTER ${c.nick} ${codes.get(email(c.nick))}`, driver.replies.verify)),
      );
      if (verified.some((r) => !r.ok)) throw new Error(`VERIFY failed: ${verified.find((r) => !r.ok).text}`);
    }
    const loggedOut = await Promise.all(many.map((c) => c.ask("NickServ", "LOGOUT", driver.replies.logout)));
    if (loggedOut.some((r) => !r.ok)) throw new Error(`LOGOUT failed: ${loggedOut.find((r) => !r.ok).text}`);
    log(`${driver.name}: IDENTIFY burst`);
    out.identify = await burst(many, "NickServ", (c) => `IDENTIFY ${c.nick} ${password(c.nick)}`, driver.replies.identify, ctx, svc.pid);
    out.cpuPerIdentify = (out.identify.cpu.servicesS * 1000) / BURST;
    out.afterBurst = { ...memory(svc.pid), kinds: rssByKind(svc.pid) };

    // 2. One client, sequential.
    log(`${driver.name}: sequential REGISTER and IDENTIFY`);
    const one = await connectClient({ port: clientPort, nick: "bsq" });
    clients.push(one);
    const registers = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const nick = `bs${i}`;
      await one.changeNick(nick);
      registers.push(await one.ask("NickServ", `REGISTER ${password(nick)} ${email(nick)}`, driver.replies.register));
      if (driver.verifies) {
        const code = (await codesFor(svc.mailDir, [email(nick)])).get(email(nick));
        await one.ask("NickServ", `VERIFY REGISTER ${nick} ${code}`, driver.replies.verify);
      }
      await one.ask("NickServ", "LOGOUT", driver.replies.logout);
    }
    await one.changeNick("bsq");
    const identifies = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const nick = `bs${i}`;
      identifies.push(await one.ask("NickServ", `IDENTIFY ${nick} ${password(nick)}`, driver.replies.identify));
      await one.ask("NickServ", "LOGOUT", driver.replies.logout);
    }
    out.sequentialRegister = sequentialStats(registers);
    out.sequentialIdentify = sequentialStats(identifies);

    // 3. INFO flood.
    log(`${driver.name}: ${INFO_CLIENTS} clients x ${INFO_EACH} INFO`);
    const names = [...many.map((c) => c.nick), ...Array.from({ length: SEQUENTIAL }, (_, i) => `bs${i}`)];
    // Any account: the ones registered above and the ${BASE} the services started with.
    const randomAccount = () => {
      const k = Math.floor(Math.random() * (names.length + BASE));
      return k < names.length ? names[k] : accountName(k - names.length);
    };
    out.info = await infoFlood(many.slice(0, INFO_CLIENTS), driver, ctx, svc.pid, randomAccount);
    out.afterAll = memory(svc.pid);
    out.cpuTotal = cpuMs(svc.pid);
  } catch (error) {
    console.error(`${driver.name} failed:\n${svc.logTail()}`);
    throw error;
  } finally {
    await Promise.allSettled(clients.map((c) => c.quit()));
    await svc.stop();
  }
  out.dbPath = svc.dbPath;
  log(`${driver.name}: done`);
  return out;
}

/**
 * Atheme's own database header and one of its PBKDF2 hashes: Atheme registers one account on an
 * empty database and writes it on SIGTERM.
 */
async function athemeSample(driver, ctx) {
  await servicesGone(ctx.clientPort);
  const svc = await driver.start({ dir: join(ctx.dir, "atheme-sample") });
  const client = await connectClient({ port: ctx.clientPort, nick: "sample" });
  try {
    const r = await client.ask("NickServ", `REGISTER ${password("sample")} ${email("sample")}`, driver.replies.register);
    if (!r.ok) throw new Error(`Atheme refused the sample registration: ${r.text}`);
  } finally {
    await client.quit();
  }
  const template = readFileSync(await svc.stop(), "utf8");
  const hash = / \$z\$\S+/.exec(template)?.[0].trim();
  if (!hash) throw new Error("no PBKDF2 hash in Atheme's database");
  return { template, hash };
}

/** Both programs' databases of `size` accounts, in `dir`. */
async function databases(size, ctx, sample, custodianHash) {
  log(`writing databases of ${size.toLocaleString("en-US")} accounts`);
  const atheme = join(ctx.dir, `atheme-${size}.db`);
  const custodian = join(ctx.dir, `custodian-${size}.db`);
  await writeAthemeDatabase(atheme, size, { template: sample.template, passwordHash: sample.hash });
  await writeCustodianDatabase(custodian, size, { dist, passwordHash: custodianHash });
  return {
    atheme,
    custodian,
    remove() {
      rmSync(atheme, { force: true });
      for (const s of ["", "-wal", "-shm"]) rmSync(custodian + s, { force: true });
    },
  };
}

/** Each client asks INFO_EACH `INFO <account>`, the next when the previous reply has ended. */
async function infoFlood(clients, driver, ctx, pid, account) {
  const latencies = [];
  let failures = 0;
  const cpu = cpuNow(ctx, pid);
  const started = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (let k = 0; k < INFO_EACH; k++) {
        const r = await c.ask("NickServ", `INFO ${account()}`, driver.replies.info);
        if (r.ok) latencies.push(r.ms);
        else failures++;
      }
    }),
  );
  const elapsed = performance.now() - started;
  return {
    cpu: cpuSpent(cpu, cpuNow(ctx, pid)),
    n: clients.length * INFO_EACH,
    ok: latencies.length,
    perSecond: (latencies.length / elapsed) * 1000,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    failures: failures ? [`${failures} failed`] : [],
  };
}

/**
 * The INFO flood against services that answer without doing anything (bench/lib/echo-services.mjs):
 * what the ircd, the clients and the machine allow at most.
 */
async function infoCeiling(driver, ctx) {
  await servicesGone(ctx.clientPort);
  const svc = await driver.start({ dir: join(ctx.dir, "echo") });
  const clients = [];
  try {
    await svc.linked();
    clients.push(...(await connectMany(ctx.clientPort, INFO_CLIENTS, (i) => `be${i}`)));
    await pollFirstReply(clients[0], "NickServ", "INFO x", 50, 30_000);
    await sleep(200); // the rest of that reply
    log(`echo services: ${INFO_CLIENTS} clients x ${INFO_EACH} INFO`);
    return await infoFlood(clients, driver, ctx, svc.pid, () => accountName(Math.floor(Math.random() * BASE)));
  } finally {
    await Promise.allSettled(clients.map((c) => c.quit()));
    await svc.stop();
  }
}

/** Waits until the previous services' NickServ has left the network (its link fully gone). */
async function servicesGone(port) {
  const c = await connectClient({ port, nick: "gonecheck" });
  try {
    await waitNickGone(c, "NickServ");
  } finally {
    await c.quit();
  }
}

/** Spawn to first NickServ reply, and RSS 2 s later; `runs` times, median. */
async function startup(driver, ctx, database, size) {
  const { clientPort, dir } = ctx;
  const probe = await connectClient({ port: clientPort, nick: `sp${driver.label.replace(/\W/g, "").slice(0, 6)}${size}` });
  const times = [];
  const rss = [];
  try {
    for (let run = 0; run < STARTUP_RUNS; run++) {
      await waitNickGone(probe, "NickServ");
      const runDir = join(dir, `${driver.label.replace(/\W/g, "").toLowerCase()}-start-${size}-${run}`);
      let start;
      if (driver.name === "Atheme") {
        mkdirSync(join(runDir, "data"), { recursive: true });
        // In place before the clock starts: the copy is not Atheme's start-up.
        writeFileSync(join(runDir, "data", "services.db"), readFileSync(database));
      }
      const first = pollFirstReply(probe, "NickServ", `INFO ${accountName(1)}`, 5, 600_000);
      const spawned = performance.now();
      const svc = await driver.start({ dir: runDir, database });
      const at = await first;
      times.push(at - spawned);
      await sleep(2000);
      rss.push(memory(svc.pid).rss);
      // Atheme would spend seconds writing its database on SIGTERM; Custodian stops at once (and
      // writes a --cpu-prof profile when CUSTODIAN_NODE_ARGS asks for one).
      if (driver.name === "Atheme") await svc.kill();
      else await svc.stop();
      if (driver.name === "Atheme") rmSync(runDir, { recursive: true, force: true });
      log(`${driver.label} ${size}: first reply after ${(at - spawned).toFixed(0)} ms, RSS ${(rss.at(-1) / 2 ** 20).toFixed(1)} MiB`);
    }
  } finally {
    await probe.quit();
  }
  return { ms: median(times), all: times, rss: median(rss) };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "custodian-compare-"));
  let ircd = null;
  try {
    ensureAtheme();
    const hashes = calibrateHashes();
    log(`scrypt N=${SCRYPT.N} r=${SCRYPT.r} p=${SCRYPT.p}: ${hashes.scryptMs.toFixed(1)} ms CPU; PBKDF2-SHA512 ${hashes.rounds} rounds: ${hashes.pbkdf2Ms.toFixed(1)} ms CPU`);
    const [clientPort, linkPort] = [await freePort(), await freePort()];
    const servicesName = "services.bench.local";
    const link = { sendPassword: "bench-link-out", receivePassword: "bench-link-in" };
    ircd = await startInspircd({
      serverName: "irc.bench.local",
      sid: "001",
      clientPort,
      linkPort,
      servicesName,
      ...link,
      dir: join(dir, "ircd"),
      extraConf: athemeLinkConf({ port: linkPort }),
    });
    const ctx = { clientPort, dir, ircdPid: ircd.process.pid };
    const atheme = athemeDriver({ startAtheme, uplinkName: "irc.bench.local", linkPort, pbkdf2Rounds: hashes.rounds });
    const cli = process.env.CUSTODIAN_CLI ?? join(DIST, "cli.js");
    const custodian = custodianDriver({ cli, linkPort, servicesName, ...link, nodeArgs: NODE_ARGS });
    // As a service manager would start it with the README's unit: glibc's tunable already set, so
    // the launcher does not start Node a second time (one extra start-up row).
    const custodianPreset = custodianDriver({
      cli,
      linkPort,
      servicesName,
      ...link,
      nodeArgs: NODE_ARGS,
      env: { GLIBC_TUNABLES: "glibc.malloc.arena_max=1" },
      label: "Custodian (GLIBC_TUNABLES preset)",
    });

    const results = { hashes, machine: machine(), versions: {}, workloads: {}, startup: {} };
    results.versions.inspircd = versionOf("/usr/sbin/inspircd", ["--version"]);
    results.versions.atheme = versionOf("dpkg-query", ["-W", "-f", "atheme-services ${Version}\n", "atheme-services"]);
    results.versions.custodian = versionOf(process.execPath, [join(DIST, "cli.js"), "--version"]);

    const sample = await athemeSample(atheme, ctx);
    const { hashPassword } = await import(dist("services/accounts/password.js"));
    const custodianHash = await hashPassword(password("sample"), SCRYPT);
    const base = await databases(BASE, ctx, sample, custodianHash);
    if (!SKIP.has("workloads")) {
      if (PROGRAMS.has("atheme")) results.workloads.atheme = await workloads(atheme, ctx, base.atheme);
      if (PROGRAMS.has("custodian")) results.workloads.custodian = await workloads(custodian, ctx, base.custodian);
      results.echoInfo = await infoCeiling(echoDriver({ script: join(ROOT, "bench", "lib", "echo-services.mjs"), linkPort, ...link }), ctx);
    }
    if (!SKIP.has("startup")) {
      for (const size of SIZES) {
        const dbs = size === BASE ? base : await databases(size, ctx, sample, custodianHash);
        results.startup[size] = {
          atheme: PROGRAMS.has("atheme") ? await startup(atheme, ctx, dbs.atheme, size) : null,
          custodian: PROGRAMS.has("custodian") ? await startup(custodian, ctx, dbs.custodian, size) : null,
          custodianPreset: PROGRAMS.has("custodian") ? await startup(custodianPreset, ctx, dbs.custodian, size) : null,
        };
        if (dbs !== base) dbs.remove();
      }
    }
    base.remove();

    const report = renderReport(results, { BURST, SEQUENTIAL, INFO_CLIENTS, INFO_EACH, SCRYPT, STARTUP_RUNS, BASE });
    console.log(report);
    const resultsDir = join(ROOT, "bench", "results");
    mkdirSync(resultsDir, { recursive: true });
    const date = new Date().toISOString().slice(0, 10);
    let path = join(resultsDir, `compare-${date}.txt`);
    for (let k = 2; existsSync(path); k++) path = join(resultsDir, `compare-${date}-${k}.txt`);
    writeFileSync(path, report + "\n");
    console.error(`saved ${path}`);
  } finally {
    if (ircd) await ircd.stop().catch(() => {});
    if (process.env.BENCH_KEEP === "1") console.error(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}
