/**
 * Online backup of the live database (`custodian backup`): SQLite's backup API through
 * better-sqlite3, while the services keep running and writing.
 *
 * The copy is taken in one backup step, so it is one consistent snapshot (a reader in WAL mode
 * does not block the services' writes; several smaller steps would start over each time the
 * services commit). It is written under a temporary name next to the target, checked with
 * `PRAGMA integrity_check`, switched to a self-contained rollback journal, and only then renamed
 * into place: a failed backup never leaves a half-written file under the target's name.
 */
import { existsSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { errorMessage } from "../util/logger.js";
import { err, ok } from "../util/result.js";
/** All remaining pages in one step: one read transaction, one consistent snapshot. */
const ALL_PAGES = 0x7fffffff;
/** The real path of `path`, or its resolved path when it does not exist (yet). */
function canonical(path) {
    const absolute = resolve(path);
    try {
        return realpathSync(absolute);
    }
    catch {
        try {
            return resolve(realpathSync(dirname(absolute)), basename(absolute));
        }
        catch {
            return absolute;
        }
    }
}
/** Copies the database at `source` to `target` (replacing it) and checks the copy. */
export async function backupDatabase(source, target) {
    const started = performance.now();
    const from = canonical(source);
    const to = canonical(target);
    if (!existsSync(from))
        return err(`${source}: no database there (check [database] path)`);
    if ([from, `${from}-wal`, `${from}-shm`, `${from}-journal`].includes(to)) {
        return err(`${target} is the live database (or one of its files); choose another file for the backup`);
    }
    if (!existsSync(dirname(to)))
        return err(`${dirname(to)}: the backup's directory does not exist`);
    if (existsSync(to) && !statSync(to).isFile())
        return err(`${target} exists and is not a file`);
    const partial = `${to}.partial-${process.pid}`;
    rmSync(partial, { force: true });
    let live;
    let copy;
    try {
        live = new BetterSqlite3(from, { fileMustExist: true });
        live.pragma("busy_timeout = 10000");
        const progress = await live.backup(partial, { progress: () => ALL_PAGES });
        live.close();
        live = undefined;
        copy = new BetterSqlite3(partial, { fileMustExist: true });
        const problems = copy.pragma("integrity_check").map((r) => r.integrity_check);
        if (problems.length !== 1 || problems[0] !== "ok") {
            return err(`the copy failed PRAGMA integrity_check: ${problems.slice(0, 5).join("; ")}`);
        }
        // A backup is one file: no -wal or -shm to carry along when it is restored.
        copy.pragma("journal_mode = DELETE");
        const hasMigrations = copy.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get();
        const schemaVersion = hasMigrations
            ? (copy.prepare("SELECT max(version) AS v FROM schema_migrations").get().v ?? 0)
            : 0;
        copy.close();
        copy = undefined;
        renameSync(partial, to);
        return ok({ path: to, pages: progress.totalPages, bytes: statSync(to).size, schemaVersion, ms: Math.round(performance.now() - started) });
    }
    catch (error) {
        return err(`backup of ${source} failed: ${errorMessage(error)}`);
    }
    finally {
        live?.close();
        copy?.close();
        for (const suffix of ["", "-journal", "-wal", "-shm"])
            rmSync(`${partial}${suffix}`, { force: true });
    }
}
//# sourceMappingURL=backup.js.map