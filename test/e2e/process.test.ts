import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningIrcd } from "../../src/sandbox/inspircd.js";
import { connectClient } from "./harness/client.js";
import { SERVICES_NAME, servicesToml, startIrcd } from "./harness/stack.js";
import { runCli, startServicesProcess, type ServicesProcess } from "./harness/process.js";

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

  it("runs with glibc's malloc limited to one arena: the launcher starts Node again with it (same process)", async () => {
    await services?.stop("SIGTERM");
    services = startServicesProcess(configPath);
    await services.ready();
    const environ = readFileSync(`/proc/${services.process.pid}/environ`, "utf8").split("\0");
    expect(environ).toContain("GLIBC_TUNABLES=glibc.malloc.arena_max=1");
  });
});
