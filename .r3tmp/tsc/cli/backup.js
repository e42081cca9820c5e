/** `custodian backup --config FILE OUT.db`: an online copy of the live database, checked. */
import { parseArgs } from "node:util";
import { loadConfigFile } from "../config/load.js";
import { backupDatabase } from "../db/backup.js";
export const BACKUP_USAGE = "custodian backup --config FILE OUT.db   copy the live database (safe while the services run)";
export async function backupCommand(argv) {
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options: { config: { type: "string", short: "c" } }, allowPositionals: true });
    }
    catch (error) {
        console.error(`custodian backup: ${error instanceof Error ? error.message : String(error)}\nUsage: ${BACKUP_USAGE}`);
        return 2;
    }
    const { values, positionals } = parsed;
    if (!values.config || positionals.length !== 1) {
        console.error(`Usage: ${BACKUP_USAGE}`);
        return 2;
    }
    const loaded = loadConfigFile(values.config);
    if (!loaded.ok) {
        console.error(`custodian: ${values.config} has ${loaded.error.length} error(s):`);
        for (const line of loaded.error)
            console.error(`  ${line}`);
        return 1;
    }
    const result = await backupDatabase(loaded.value.database.path, positionals[0]);
    if (!result.ok) {
        console.error(`custodian backup: ${result.error}`);
        return 1;
    }
    const r = result.value;
    console.log(`Backup written to ${r.path}: ${r.pages} pages, ${r.bytes} bytes, schema version ${r.schemaVersion}, ` +
        `integrity_check ok, in ${r.ms} ms.`);
    return 0;
}
//# sourceMappingURL=backup.js.map