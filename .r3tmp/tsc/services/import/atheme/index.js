import { hashPassword } from "../../accounts/password.js";
import { AuditLog } from "../../audit.js";
import { mapAtheme } from "./mapping.js";
import { readAthemeFile } from "./read.js";
import { ImportReport } from "./report.js";
import { IMPORT_ACTOR, ImportWriter } from "./writer.js";
export { ImportReport } from "./report.js";
class DryRunRollback extends Error {
}
/** Plain-text passwords (Atheme without a crypto module) hashed with scrypt, a few at a time. */
async function hashPlaintext(plan, config) {
    const params = { N: config.security.scrypt_n, r: config.security.scrypt_r, p: config.security.scrypt_p };
    const waiting = plan.accounts.filter((a) => a.plaintext !== null);
    const workers = Array.from({ length: 4 }, async () => {
        for (let a = waiting.pop(); a; a = waiting.pop()) {
            a.passwordHash = await hashPassword(a.plaintext, params);
            a.plaintext = null;
        }
    });
    await Promise.all(workers);
}
export async function importAtheme(o) {
    const report = new ImportReport(o.file, o.dryRun, o.merge);
    let data;
    try {
        data = readAthemeFile(o.file, report, o.maxLineBytes);
    }
    catch (error) {
        report.refuse(`cannot read ${o.file}: ${error instanceof Error ? error.message : String(error)}`);
        return report;
    }
    if (report.fatal)
        return report;
    if (!o.merge && !ImportWriter.isEmpty(o.db)) {
        report.refuse("the Custodian database already holds accounts or channels. Import into an empty database, or give --merge to add to it (clashes are reported and skipped).");
        return report;
    }
    const plan = mapAtheme(data, {
        channelPattern: new RegExp(o.config.channels.name_pattern),
        channelMaxLength: o.config.channels.max_name_length,
        maxAccountsPerEmail: o.config.nickserv.max_accounts_per_email,
    }, report);
    // The plan holds what is written; the records read can go before the writing starts.
    data = null;
    if (o.dryRun) {
        // The rows are written and rolled back; the hash itself does not matter for that.
        for (const a of plan.accounts)
            if (a.plaintext !== null)
                a.passwordHash = "!dry-run";
    }
    else
        await hashPlaintext(plan, o.config);
    const audit = new AuditLog(o.db, o.clock);
    try {
        o.db.transaction(() => {
            new ImportWriter({ db: o.db, clock: o.clock, audit }, report).write(plan);
            audit.record({ actor: IMPORT_ACTOR, action: "import.atheme", target: null, details: report.auditDetails() });
            if (o.dryRun)
                throw new DryRunRollback();
        })();
    }
    catch (error) {
        if (!(error instanceof DryRunRollback))
            throw error;
    }
    return report;
}
//# sourceMappingURL=index.js.map