/**
 * `custodian import-atheme --config FILE ATHEME_DB [--dry-run] [--merge]`: imports an Atheme
 * database into the database that FILE names, in one transaction, and prints the report.
 * A dry run works on an in-memory copy of the database, so the file is never opened for writing.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import { loadConfigFile } from "../config/load.js";
import { openDatabase } from "../db/connection.js";
import { defaultMigrationsDir, migrate } from "../db/migrate.js";
import { importAtheme } from "../services/import/atheme/index.js";
import { systemClock } from "../util/clock.js";
export const IMPORT_USAGE = "Usage: custodian import-atheme --config FILE ATHEME_DB [--dry-run] [--merge]";
/** The database a dry run works on: a private in-memory copy (migrated), or an empty one. */
function dryRunDatabase(path) {
    let db;
    if (path !== ":memory:" && existsSync(path)) {
        // Opened read-write so that SQLite can read a WAL database (its -shm), but nothing is written.
        const source = new BetterSqlite3(path, { fileMustExist: true });
        try {
            const image = source.serialize();
            // A WAL database's header says so (bytes 18-19 = 2); an in-memory copy needs the rollback journal (1).
            image[18] = 1;
            image[19] = 1;
            db = new BetterSqlite3(image);
        }
        finally {
            source.close();
        }
    }
    else
        db = new BetterSqlite3(":memory:");
    db.pragma("foreign_keys = ON");
    return db;
}
export async function runImportAtheme(args, out = console.log, errOut = console.error) {
    let parsed;
    try {
        parsed = parseArgs({
            args,
            options: { config: { type: "string", short: "c" }, "dry-run": { type: "boolean" }, merge: { type: "boolean" }, help: { type: "boolean", short: "h" } },
            allowPositionals: true,
        });
    }
    catch (error) {
        errOut(`custodian import-atheme: ${error instanceof Error ? error.message : String(error)}\n${IMPORT_USAGE}`);
        return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
        out(IMPORT_USAGE);
        return 0;
    }
    if (!values.config || positionals.length !== 1) {
        errOut(IMPORT_USAGE);
        return 2;
    }
    const file = positionals[0];
    if (!existsSync(file)) {
        errOut(`custodian import-atheme: ${file}: no such file`);
        return 1;
    }
    const loaded = loadConfigFile(values.config);
    if (!loaded.ok) {
        errOut(`custodian: ${values.config} has ${loaded.error.length} error(s):`);
        for (const line of loaded.error)
            errOut(`  ${line}`);
        return 1;
    }
    const config = loaded.value;
    const dryRun = values["dry-run"] === true;
    let db;
    try {
        db = dryRun ? dryRunDatabase(config.database.path) : openDatabase(config.database.path);
        migrate(db, defaultMigrationsDir());
    }
    catch (error) {
        errOut(`custodian import-atheme: cannot open the database ${config.database.path}: ${error instanceof Error ? error.message : String(error)}`);
        return 1;
    }
    try {
        const report = await importAtheme({ db, config, clock: systemClock, file, dryRun, merge: values.merge === true });
        for (const line of report.lines())
            out(line);
        return report.fatal ? 1 : 0;
    }
    finally {
        db.close();
    }
}
//# sourceMappingURL=import-atheme.js.map