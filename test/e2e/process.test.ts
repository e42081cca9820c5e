import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startInspircd, type RunningIrcd } from "../../src/sandbox/inspircd.js";
import { connectClient } from "./harness/client.js";
import { RECEIVE_PASSWORD, SEND_PASSWORD, SERVICES_NAME, servicesToml } from "./harness/stack.js";
import { runCli, startServicesProcess, type ServicesProcess } from "./harness/process.js";

describe("the custodian command", () => {
  let dir: string;
  let ircd: RunningIrcd;
  let configPath: string;
  let services: ServicesProcess | undefined;
  let clientPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "custodian-proc-"));
    clientPort = await freePort();
    const linkPort = await freePort();
    ircd = await startInspircd({
      serverName: "irc.test.local",
      sid: "001",
      clientPort,
      linkPort,
      servicesName: SERVICES_NAME,
      sendPassword: SEND_PASSWORD,
      receivePassword: RECEIVE_PASSWORD,
      dir,
    });
    configPath = join(dir, "services.conf");
    // The SMTP port is never used here (no mail is sent); mail goes to the file transport.
    writeFileSync(
      configPath,
      servicesToml({ linkPort, dbPath: join(dir, "custodian.db"), smtpPort: 1, logLevel: "info" }).replace(
        'transport = "smtp"',
        `transport = "file"\ndir = "${join(dir, "mail")}"`,
      ),
    );
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
});
