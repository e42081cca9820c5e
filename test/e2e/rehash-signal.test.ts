/**
 * SIGHUP (what `systemctl reload` sends) re-reads services.conf in a running services process
 * (dist/cli.js): a new oper gets their privileges at once, without a logout or a relink.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningIrcd } from "../../src/sandbox/inspircd.js";
import { connectClient, type TestClient } from "./harness/client.js";
import { eventually, servicesToml, startIrcd } from "./harness/stack.js";
import { startServicesProcess, type ServicesProcess } from "./harness/process.js";

describe("SIGHUP", () => {
  let dir: string;
  let ircd: RunningIrcd;
  let services: ServicesProcess | undefined;
  let client: TestClient | undefined;
  let configPath: string;
  let clientPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "custodian-hup-"));
    const started = await startIrcd(dir);
    ircd = started.ircd;
    clientPort = started.clientPort;
    configPath = join(dir, "services.conf");
    writeFileSync(configPath, servicesToml({ linkPort: started.linkPort, dbPath: join(dir, "custodian.db"), mailDir: join(dir, "mail"), logLevel: "info", sections: { mail: 'delay = "0"' } }));
  });

  afterAll(async () => {
    await client?.quit();
    await services?.stop("SIGKILL");
    await ircd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("re-reads services.conf: a new oper can use REVIEW LIST, still logged in, on the same link", async () => {
    services = startServicesProcess(configPath);
    await services.ready();
    client = await connectClient({ port: clientPort, nick: "HupOper" });
    client.say("NickServ", "REGISTER hupoper-pass-1 hupoper@example.org");
    await client.waitNotice("NickServ", (t) => t.includes("is now registered"));
    const code = await eventually(() => {
      const files = (() => {
        try {
          return readdirSync(join(dir, "mail")).filter((f) => f.endsWith(".eml"));
        } catch {
          return [];
        }
      })();
      for (const file of files) {
        const match = /VERIFY REGISTER HupOper (\S+)/.exec(readFileSync(join(dir, "mail", file), "utf8"));
        if (match) return match[1];
      }
      return null;
    }, 10_000, "the verification mail");
    client.say("NickServ", `VERIFY REGISTER HupOper ${code}`);
    await client.waitNotice("NickServ", (t) => t === "You are now logged in as HupOper.");
    client.say("OperServ", "REVIEW LIST");
    expect(await client.waitNotice("OperServ")).toBe("REVIEW needs the review privilege, which your account does not have.");

    writeFileSync(configPath, readFileSync(configPath, "utf8").replace('StaffOne = "admin"', 'StaffOne = "admin"\nHupOper = "admin"'));
    const linksBefore = services.output().split("link ready").length;
    services.process.kill("SIGHUP");
    await eventually(() => services!.output().includes('"msg":"configuration reloaded"'), 10_000, "the reload in the log");
    expect(services.output()).toMatch(/"changed":\["opers\.HupOper"\]/);

    client.say("OperServ", "REVIEW LIST");
    expect(await client.waitNotice("OperServ")).toBe("No request is held or waiting for verification.");
    expect(client.account).toBe("HupOper");
    expect(services.output().split("link ready").length).toBe(linksBefore);
  });
});
