import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig, resolveConfigPaths } from "../../src/config/load.js";
import { sandboxConfigText } from "../../src/sandbox/config.js";
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
