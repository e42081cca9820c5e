/**
 * Databases of N accounts for the start-up benchmarks, each in its program's own format:
 * Atheme's flat file (opensex, database version 12) and Custodian's SQLite file written through
 * Custodian's own code (migrations and AccountStore).
 *
 * The accounts are the same in both: name and nick `bu<i in base 36>`, address
 * `bu<i>@example.org`, verified, registered a year ago, one password hash each (a real one, made
 * by the program itself, shared by all rows: start-up never checks passwords).
 */
import { createWriteStream, existsSync, rmSync } from "node:fs";
import { once } from "node:events";

export const accountName = (i) => `bu${i.toString(36)}`;
const YEAR_S = 365 * 86_400;

/** Atheme's entity IDs are 9 characters of A-Z0-9; ours start with B so that they never meet the ones Atheme makes. */
function athemeEntityId(i) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  let out = "";
  for (let n = i, k = 0; k < 8; k++, n = Math.floor(n / 36)) out = alphabet[n % 36] + out;
  return `B${out}`;
}

/**
 * Writes an Atheme services.db with `count` accounts. `template` is a database Atheme wrote
 * itself (its header: version, module dependencies, flags); `passwordHash` one of its hashes.
 */
export async function writeAthemeDatabase(path, count, { template, passwordHash }) {
  const header = [];
  const footer = [];
  for (const line of template.split("\n")) {
    const word = line.split(" ")[0];
    if (["GRVER", "DBV", "MDEP", "LUID", "CF"].includes(word)) header.push(line);
    else if (["KID", "XID", "QID"].includes(word)) footer.push(line);
  }
  if (!header.some((l) => l.startsWith("DBV "))) throw new Error("the template is not an Atheme flat-file database (no DBV line)");
  const out = createWriteStream(path);
  const write = async (text) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write(header.join("\n") + "\n");
  const now = Math.floor(Date.now() / 1000);
  const registered = now - YEAR_S;
  let chunk = "";
  for (let i = 0; i < count; i++) {
    const name = accountName(i);
    // MU <entity id> <name> <password> <email> <registered> <last login> <flags> <language>
    chunk += `MU ${athemeEntityId(i)} ${name} ${passwordHash} ${name}@example.org ${registered} ${now - (i % 86_400)} +sC default\n`;
    // MN <account> <nick> <registered> <last seen>
    chunk += `MN ${name} ${name} ${registered} ${now - (i % 86_400)}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk + footer.join("\n") + "\n");
  out.end();
  await once(out, "finish");
}

/**
 * Writes a Custodian database with `count` accounts through Custodian's own code (`dist`: the
 * built modules: openDatabase, migrate, AccountStore), in transactions of 10,000.
 */
export async function writeCustodianDatabase(path, count, { dist, passwordHash }) {
  for (const suffix of ["", "-wal", "-shm"]) if (existsSync(path + suffix)) rmSync(path + suffix);
  const { openDatabase } = await import(dist("db/connection.js"));
  const { defaultMigrationsDir, migrate } = await import(dist("db/migrate.js"));
  const { AccountStore } = await import(dist("services/accounts/store.js"));
  const db = openDatabase(path);
  try {
    migrate(db, defaultMigrationsDir());
    const store = new AccountStore(db);
    const registered = Date.now() - YEAR_S * 1000;
    for (let start = 0; start < count; start += 10_000) {
      db.transaction(() => {
        for (let i = start; i < Math.min(count, start + 10_000); i++) {
          const name = accountName(i);
          const account = store.create({
            id: `1${i.toString(36).toUpperCase().padStart(8, "0")}`,
            name,
            passwordHash,
            passwordGenerated: false,
            email: `${name}@example.org`,
            emailCanonical: `${name}@example.org`,
            status: "unverified",
            origin: "nickserv",
            now: registered,
          });
          store.setStatus(account.id, "active", registered);
          // Seen within the last day, as Atheme's rows say: nothing is due for expiry.
          store.markLogin(account.id, Date.now() - (i % 86_400) * 1000, `${name}!u@cloak.example`, `${name}!u@192.0.2.1`, name);
        }
      })();
    }
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}
