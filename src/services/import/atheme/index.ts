/**
 * Importing an Atheme database (issue 15): read the flat file, map it, and write it through the
 * stores in one transaction, or with `dryRun` do all of that and roll back, so that both print
 * the same report. A database that already holds accounts or channels is refused unless `merge`.
 */
import type { Config } from "../../../config/schema.js";
import type { Database } from "../../../db/connection.js";
import type { Clock } from "../../../util/clock.js";
import { hashPassword } from "../../accounts/password.js";
import { AuditLog } from "../../audit.js";
import { mapAtheme, plainTextPassword } from "./mapping.js";
import type { AthemeData } from "./model.js";
import { readAthemeFile } from "./read.js";
import { ImportReport } from "./report.js";
import { IMPORT_ACTOR, ImportWriter } from "./writer.js";

export { ImportReport } from "./report.js";

export interface ImportOptions {
  db: Database;
  config: Config;
  clock: Clock;
  /** The Atheme database file (services.db). */
  file: string;
  dryRun: boolean;
  merge: boolean;
  /** Longest line read (bytes); longer rows are skipped. */
  maxLineBytes?: number;
}

class DryRunRollback extends Error {}

/**
 * Plain-text passwords (Atheme without a crypto module) hashed with scrypt, a few at a time,
 * before the writing (which is one synchronous transaction), by the line of their account. A dry
 * run writes and rolls back: the hash itself does not matter there.
 */
async function hashPlainText(data: AthemeData, config: Config, dryRun: boolean): Promise<Map<number, string>> {
  const params = { N: config.security.scrypt_n, r: config.security.scrypt_r, p: config.security.scrypt_p };
  const hashes = new Map<number, string>();
  const waiting = data.accounts.filter(plainTextPassword);
  const workers = Array.from({ length: 4 }, async () => {
    for (let a = waiting.pop(); a; a = waiting.pop()) hashes.set(a.line, dryRun ? "!dry-run" : await hashPassword(a.pass, params));
  });
  await Promise.all(workers);
  return hashes;
}

export async function importAtheme(o: ImportOptions): Promise<ImportReport> {
  const report = new ImportReport(o.file, o.dryRun, o.merge);
  let data: AthemeData;
  try {
    data = readAthemeFile(o.file, report, o.maxLineBytes);
  } catch (error) {
    report.refuse(`cannot read ${o.file}: ${error instanceof Error ? error.message : String(error)}`);
    return report;
  }
  if (report.fatal) return report;
  if (!o.merge && !ImportWriter.isEmpty(o.db)) {
    report.refuse("the Custodian database already holds accounts or channels. Import into an empty database, or give --merge to add to it (clashes are reported and skipped).");
    return report;
  }
  const plainTextHashes = await hashPlainText(data, o.config, o.dryRun);
  // Mapped as it is written: the records read and what they become are never both held whole.
  const plan = mapAtheme(
    data,
    {
      channelPattern: new RegExp(o.config.channels.name_pattern),
      channelMaxLength: o.config.channels.max_name_length,
      maxAccountsPerEmail: o.config.nickserv.max_accounts_per_email,
    },
    report,
    plainTextHashes,
  );

  const audit = new AuditLog(o.db, o.clock);
  try {
    o.db.transaction(() => {
      new ImportWriter({ db: o.db, clock: o.clock, audit }, report).write(plan);
      audit.record({ actor: IMPORT_ACTOR, action: "import.atheme", target: null, details: report.auditDetails() });
      if (o.dryRun) throw new DryRunRollback();
    })();
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return report;
}
