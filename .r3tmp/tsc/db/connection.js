import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
/**
 * Opens (creating if needed) the SQLite database at `path`, creating its parent directory.
 * `:memory:` (or an empty path) gives a private in-memory database, for tests.
 */
export function openDatabase(path) {
    const inMemory = path === ":memory:" || path === "";
    if (!inMemory && !path.startsWith("file:")) {
        mkdirSync(dirname(resolve(path)), { recursive: true });
    }
    const db = new BetterSqlite3(path);
    try {
        // WAL is not available for in-memory databases; SQLite answers "memory" there.
        db.pragma("journal_mode = WAL");
        db.pragma("foreign_keys = ON");
        db.pragma("busy_timeout = 5000");
        db.pragma("synchronous = NORMAL");
    }
    catch (err) {
        db.close();
        throw err;
    }
    return db;
}
//# sourceMappingURL=connection.js.map