import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig, resolveConfigPaths } from "../../src/config/load.js";
import { sandboxBanner } from "../../src/sandbox/banner.js";
import { sandboxConfigText } from "../../src/sandbox/config.js";
import { inspircdConfig, SANDBOX_NETWORK } from "../../src/sandbox/inspircd.js";
import { checkSandboxPorts, portInUse, portOwner } from "../../src/sandbox/ports.js";

const EXAMPLE = readFileSync(fileURLToPath(new URL("../../services.conf.example", import.meta.url)), "utf8");

describe("the sandbox's services.conf", () => {
  it("is the example with file mail and the database next to it in data/", () => {
    const parsed = parseConfig(sandboxConfigText(EXAMPLE), "data/services.conf");
    if (!parsed.ok) throw new Error(parsed.error.join("\n"));
    const config = resolveConfigPaths(parsed.value, "/repo/data");
    expect(config.mail.transport).toBe("file");
    expect(config.mail.dir).toBe("/repo/data/mail");
    expect(config.database.path).toBe("/repo/data/custodian.db");
    expect(config.server.name).toBe("services.sandbox.local");
  });

  it("exempts loopback from the per-host limits, holds mail 30 s and names the sandbox's network", () => {
    const parsed = parseConfig(sandboxConfigText(EXAMPLE), "data/services.conf");
    if (!parsed.ok) throw new Error(parsed.error.join("\n"));
    expect(parsed.value.abuse.exempt_addresses).toEqual(["127.0.0.0/8", "::1/128"]);
    expect(parsed.value.mail.delay).toBe(30_000);
    expect(parsed.value.mail.network_name).toBe(SANDBOX_NETWORK);
    expect(inspircdConfig({ serverName: "irc.sandbox.local", clientPort: 6667, linkPort: 7000, servicesName: "s.l", sendPassword: "a", receivePassword: "b", dir: "/tmp/x" }, [])).toContain(
      `network="${SANDBOX_NETWORK}"`,
    );

    const banner = sandboxBanner(resolveConfigPaths(parsed.value, "/repo/data"), { clientPort: 6667, configPath: "/repo/data/services.conf", pid: 42 });
    expect(banner).toContain(`Sandbox network ${SANDBOX_NETWORK} is up.`);
    expect(banner).toContain("Channel registration mail (X2 REGISTER) waits 30s before it is sent ([mail] delay: the time staff have to step in); other mail leaves at once");
    expect(banner).toContain("loopback is exempt from the per-host registration limits ([abuse] exempt_addresses)");
    expect(banner).toContain("/repo/data/mail (cat the .eml files)");
  });

  it("tells the user of an older sandbox config how to get loopback exempt", () => {
    const parsed = parseConfig(EXAMPLE.replace('transport = "smtp"', 'transport = "file"'), "data/services.conf");
    if (!parsed.ok) throw new Error(parsed.error.join("\n"));
    const banner = sandboxBanner(parsed.value, { clientPort: 6667, configPath: "data/services.conf", pid: 1 });
    expect(banner).toContain('add "127.0.0.0/8" and "::1/128" to [abuse] exempt_addresses in data/services.conf, or delete that file');
    expect(banner).toContain("Channel registration mail (X2 REGISTER) waits 5m before it is sent");
  });

  it("refuses to guess when the example no longer has a line it changes", () => {
    expect(() => sandboxConfigText(EXAMPLE.replace('transport = "smtp"', 'transport = "file"'))).toThrow(/transport/);
  });
});

describe("the sandbox's port check", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function listen(): Promise<number> {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return (server.address() as { port: number }).port;
  }

  it("names the program holding a port and how to choose another", async () => {
    const port = await listen();
    expect(await portInUse(port)).toBe(true);
    expect(portOwner(port)).toMatchObject({ pid: process.pid });
    const message = await checkSandboxPorts([{ port, role: "client port", howToChange: "set SANDBOX_CLIENT_PORT" }]);
    expect(message).toContain(`client port 127.0.0.1:${port} is already in use by`);
    expect(message).toContain(`(pid ${process.pid})`);
    expect(message).toContain("set SANDBOX_CLIENT_PORT");
  });

  it("says nothing when the ports are free", async () => {
    const port = await listen();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    expect(await portInUse(port)).toBe(false);
    expect(await checkSandboxPorts([{ port, role: "client port", howToChange: "x" }])).toBeNull();
  });
});
