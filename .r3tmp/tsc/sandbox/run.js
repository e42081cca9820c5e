/**
 * `npm run sandbox`: a local network for trying Custodian. Installs InspIRCd from Debian when it is
 * missing, starts it on 127.0.0.1:6667 for clients (SANDBOX_CLIENT_PORT chooses another), and
 * links Custodian to it with data/services.conf (made from services.conf.example on first run,
 * with the sandbox's settings: config.ts). Mail is written to data/mail.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfigFile } from "../config/load.js";
import { startServices } from "../main.js";
import { installProcessGuards } from "../wiring/process-guards.js";
import { sandboxBanner } from "./banner.js";
import { sandboxConfigText } from "./config.js";
import { inspircdBinary, startInspircd } from "./inspircd.js";
import { checkSandboxPorts } from "./ports.js";
const CLIENT_PORT = Number(process.env.SANDBOX_CLIENT_PORT ?? 6667);
function ensureInspircd() {
    if (existsSync(inspircdBinary()))
        return;
    console.log("InspIRCd is not installed; installing Debian's package (apt-get install -y inspircd)...");
    const asRoot = process.getuid?.() === 0;
    const run = (args) => execFileSync(asRoot ? args[0] : "sudo", asRoot ? args.slice(1) : args, {
        stdio: "inherit",
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    run(["apt-get", "update"]);
    run(["apt-get", "install", "-y", "inspircd"]);
}
async function main() {
    ensureInspircd();
    const dataDir = resolve("data");
    mkdirSync(dataDir, { recursive: true });
    const configPath = resolve(dataDir, "services.conf");
    if (!existsSync(configPath)) {
        writeFileSync(configPath, sandboxConfigText(readFileSync(resolve("services.conf.example"), "utf8")));
        console.log(`Wrote ${configPath} from services.conf.example; edit it to try other settings.`);
    }
    const loaded = loadConfigFile(configPath);
    if (!loaded.ok) {
        console.error(`${configPath} has errors:\n  ${loaded.error.join("\n  ")}`);
        process.exit(1);
    }
    const config = loaded.value;
    const oldLayout = resolve(dataDir, "custodian.db");
    if (config.database.path !== oldLayout && existsSync(oldLayout) && !existsSync(config.database.path)) {
        console.log(`Note: paths in ${configPath} are now read relative to ${dataDir}; to keep using ${oldLayout}, ` +
            `set [database] path = "custodian.db" (and [mail] dir = "mail") there.`);
    }
    const busy = await checkSandboxPorts([
        { port: CLIENT_PORT, role: "client port", howToChange: `choose another port: SANDBOX_CLIENT_PORT=${CLIENT_PORT + 1} npm run sandbox` },
        { port: config.uplink.port, role: "server link port", howToChange: `choose another port in ${configPath} ([uplink] port)` },
    ]);
    if (busy) {
        console.error(busy);
        process.exit(1);
    }
    const ircd = await startInspircd({
        serverName: "irc.sandbox.local",
        sid: config.server.sid === "001" ? "002" : "001",
        clientPort: CLIENT_PORT,
        linkPort: config.uplink.port,
        servicesName: config.server.name,
        sendPassword: config.uplink.send_password,
        receivePassword: config.uplink.receive_password,
        dir: resolve(dataDir, "ircd"),
    });
    const app = startServices(config, { configPath });
    installProcessGuards((where, error) => app.faults.report(where, error));
    await app.ready;
    console.log(sandboxBanner(config, { clientPort: CLIENT_PORT, configPath, pid: process.pid }));
    let stopping = false;
    const stop = async (signal) => {
        if (stopping)
            return;
        stopping = true;
        await app.stop(`Sandbox stopping (${signal})`);
        await ircd.stop();
        process.exit(0);
    };
    process.on("SIGINT", () => void stop("SIGINT"));
    process.on("SIGTERM", () => void stop("SIGTERM"));
    // As in production: re-read data/services.conf (REHASH does the same from IRC).
    process.on("SIGHUP", () => void app.services.configuration.rehash("system"));
}
main().catch((error) => {
    console.error(`sandbox: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
//# sourceMappingURL=run.js.map