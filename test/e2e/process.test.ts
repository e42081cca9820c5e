import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningIrcd } from "../../src/sandbox/inspircd.js";
import { connectClient } from "./harness/client.js";
import { SERVICES_NAME, servicesToml, startIrcd } from "./harness/stack.js";
import { CLI, runCli, startServicesProcess, type ServicesProcess } from "./harness/process.js";

/**
 * Loaded into every Node process image through NODE_OPTIONS: prints its pid and GLIBC_TUNABLES
 * when it starts, and at exit where a position of the bundled command (the line that reports a
 * valid file) maps to through the source maps Node loaded, if it loaded any.
 */
const PROBE = `
import { readFileSync, writeSync } from "node:fs";
import { findSourceMap } from "node:module";
import { pathToFileURL } from "node:url";
writeSync(2, "probe: start pid=" + process.pid + " tunables=" + (process.env.GLIBC_TUNABLES ?? "") + "\\n");
process.on("exit", () => {
  const chunk = ${JSON.stringify(join(CLI, "..", "chunks", "command-line.js"))};
  const map = findSourceMap(pathToFileURL(chunk).href) ?? findSourceMap(chunk);
  const lines = readFileSync(chunk, "utf8").split("\\n");
  const line = lines.findIndex((l) => l.includes("configuration is valid."));
  const entry = line < 0 ? undefined : map?.findEntry(line, lines[line].indexOf("configuration is valid."));
  writeSync(2, "probe: exit mapped-to=" + (entry?.originalSource ?? "nothing") + "\\n");
});
`;

/** The probe's start lines: one per process image (the launcher's execve makes a second one). */
const starts = (output: string): Array<{ pid: string; tunables: string }> =>
  [...output.matchAll(/probe: start pid=(\d+) tunables=(\S*)/g)].map((m) => ({ pid: m[1] as string, tunables: m[2] as string }));

describe("the custodian command", () => {
  let dir: string;
  let ircd: RunningIrcd;
  let configPath: string;
  let services: ServicesProcess | undefined;
  let clientPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "custodian-proc-"));
    const started = await startIrcd(dir);
    ircd = started.ircd;
    clientPort = started.clientPort;
    configPath = join(dir, "services.conf");
    // No mail is sent here; it would go to files.
    writeFileSync(configPath, servicesToml({ linkPort: started.linkPort, dbPath: join(dir, "custodian.db"), mailDir: join(dir, "mail"), logLevel: "info" }));
  });

  afterAll(async () => {
    await services?.stop("SIGKILL");
    await ircd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("--check-config accepts a valid file and names the key and line of a bad one", async () => {
    const good = await runCli(["--check-config", configPath]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/valid/);
    const badPath = join(dir, "bad.conf");
    writeFileSync(badPath, '[server]\nname = "services.test.local"\nsid = "42X"\nnmae = "x"\n');
    const bad = await runCli(["--check-config", badPath]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.conf:4: server\.nmae: unknown key/);
    expect(bad.stderr).toMatch(/uplink/);
  });

  it("links, and relinks after being killed and started again on the same database", async () => {
    services = startServicesProcess(configPath);
    await services.ready();
    const client = await connectClient({ port: clientPort, nick: "ProcUser" });
    expect((await client.whois("X2")).server).toBe(SERVICES_NAME);

    expect(await services.stop("SIGKILL")).toBe(null);
    services = startServicesProcess(configPath);
    await services.ready();
    expect((await client.whois("OperServ")).server).toBe(SERVICES_NAME);

    await services.stop("SIGTERM");
    services = startServicesProcess(configPath);
    await services.ready();
    client.say("NickServ", "HELP");
    await client.waitNotice("NickServ", (t) => t.includes("End of Help"));
    await client.quit();
  });

  it("starts Node again only to run the services, in the same process, keeping other tunables; stack traces map to src/", async () => {
    await services?.stop("SIGTERM");
    const probePath = join(dir, "probe.mjs");
    writeFileSync(probePath, PROBE);
    const { GLIBC_TUNABLES: _unset, ...base } = process.env;
    const env = { ...base, NODE_OPTIONS: `--import=${probePath}` };

    // Short commands run once, untuned; the bundle's source maps are loaded and point into src/.
    const check = await runCli(["--check-config", configPath], env);
    expect(check.code).toBe(0);
    expect(starts(check.stderr)).toHaveLength(1);
    expect(check.stderr).toMatch(/probe: exit mapped-to=file:\/\/\S*\/src\/command-line\.ts/);
    expect(starts((await runCli(["--version"], env)).stderr)).toHaveLength(1);
    expect(starts((await runCli(["backup", "--config", configPath, join(dir, "probe-backup.db")], env)).stderr)).toHaveLength(1);

    const run = async (tunables: string | undefined) => {
      services = startServicesProcess(configPath, { env: tunables === undefined ? env : { ...env, GLIBC_TUNABLES: tunables } });
      await services.ready();
      const seen = starts(services.output());
      expect(await services.stop("SIGTERM")).toBe(0);
      return seen;
    };
    const fresh = await run(undefined);
    expect(fresh.map((s) => s.tunables)).toEqual(["", "glibc.malloc.arena_max=1"]);
    expect(fresh[1]?.pid).toBe(fresh[0]?.pid);
    expect((await run("glibc.malloc.tcache_count=0")).map((s) => s.tunables)).toEqual([
      "glibc.malloc.tcache_count=0",
      "glibc.malloc.tcache_count=0:glibc.malloc.arena_max=1",
    ]);
    expect((await run("glibc.malloc.arena_max=2")).map((s) => s.tunables)).toEqual(["glibc.malloc.arena_max=2"]);
  });

  it("stops once, cleanly, when a second signal follows the first", async () => {
    await services?.stop("SIGTERM");
    services = startServicesProcess(configPath);
    await services.ready();
    services.process.kill("SIGTERM");
    services.process.kill("SIGINT");
    expect(await services.stop()).toBe(0);
    expect(services.output()).toMatch(/"msg":"stopped"/);
  });

  it("runs with glibc's malloc limited to one arena: the launcher starts Node again with it (same process)", async () => {
    await services?.stop("SIGTERM");
    services = startServicesProcess(configPath);
    await services.ready();
    const environ = readFileSync(`/proc/${services.process.pid}/environ`, "utf8").split("\0");
    expect(environ).toContain("GLIBC_TUNABLES=glibc.malloc.arena_max=1");
  });
});
