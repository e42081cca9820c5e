/**
 * What an import did or would do: counts per kind of record, every row skipped or changed with
 * its line in the Atheme file and the reason, and what had no Custodian meaning. A dry run and a
 * real run print the same report; the real run also writes it to the audit log.
 */
const SECTION_TITLES = {
    accounts: "Accounts (MU)",
    nicks: "Nicknames (MN)",
    channels: "Channels (MC)",
    access: "Channel access (CA)",
    badmail: "BADMAIL entries (BE)",
    certfps: "Certificate fingerprints (MCFP)",
    marks: "Staff marks",
};
/** Issues kept for the audit log; the printed report has all of them. */
export const AUDITED_ISSUES = 5000;
export class ImportReport {
    file;
    dryRun;
    merge;
    counts = {
        accounts: { found: 0, imported: 0, skipped: 0 },
        nicks: { found: 0, imported: 0, skipped: 0 },
        channels: { found: 0, imported: 0, skipped: 0 },
        access: { found: 0, imported: 0, skipped: 0 },
        badmail: { found: 0, imported: 0, skipped: 0 },
        certfps: { found: 0, imported: 0, skipped: 0 },
        marks: { found: 0, imported: 0, skipped: 0 },
    };
    issues = [];
    /** Things read but not carried over, by description: "account metadata private:usercloak" -> count. */
    notCarried = new Map();
    /** Facts worth knowing that are not problems ("3 passwords were stored in plain text ..."). */
    notes = [];
    /** Why nothing was (or would be) imported at all, or null. */
    fatal = null;
    /** DBV of the file. */
    schemaVersion = null;
    constructor(file, dryRun, merge) {
        this.file = file;
        this.dryRun = dryRun;
        this.merge = merge;
    }
    found(section, n = 1) {
        this.counts[section].found += n;
    }
    imported(section, n = 1) {
        this.counts[section].imported += n;
    }
    /** A record not imported, with the reason. */
    skip(section, line, message) {
        this.counts[section].skipped += 1;
        this.issues.push({ line, section, message });
    }
    /** A record imported with a change or a caveat worth reading. */
    warn(section, line, message) {
        this.issues.push({ line, section, message });
    }
    notCarriedOver(what, n = 1) {
        this.notCarried.set(what, (this.notCarried.get(what) ?? 0) + n);
    }
    refuse(reason) {
        this.fatal = reason;
    }
    /** The report as text lines (the CLI prints them; the audit record keeps them). */
    lines() {
        const out = [];
        // Apart from this first line, a dry run prints what the real run would print.
        const mode = this.dryRun ? "Dry run (nothing was written; the counts are what the import would do)" : "Import";
        out.push(`${mode} of the Atheme database ${this.file}${this.merge ? " (merge)" : ""}${this.schemaVersion !== null ? `, DBV ${this.schemaVersion}` : ""}.`);
        if (this.fatal) {
            out.push(`Nothing ${this.dryRun ? "would be" : "was"} imported: ${this.fatal}`);
            for (const issue of this.issues)
                out.push(`  ${issue.line === null ? "file" : `line ${issue.line}`}: ${issue.message}`);
            return out;
        }
        for (const section of Object.keys(SECTION_TITLES)) {
            const c = this.counts[section];
            if (c.found === 0 && c.skipped === 0)
                continue;
            out.push(`${SECTION_TITLES[section]}: ${c.found} found, ${c.imported} imported, ${c.skipped} skipped.`);
        }
        for (const note of this.notes)
            out.push(note);
        if (this.notCarried.size > 0) {
            out.push("Not carried over (no Custodian meaning):");
            for (const [what, n] of [...this.notCarried].sort((a, b) => a[0].localeCompare(b[0])))
                out.push(`  ${what}: ${n}`);
        }
        if (this.issues.length > 0) {
            out.push(`Details (${this.issues.length}):`);
            const sorted = [...this.issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
            for (const issue of sorted)
                out.push(`  ${issue.line === null ? "file" : `line ${issue.line}`}: ${issue.message}`);
        }
        return out;
    }
    /** The audit record's details: counts, notes and the first issues. */
    auditDetails() {
        const lines = this.lines();
        return {
            file: this.file,
            merge: this.merge,
            dbv: this.schemaVersion,
            counts: this.counts,
            notCarried: Object.fromEntries(this.notCarried),
            report: lines.slice(0, AUDITED_ISSUES),
            ...(lines.length > AUDITED_ISSUES ? { reportTruncated: lines.length - AUDITED_ISSUES } : {}),
        };
    }
}
//# sourceMappingURL=report.js.map