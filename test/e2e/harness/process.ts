/** Custodian as a separate process (dist/cli.js), for tests of start-up, restarts and the CLI. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const CLI = fileURLToPath(new URL("../../../dist/cli.js", import.meta.url));

export interface ServicesProcess {
  process: ChildProcess;
  output(): string;
  /** Resolves when the log shows the link is ready. */
  ready(timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"], env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

export function startServicesProcess(configPath: string, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ServicesProcess {
  const cwd = options.cwd ?? join(CLI, "..", "..");
  const child = spawn(process.execPath, [CLI, "--config", configPath], { cwd, stdio: ["ignore", "pipe", "pipe"], env: options.env ?? process.env });
  let out = "";
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const wake of [...waiters]) wake();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  let exited: number | null | undefined;
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      exited = code;
      for (const wake of [...waiters]) wake();
      resolve(code);
    }),
  );
  return {
    process: child,
    output: () => out,
    ready(timeoutMs = 15_000) {
      let seen = 0;
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (exited !== undefined) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`Custodian exited (${exited}) before linking:\n${out.slice(-3000)}`));
            return;
          }
          const count = out.split("link ready").length - 1;
          if (count > seen) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Custodian did not link within ${timeoutMs} ms:\n${out.slice(-3000)}`));
        }, timeoutMs);
        seen = 0;
        waiters.add(check);
        check();
      });
    },
    async stop(signal = "SIGTERM") {
      if (exited !== undefined) return exited;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}
