/** The comparison's printed table: one row per figure, Custodian/Atheme ratio, the goal and whether it is met. */

const MiB = 2 ** 20;
const fmt = {
  rate: (v) => (Number.isFinite(v) ? `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}/s` : "n/a"),
  ms: (v) => (Number.isFinite(v) ? `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ms` : "n/a"),
  mib: (v) => (Number.isFinite(v) ? `${(v / MiB).toFixed(1)} MiB` : "n/a"),
};

/** A goal on the ratio Custodian/Atheme ("min": at least, "max": at most), or an absolute floor on Custodian's figure. */
const atLeast = (x) => ({ text: `>= ${x}x`, met: (c, a) => c / a >= x });
const atMost = (x) => ({ text: `<= ${x}x`, met: (c, a) => c / a <= x });
const floor = (value, label) => ({ text: `>= ${label}`, met: (c) => c >= value });

function row(workload, metric, kind, a = NaN, c = NaN, goal) {
  const ratio = Number.isFinite(a) && Number.isFinite(c) && a !== 0 ? c / a : NaN;
  const met = goal && Number.isFinite(ratio) ? (goal.met(c, a) ? "yes" : "NO") : goal && Number.isFinite(c) ? (goal.met(c, a) ? "yes" : "NO") : "";
  return [workload, metric, fmt[kind](a), fmt[kind](c), Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : "n/a", goal?.text ?? "", met];
}

function table(rows) {
  const head = ["workload", "figure", "Atheme", "Custodian", "C/A", "goal", "met"];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => "| " + r.map((cell, i) => String(cell).padEnd(widths[i])).join(" | ") + " |";
  return [line(head), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.map(line)].join("\n");
}

export function renderReport(results, o) {
  const { hashes, machine: m, versions, workloads: w, startup } = results;
  const hashGoal = (0.9 * m.cores * 1000) / hashes.scryptMs;
  const hashFloor = floor(hashGoal, `${hashGoal.toFixed(0)}/s (0.9 x ${m.cores} cores / ${hashes.scryptMs.toFixed(1)} ms)`);
  const rows = [];
  // One side alone (BENCH_PROGRAMS): its figures, NaN for the other.
  const missing = { register: {}, identify: {}, sequentialRegister: {}, sequentialIdentify: {}, info: {}, afterBurst: {}, afterAll: {} };
  const a = w.atheme ?? (w.custodian ? missing : undefined);
  const c = w.custodian ?? (w.atheme ? missing : undefined);
  if (a && c) {
    rows.push(
      row(`${o.BURST} clients REGISTER at once`, "throughput", "rate", a.register.perSecond, c.register.perSecond, hashFloor),
      row("", "p50", "ms", a.register.p50, c.register.p50),
      row("", "p99", "ms", a.register.p99, c.register.p99),
      row(`${o.BURST} clients IDENTIFY at once`, "throughput", "rate", a.identify.perSecond, c.identify.perSecond, hashFloor),
      row("", "p50", "ms", a.identify.p50, c.identify.p50),
      row("", "p99", "ms", a.identify.p99, c.identify.p99),
      row(`1 client, ${o.SEQUENTIAL} REGISTER in turn`, "rate", "rate", a.sequentialRegister.perSecond, c.sequentialRegister.perSecond),
      row("", "p50", "ms", a.sequentialRegister.p50, c.sequentialRegister.p50),
      row("", "p99", "ms", a.sequentialRegister.p99, c.sequentialRegister.p99),
      row(`1 client, ${o.SEQUENTIAL} IDENTIFY in turn`, "rate", "rate", a.sequentialIdentify.perSecond, c.sequentialIdentify.perSecond),
      row("", "p50", "ms", a.sequentialIdentify.p50, c.sequentialIdentify.p50),
      row("", "p99", "ms", a.sequentialIdentify.p99, c.sequentialIdentify.p99),
      row(`${o.INFO_CLIENTS} clients x ${o.INFO_EACH} INFO`, "requests/s", "rate", a.info.perSecond, c.info.perSecond, atLeast(1.2)),
      row("", "whole reply p50", "ms", a.info.p50, c.info.p50),
      row("", "whole reply p99", "ms", a.info.p99, c.info.p99, atMost(0.8)),
    );
    if (results.echoInfo) {
      const e = results.echoInfo;
      rows.push(
        row("  same flood, trivial echo services", "requests/s (ceiling)", "rate", a.info.perSecond, e.perSecond),
        row("", "whole reply p99", "ms", a.info.p99, e.p99),
      );
    }
  }
  for (const [size, s] of Object.entries(startup)) {
    const n = Number(size).toLocaleString("en-US");
    rows.push(
      row(`start-up, ${n} accounts`, "spawn to 1st NickServ reply", "ms", s.atheme?.ms, s.custodian?.ms, atMost(0.3)),
      row("", "RSS after start-up", "mib", s.atheme?.rss, s.custodian?.rss, Number(size) === 100_000 ? atMost(0.3) : undefined),
      row("", "the same, GLIBC_TUNABLES preset", "ms", s.atheme?.ms, s.custodianPreset?.ms, atMost(0.3)),
    );
  }
  if (a && c) {
    rows.push(
      row("after the login bursts", "RSS", "mib", a.afterBurst.rss, c.afterBurst.rss, atMost(0.5)),
      row("", "peak RSS (VmHWM)", "mib", a.afterBurst.hwm, c.afterBurst.hwm),
      row("after all workloads", "RSS", "mib", a.afterAll.rss, c.afterAll.rss),
    );
  }

  const lines = [
    `Custodian vs Atheme, ${new Date().toISOString()}`,
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Linux ${m.kernel}, load average at the end ${m.load}`,
    `software: ${versions.custodian} on Node ${m.node}; ${versions.atheme}; ${versions.inspircd}`,
    `hashes: Custodian scrypt N=${o.SCRYPT.N} r=${o.SCRYPT.r} p=${o.SCRYPT.p} = ${hashes.scryptMs.toFixed(1)} ms CPU; ` +
      `Atheme PBKDF2-SHA512 ${hashes.rounds} rounds = ${hashes.pbkdf2Ms.toFixed(1)} ms CPU (both measured here, one thread, OpenSSL in Node)`,
  ];
  if (a && c) {
    lines.push(
      `CPU per IDENTIFY in the burst, whole process: Atheme ${a.cpuPerIdentify?.toFixed(1) ?? "n/a"} ms, Custodian ${c.cpuPerIdentify?.toFixed(1) ?? "n/a"} ms`,
    );
  }
  lines.push(
    "limits: ircd fakelag off and thresholds huge; Atheme flood_msgs/ratelimit off; Custodian [flood], login throttle, per-host registration limit, mail rates lifted",
    `workloads run on services holding ${o.BASE.toLocaleString("en-US")} accounts (each program's own database format); INFO asks for any of them`,
    `start-up: median of ${o.STARTUP_RUNS} runs; RSS 2 s after the first reply. Custodian runs as \`node dist/cli.js\`, whose launcher starts Node`,
    "  a second time with GLIBC_TUNABLES=glibc.malloc.arena_max=1; \"GLIBC_TUNABLES preset\": started with it set, as the README's systemd unit does",
    "",
    table(rows),
  );
  const cpuLines = [];
  for (const [name, r] of [...Object.entries(w), ...(results.echoInfo ? [["echo services", { info: results.echoInfo }]] : [])]) {
    for (const [key, label] of [["register", "REGISTER burst"], ["identify", "IDENTIFY burst"], ["info", "INFO flood"]]) {
      const u = r[key]?.cpu;
      if (!u) continue;
      const share = (x) => `${x.toFixed(2)} s (${((100 * x) / u.wallS).toFixed(0)}% of a core)`;
      const per = key === "info" ? ` = per request: services ${((u.servicesS * 1e6) / r[key].n).toFixed(0)} µs, ircd ${((u.ircdS * 1e6) / r[key].n).toFixed(0)} µs, clients ${((u.clientsS * 1e6) / r[key].n).toFixed(0)} µs` : "";
      cpuLines.push(`  ${name} ${label}: ${u.wallS.toFixed(2)} s wall; CPU services ${share(u.servicesS)}, ircd ${share(u.ircdS)}, clients ${share(u.clientsS)}, other processes ${share(Math.max(0, u.othersS))}${per}`);
    }
  }
  if (cpuLines.length) lines.push("", `where the CPU went (${m.cores} cores = ${m.cores * 100}% of a core):`, ...cpuLines);
  const memLines = [];
  for (const [name, r] of Object.entries(w)) {
    const k = r.afterBurst?.kinds;
    if (!k) continue;
    const mib = (v) => `${(v / MiB).toFixed(1)}`;
    memLines.push(`  ${name}: program file ${mib(k.program)}, libraries ${mib(k.libraries)}, malloc [heap] ${mib(k.heap)}, anonymous (V8 heap, thread arenas) ${mib(k.anonymous)}, other ${mib(k.other)} MiB`);
  }
  if (memLines.length) lines.push("", "RSS after the login bursts, by mapping:", ...memLines);
  const failures = [];
  for (const [name, r] of Object.entries(w)) {
    for (const key of ["register", "identify", "sequentialRegister", "sequentialIdentify", "info"]) {
      const f = r[key];
      if (f && f.ok < f.n) failures.push(`${name} ${key}: ${f.n - f.ok} of ${f.n} failed (${f.failures.join(" / ")})`);
    }
  }
  if (failures.length) lines.push("", "failed requests (not counted in the figures):", ...failures.map((f) => `  ${f}`));
  return lines.join("\n");
}
