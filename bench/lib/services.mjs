/**
 * The two services packages the comparison drives, behind one shape:
 * `start({ dir, database })` -> { pid, stop(), kill() }, plus how each one's replies end.
 *
 * Atheme runs through the shared runner (test/e2e/harness/atheme.mjs); Custodian as dist/cli.js
 * in a child process. Both link to the same InspIRCd with flood limits out of the way.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const exited = (child) => child.exitCode !== null || child.signalCode !== null;
const waitExit = (child) => (exited(child) ? Promise.resolve() : new Promise((r) => child.once("exit", () => r())));

/** End-of-reply tests: "ok", "fail", or falsy for a line that does not end the reply. */
const failure = /invalid|incorrect|not registered|not verified|too fast|busy|wrong|denied|cannot|already|failed|error|limit/i;
const ends = (ok) => (text) => (ok.test(text) ? "ok" : failure.test(text) && !/ is now registered /.test(text) ? "fail" : null);

export function athemeDriver({ startAtheme, uplinkName, linkPort, pbkdf2Rounds }) {
  return {
    name: "Atheme",
    label: "Atheme",
    verifies: false,
    replies: {
      register: ends(/ is now registered to /),
      identify: ends(/^You are now identified for /),
      logout: ends(/^You have been logged out/),
      info: (t) => (/End of Info/.test(t) ? "ok" : / is not registered\.$/.test(t) ? "fail" : null),
    },
    /** `database`: a services.db the runner copies in first (the start-up rows put it in place themselves, untimed). */
    async start({ dir, database }) {
      const atheme = await startAtheme({ dir, ...(database ? { database } : {}), uplink: { name: uplinkName, port: linkPort }, pbkdf2Rounds, pbkdf2Digest: "SHA512", startTimeoutMs: 600_000 });
      return {
        pid: atheme.process.pid,
        /** startAtheme resolves once Atheme has linked and finished its burst. */
        linked: async () => {},
        dbPath: atheme.dbPath,
        logTail: () => atheme.logTail(),
        /** SIGTERM: Atheme writes its database and exits. */
        stop: () => atheme.stop(),
        async kill() {
          atheme.process.kill("SIGKILL");
          await waitExit(atheme.process);
        },
      };
    },
  };
}

/**
 * `nodeArgs`: extra node options for the child (e.g. --cpu-prof, for profiling a workload);
 * `env`: extra environment (e.g. GLIBC_TUNABLES as a service manager would set it); `label`: the
 * name in the log.
 */
export function custodianDriver({ cli, linkPort, servicesName, sendPassword, receivePassword, nodeArgs = [], env = {}, label = "Custodian" }) {
  return {
    name: "Custodian",
    label,
    verifies: true,
    replies: {
      // The last line of the REGISTER reply.
      register: ends(/SET EXPMAIL OFF$/),
      verify: ends(/^You are now logged in as /),
      identify: ends(/^You are now logged in as /),
      logout: ends(/^You have been logged out/),
      info: (t) => (/End of Info/.test(t) ? "ok" : / is not registered\.$/.test(t) ? "fail" : null),
    },
    async start({ dir, database }) {
      mkdirSync(dir, { recursive: true });
      const mailDir = join(dir, "mail");
      const confPath = join(dir, "services.conf");
      const logPath = join(dir, "custodian.log");
      writeFileSync(
        confPath,
        `[server]
name = "${servicesName}"
sid = "42X"
description = "Custodian under the comparison bench"

[uplink]
host = "127.0.0.1"
port = ${linkPort}
send_password = "${sendPassword}"
receive_password = "${receivePassword}"

[database]
path = "${database ?? join(dir, "custodian.db")}"

[log]
level = "info"
file = "${logPath}"

[mail]
transport = "file"
dir = "${mailDir}"
from = "services@bench.local"
network_name = "BenchNet"
per_hour = 1000000
per_address_per_hour = 1000

[nickserv]
# Every bench client connects from 127.0.0.1.
registrations_per_host_per_day = 0

[security]
login_attempts_per_minute = 1000000
failure_alert_threshold = 1000000

[flood]
messages = 1000000
`,
        { mode: 0o600 },
      );
      const child = spawn(process.execPath, [...nodeArgs, cli, "--config", confPath], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      const keep = (d) => (output = (output + d).slice(-8000));
      child.stdout.on("data", keep);
      child.stderr.on("data", keep);
      const killOnExit = () => child.kill("SIGKILL");
      process.once("exit", killOnExit);
      child.once("exit", () => process.removeListener("exit", killOnExit));
      const readLog = () => {
        try {
          return readFileSync(logPath, "utf8");
        } catch {
          return "";
        }
      };
      return {
        pid: child.pid,
        mailDir,
        /**
         * Resolves once the link is up. Clients should connect only then: one that registers while
         * the link comes up sees CAP NEW sasl, and irc-framework then never ends its negotiation.
         */
        async linked(timeoutMs = 60_000) {
          const deadline = Date.now() + timeoutMs;
          while (!/link ready/.test(readLog())) {
            if (exited(child) || Date.now() > deadline) throw new Error(`Custodian did not link:\n${output}`);
            await new Promise((r) => setTimeout(r, 20));
          }
        },
        logTail: () => `${output}\n${readLog().slice(-4000)}`,
        async stop() {
          if (exited(child)) return;
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
          await waitExit(child);
          clearTimeout(timer);
        },
        async kill() {
          child.kill("SIGKILL");
          await waitExit(child);
        },
      };
    },
  };
}

/** Services that answer INFO with a fixed reply and nothing else (bench/lib/echo-services.mjs). */
export function echoDriver({ script, linkPort, sendPassword, receivePassword }) {
  return {
    name: "Echo",
    label: "trivial echo services",
    replies: { info: (t) => (/End of Info/.test(t) ? "ok" : null) },
    async start() {
      const child = spawn(process.execPath, [script, String(linkPort), sendPassword, receivePassword], { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      const killOnExit = () => child.kill("SIGKILL");
      process.once("exit", killOnExit);
      child.once("exit", () => process.removeListener("exit", killOnExit));
      return {
        pid: child.pid,
        async linked(timeoutMs = 30_000) {
          const deadline = Date.now() + timeoutMs;
          while (!output.includes("ready")) {
            if (exited(child) || Date.now() > deadline) throw new Error(`echo services did not link:\n${output}`);
            await new Promise((r) => setTimeout(r, 20));
          }
        },
        logTail: () => output.slice(-4000),
        async stop() {
          if (exited(child)) return;
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
          await waitExit(child);
          clearTimeout(timer);
        },
        kill: async () => {
          child.kill("SIGKILL");
          await waitExit(child);
        },
      };
    },
  };
}

/** The verification codes in Custodian's mailed .eml files, by recipient address. */
export function mailedCodes(mailDir) {
  const codes = new Map();
  let files = [];
  try {
    files = readdirSync(mailDir).filter((f) => f.endsWith(".eml"));
  } catch {
    return codes;
  }
  for (const file of files) {
    const text = readFileSync(join(mailDir, file), "utf8");
    const to = /^To: (\S+)$/m.exec(text)?.[1]?.toLowerCase();
    const code = /VERIFY REGISTER \S+ ([A-Z2-9]{20})/.exec(text)?.[1];
    if (to && code) codes.set(to, code);
  }
  return codes;
}
