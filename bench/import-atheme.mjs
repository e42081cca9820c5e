#!/usr/bin/env node
/**
 * The Atheme importer at scale: generates an Atheme flat file in Atheme 7.2's own format
 * (BENCH_ACCOUNTS accounts, 100,000 by default, with grouped nicks, metadata and memos;
 * a channel for every tenth account with four access entries; BADMAIL entries), then imports it
 * into a new Custodian database in a child process and prints the import's wall time, the
 * child's peak RSS, the rows written and the database size. Run after `npm run build`.
 *
 *   node bench/import-atheme.mjs            # 100,000 accounts
 *   BENCH_ACCOUNTS=20000 node bench/import-atheme.mjs
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), "custodian-bench-import-"));
const dbFile = join(dir, "services.db");

/** Atheme's entity IDs: base 36 letters-first, 9 characters (AAAAAAAAB, ...). */
function uid(n) {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  let s = "";
  for (let i = 0; i < 8; i++) {
    s = chars[n % 36] + s;
    n = Math.floor(n / 36);
  }
  return `A${s}`;
}

// A real pbkdf2v2 hash as Atheme writes it (the import keeps hashes; it does not compute them).
const HASH = "$z$26$64000$AblCK0WzIN+phCuAjw4mID7rBKyaO7hFMBqfJ6ggBsA=$GqJSxh9AKJ74+2yS0rrcNAjIsYsYww+my+JXQMf71axfjNy3cHgJOdNHQwdFJrtZHYTFBPPBLLzoKvN9ibOZ7Q==";
const FLAGS = ["+AOehiortv", "+AV", "+Rfs", "+Vo", "+fA", "+v"];

async function generate() {
  const out = createWriteStream(dbFile);
  const write = (line) => (out.write(line) ? undefined : new Promise((r) => out.once("drain", r)));
  await write("GRVER 1 \nDBV 12 \nMDEP protocol/inspircd \nMDEP backend/opensex \nMDEP crypto/pbkdf2v2 \n");
  await write(`LUID ${uid(ACCOUNTS + 1)} \nCF +AFHORVabefhioqrstv \n`);
  const t0 = 1_600_000_000;
  for (let i = 1; i <= ACCOUNTS; i++) {
    const name = `user${i}`;
    const reg = t0 + i * 60;
    await write(`MU ${uid(i)} ${name} ${HASH} ${name}@mail${i % 997}.example ${reg} ${reg + 86400} ${i % 5 === 0 ? "+C" : "+sC"} default \n`);
    await write(`MDU ${name} private:host:actual ${name}@198.51.100.${i % 250}\nMDU ${name} private:host:vhost ${name}@users.example\n`);
    if (i % 50 === 0) await write(`MDU ${name} private:usercloak ${name}.users.example\n`);
    await write(`MN ${name} ${name} ${reg} ${reg + 86400} \n`);
    if (i % 3 === 0) await write(`MN ${name} ${name}_away ${reg + 10} ${reg + 3600} \n`);
    if (i % 20 === 0) await write(`ME ${name} user1 ${reg} 0 hello there\n`);
  }
  for (let c = 1; c * 10 <= ACCOUNTS; c++) {
    const founder = `user${c * 10}`;
    const reg = t0 + c * 600;
    await write(`MC #chan${c} ${reg} ${reg + 86400} +v 272 6 0  \n`);
    await write(`CA #chan${c} ${founder} +AFORaefhioqrstv ${reg} ${founder} \n`);
    for (let k = 1; k <= 3; k++) {
      const member = `user${((c * 10 + k * 7) % ACCOUNTS) + 1}`;
      if (member === founder) continue;
      await write(`CA #chan${c} ${member} ${FLAGS[(c + k) % FLAGS.length]} ${reg + k} ${founder} \n`);
    }
    await write(`MDC #chan${c} private:channelts ${reg}\n`);
  }
  await write("KID 0 \nXID 0 \nQID 0 \n");
  for (let b = 1; b <= 100; b++) await write(`BE *@spam${b}.example ${t0} oper Spam source ${b}\n`);
  await new Promise((r) => out.end(r));
}

const CHILD = `
import { openDatabase } from ${JSON.stringify(join(root, "dist/db/connection.js"))};
import { defaultMigrationsDir, migrate } from ${JSON.stringify(join(root, "dist/db/migrate.js"))};
import { benchConfig } from ${JSON.stringify(join(root, "bench/lib/config.mjs"))};
import { importAtheme } from ${JSON.stringify(join(root, "dist/services/import/atheme/index.js"))};
import { systemClock } from ${JSON.stringify(join(root, "dist/util/clock.js"))};
const [file, dbPath] = process.argv.slice(-2);
const config = benchConfig({ databasePath: dbPath });
const db = openDatabase(dbPath);
migrate(db, defaultMigrationsDir());
const t0 = performance.now();
const report = await importAtheme({ db, config, clock: systemClock, file, dryRun: false, merge: false });
const ms = performance.now() - t0;
db.close();
console.log(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, counts: report.counts, fatal: report.fatal, lines: report.lines().length }));
`;

try {
  const g0 = performance.now();
  await generate();
  const size = statSync(dbFile).size;
  console.log(`Generated ${dbFile}: ${ACCOUNTS.toLocaleString("en")} accounts, ${(size / 1e6).toFixed(1)} MB, in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
  const childPath = join(dir, "import-child.mjs");
  writeFileSync(childPath, CHILD);
  const custodianDb = join(dir, "custodian.db");
  const w0 = performance.now();
  const child = spawnSync(process.execPath, [childPath, dbFile, custodianDb], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wall = performance.now() - w0;
  if (child.status !== 0) throw new Error(`import failed (${child.status}):\n${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split("\n").pop());
  if (result.fatal) throw new Error(`import refused: ${result.fatal}`);
  const c = result.counts;
  console.log(`Import (read + map + write, one transaction): ${(result.ms / 1000).toFixed(2)} s (child process wall time ${(wall / 1000).toFixed(2)} s)`);
  console.log(`Peak RSS of the importing process: ${(result.maxRssKb / 1024).toFixed(0)} MiB`);
  console.log(`Accounts ${c.accounts.imported}/${c.accounts.found}, nicks ${c.nicks.imported}/${c.nicks.found}, channels ${c.channels.imported}/${c.channels.found}, access ${c.access.imported}/${c.access.found}, BADMAIL ${c.badmail.imported}/${c.badmail.found}`);
  console.log(`Accounts per second: ${Math.round(c.accounts.imported / (result.ms / 1000)).toLocaleString("en")}`);
  console.log(`Custodian database: ${(statSync(custodianDb).size / 1e6).toFixed(1)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
