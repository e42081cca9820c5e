/** The custodian command: arguments, config check, start and signals, subcommands. Loaded by the launcher, cli.ts. */
import { parseArgs } from "node:util";
import { loadConfigFile } from "./config/load.js";
import { IMPORT_USAGE, runImportAtheme } from "./cli/import-atheme.js";
import { startServices } from "./main.js";
import { installProcessGuards } from "./wiring/process-guards.js";
import { VERSION } from "./version.js";
import { BACKUP_USAGE, backupCommand } from "./cli/backup.js";
/** Subcommands: `custodian <name> ...`; each parses its own arguments and returns an exit code. */
const SUBCOMMANDS = {
    backup: { usage: BACKUP_USAGE, run: backupCommand },
    "import-atheme": { usage: IMPORT_USAGE.replace(/^Usage: /, ""), run: runImportAtheme },
};
const USAGE = [
    "Usage: custodian --config FILE        run the services",
    "       custodian --check-config FILE  validate a config file and exit",
    ...Object.values(SUBCOMMANDS).map((s) => `       ${s.usage}`),
    "       custodian --version",
].join("\n");
function main(argv) {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: {
                config: { type: "string", short: "c" },
                "check-config": { type: "string" },
                version: { type: "boolean" },
                help: { type: "boolean", short: "h" },
            },
            allowPositionals: false,
        });
    }
    catch (error) {
        console.error(`custodian: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
        return 2;
    }
    const { values } = parsed;
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    if (values.version) {
        console.log(`custodian ${VERSION}`);
        return 0;
    }
    const path = values["check-config"] ?? values.config;
    if (!path) {
        console.error(USAGE);
        return 2;
    }
    const loaded = loadConfigFile(path);
    if (!loaded.ok) {
        console.error(`custodian: ${path} has ${loaded.error.length} error(s):`);
        for (const line of loaded.error)
            console.error(`  ${line}`);
        return 1;
    }
    if (values["check-config"]) {
        console.log(`${path}: configuration is valid.`);
        return 0;
    }
    let app;
    try {
        app = startServices(loaded.value, { configPath: path });
    }
    catch (error) {
        console.error(`custodian: could not start: ${error instanceof Error ? error.message : String(error)}`);
        return 1;
    }
    const faults = app.faults;
    installProcessGuards((where, error) => faults.report(where, error));
    const shutdown = (signal) => {
        void app.stop(`Services shutting down (${signal})`).then(() => process.exit(0));
        setTimeout(() => process.exit(1), 5000).unref();
    };
    process.on("SIGINT", () => shutdown("SIGINT"));
    process.on("SIGTERM", () => shutdown("SIGTERM"));
    // `systemctl reload`: re-read services.conf; the outcome is logged (and audited).
    process.on("SIGHUP", () => void app.services.configuration.rehash("system"));
    return undefined;
}
const argv = process.argv.slice(2);
const subcommand = argv[0] !== undefined && Object.hasOwn(SUBCOMMANDS, argv[0]) ? SUBCOMMANDS[argv[0]] : undefined;
if (subcommand) {
    process.exitCode = await subcommand.run(argv.slice(1));
}
else {
    const code = main(argv);
    if (code !== undefined)
        process.exitCode = code;
}
//# sourceMappingURL=command-line.js.map