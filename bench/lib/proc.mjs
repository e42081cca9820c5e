/** Figures about a process from /proc (Linux): memory and CPU time. */
import { readFileSync } from "node:fs";
import os from "node:os";

/** VmRSS and VmHWM (peak) in bytes; NaN when the process is gone. */
export function memory(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN) * 1024;
    return { rss: field("VmRSS"), hwm: field("VmHWM") };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (user + system, all threads) the process has used so far, in ms. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the command: state(0) ... utime is field 14 of stat, i.e. index 11 here; stime 12.
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return NaN;
  }
}

/**
 * Where a process's RSS is, by kind of mapping (/proc/<pid>/smaps): the program's own file, other
 * files (libraries), the malloc heap ([heap] and anonymous mappings glibc made for thread arenas
 * cannot be told apart from V8's, so anonymous is one figure), and the stacks. Bytes.
 */
export function rssByKind(pid) {
  const kinds = { program: 0, libraries: 0, heap: 0, anonymous: 0, other: 0 };
  let kind = "other";
  try {
    const exe = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
    for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
      const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
      if (head) {
        const name = head[1];
        kind = name === "" ? "anonymous" : name === "[heap]" ? "heap" : name === exe || name.endsWith(`/${exe.split("/").pop()}`) ? "program" : name.startsWith("/") ? "libraries" : "other";
        continue;
      }
      if (line.startsWith("Rss:")) kinds[kind] += Number(line.split(/\s+/)[1]) * 1024;
    }
  } catch {
    // The process is gone: no figures.
  }
  return kinds;
}

/** CPU time (ms) all processes of the machine have used so far (/proc/stat: all but idle and iowait). */
export function machineBusyMs() {
  try {
    const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks.map(Number);
    return (user + nice + system + irq + softirq + steal) * TICK_MS;
  } catch {
    return NaN;
  }
}

/** A description of the machine for the report. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "?",
    cores: os.availableParallelism(),
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    kernel: os.release(),
    node: process.version,
    load: os.loadavg().map((l) => l.toFixed(2)).join(" "),
  };
}
