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
