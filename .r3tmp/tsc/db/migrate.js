import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
/** `NNNN_name.sql`: four digits, an underscore, a name. */
const FILE_PATTERN = /^(\d{4})_([A-Za-z0-9][A-Za-z0-9_.-]*)\.sql$/;
/**
 * The `migrations/` folder at the project root. Found relative to this module, so it works
 * from `src/db/` (vitest, tsx) and from the compiled `dist/db/` alike.
 */
export function defaultMigrationsDir() {
    const here = import.meta.dirname;
    // src/db -> project root, dist/db -> project root
    const root = resolve(here, "..", "..");
    const candidate = join(root, "migrations");
    if (existsSync(candidate))
        return candidate;
    // Walk upwards as a fallback (e.g. a differently nested build output).
    let dir = here;
    for (;;) {
        const probe = join(dir, "migrations");
        if (existsSync(probe) && existsSync(join(dir, "package.json")))
            return probe;
        const parent = dirname(dir);
        if (parent === dir)
            return candidate;
        dir = parent;
    }
}
const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex");
/** Reads and validates the migration files of `dir`, sorted by version. */
export function loadMigrations(dir) {
    let entries;
    try {
        entries = readdirSync(dir);
    }
    catch (err) {
        throw new Error(`cannot read migrations directory ${dir}: ${err.message}`);
    }
    const files = [];
    const byVersion = new Map();
    for (const entry of entries.sort()) {
        if (!entry.endsWith(".sql"))
            continue;
        const m = FILE_PATTERN.exec(entry);
        if (!m) {
            throw new Error(`migration file name ${entry} does not match NNNN_name.sql (four digits, an underscore, a name)`);
        }
        const version = Number(m[1]);
        if (version === 0) {
            throw new Error(`migration ${entry}: version 0000 is not allowed, numbering starts at 0001`);
        }
        const other = byVersion.get(version);
        if (other !== undefined) {
            throw new Error(`migrations ${other} and ${entry} share the number ${m[1]}`);
        }
        byVersion.set(version, entry);
        const path = join(dir, entry);
        const sql = readFileSync(path, "utf8");
        files.push({ version, name: entry, path, sql, checksum: sha256(sql) });
    }
    files.sort((a, b) => a.version - b.version);
    return files;
}
/**
 * Applies the migrations of `migrationsDir` not yet recorded in `schema_migrations`, each in
 * its own transaction together with its record. Refuses a database newer than the files, a
 * changed applied file, duplicate numbers and badly named files.
 */
export function migrate(db, migrationsDir) {
    const files = loadMigrations(migrationsDir);
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
    const appliedRows = db
        .prepare("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
        .all();
    const newestKnown = files.length > 0 ? files[files.length - 1].version : 0;
    const dbVersion = appliedRows.length > 0 ? appliedRows[appliedRows.length - 1].version : 0;
    if (dbVersion > newestKnown) {
        throw new Error(`database schema version ${dbVersion} is newer than this Custodian knows (${newestKnown}): ` +
            "upgrade Custodian or restore a matching backup");
    }
    const fileByVersion = new Map(files.map((f) => [f.version, f]));
    for (const row of appliedRows) {
        const file = fileByVersion.get(row.version);
        if (!file) {
            throw new Error(`migration ${row.name} (version ${row.version}) was applied to this database but its file is missing from ${migrationsDir}`);
        }
        if (file.checksum !== row.checksum) {
            throw new Error(`migration ${file.name} was edited after it was applied`);
        }
    }
    const appliedVersions = new Set(appliedRows.map((r) => r.version));
    const record = db.prepare("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)");
    const applied = [];
    let version = dbVersion;
    for (const file of files) {
        if (appliedVersions.has(file.version))
            continue;
        if (file.version < dbVersion) {
            throw new Error(`migration ${file.name} is older than the database's schema version ${dbVersion} but was never applied`);
        }
        const run = db.transaction(() => {
            db.exec(file.sql);
            record.run(file.version, file.name, file.checksum, new Date().toISOString());
        });
        try {
            run();
        }
        catch (err) {
            throw new Error(`migration ${file.name} failed and was rolled back: ${err.message}`, {
                cause: err,
            });
        }
        applied.push(file.name);
        version = file.version;
    }
    return { applied, version };
}
//# sourceMappingURL=migrate.js.map