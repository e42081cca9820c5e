/**
 * What an import did or would do: counts per kind of record, every row skipped or changed with
 * its line in the Atheme file and the reason, and what had no Custodian meaning. A dry run and a
 * real run print the same report; the real run also writes it to the audit log.
 */

export type Section = "accounts" | "nicks" | "channels" | "access" | "badmail" | "certfps" | "marks";

const SECTION_TITLES: Record<Section, string> = {
  accounts: "Accounts (MU)",
  nicks: "Nicknames (MN)",
  channels: "Channels (MC)",
  access: "Channel access (CA)",
  badmail: "BADMAIL entries (BE)",
  certfps: "Certificate fingerprints (MCFP)",
  marks: "Staff marks",
};

export interface ReportIssue {
  /** The line of the Atheme file, or null for a finding about the whole file. */
  line: number | null;
  section: Section | "file";
  message: string;
}

interface Counts {
  found: number;
  imported: number;
  skipped: number;
}

/** Accounts with an address Custodian refuses, named in the summary (the details list every one). */
export const UNACCEPTABLE_SHOWN = 5;

/** Issues kept for the audit log; the printed report has all of them. */
export const AUDITED_ISSUES = 5000;

export class ImportReport {
  readonly counts: Record<Section, Counts> = {
    accounts: { found: 0, imported: 0, skipped: 0 },
    nicks: { found: 0, imported: 0, skipped: 0 },
    channels: { found: 0, imported: 0, skipped: 0 },
    access: { found: 0, imported: 0, skipped: 0 },
    badmail: { found: 0, imported: 0, skipped: 0 },
    certfps: { found: 0, imported: 0, skipped: 0 },
    marks: { found: 0, imported: 0, skipped: 0 },
  };
  readonly issues: ReportIssue[] = [];
  /** Things read but not carried over, by description: "account metadata private:usercloak" -> count. */
  readonly notCarried = new Map<string, number>();
  /** Facts worth knowing that are not problems ("3 passwords were stored in plain text ..."). */
  readonly notes: string[] = [];
  /** Imported accounts whose address Custodian's rules refuse, in the file's order (the summary shows the first few). */
  readonly unacceptable: Array<{ name: string; email: string; problem: string }> = [];
  /** Why nothing was (or would be) imported at all, or null. */
  fatal: string | null = null;
  /** DBV of the file. */
  schemaVersion: number | null = null;

  constructor(
    readonly file: string,
    readonly dryRun: boolean,
    readonly merge: boolean,
  ) {}

  found(section: Section, n = 1): void {
    this.counts[section].found += n;
  }

  imported(section: Section, n = 1): void {
    this.counts[section].imported += n;
  }

  /** A record not imported, with the reason. */
  skip(section: Section, line: number | null, message: string): void {
    this.counts[section].skipped += 1;
    this.issues.push({ line, section, message });
  }

  /** A record imported with a change or a caveat worth reading. */
  warn(section: Section | "file", line: number | null, message: string): void {
    this.issues.push({ line, section, message });
  }

  /** An imported account whose address Custodian would refuse (name and address made printable): mail to it is recorded as undeliverable. */
  unacceptableAddress(name: string, email: string, problem: string): void {
    this.unacceptable.push({ name, email, problem });
  }

  notCarriedOver(what: string, n = 1): void {
    this.notCarried.set(what, (this.notCarried.get(what) ?? 0) + n);
  }

  refuse(reason: string): void {
    this.fatal = reason;
  }

  /** The report as text lines (the CLI prints them; the audit record keeps them). */
  lines(): string[] {
    const out: string[] = [];
    // Apart from this first line, a dry run prints what the real run would print.
    const mode = this.dryRun ? "Dry run (nothing was written; the counts are what the import would do)" : "Import";
    out.push(`${mode} of the Atheme database ${this.file}${this.merge ? " (merge)" : ""}${this.schemaVersion !== null ? `, DBV ${this.schemaVersion}` : ""}.`);
    if (this.fatal) {
      out.push(`Nothing ${this.dryRun ? "would be" : "was"} imported: ${this.fatal}`);
      for (const issue of this.issues) out.push(`  ${issue.line === null ? "file" : `line ${issue.line}`}: ${issue.message}`);
      return out;
    }
    for (const section of Object.keys(SECTION_TITLES) as Section[]) {
      const c = this.counts[section];
      if (c.found === 0 && c.skipped === 0) continue;
      out.push(`${SECTION_TITLES[section]}: ${c.found} found, ${c.imported} imported, ${c.skipped} skipped.`);
    }
    if (this.unacceptable.length > 0) out.push(this.unacceptableSummary());
    for (const note of this.notes) out.push(note);
    if (this.notCarried.size > 0) {
      out.push("Not carried over (no Custodian meaning):");
      for (const [what, n] of [...this.notCarried].sort((a, b) => a[0].localeCompare(b[0]))) out.push(`  ${what}: ${n}`);
    }
    if (this.issues.length > 0) {
      out.push(`Details (${this.issues.length}):`);
      const sorted = [...this.issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      for (const issue of sorted) out.push(`  ${issue.line === null ? "file" : `line ${issue.line}`}: ${issue.message}`);
    }
    return out;
  }

  private unacceptableSummary(): string {
    const shown = this.unacceptable.slice(0, UNACCEPTABLE_SHOWN).map((u) => `${u.name} <${u.email}> (${u.problem})`);
    const more = this.unacceptable.length - shown.length;
    return (
      `${this.unacceptable.length} imported account(s) have an address Custodian does not accept; no mail reaches them ` +
      `(it is recorded as undeliverable) until the owner sets another with SET EMAIL: ${shown.join(", ")}${more > 0 ? `, and ${more} more (see the details)` : ""}.`
    );
  }

  /** The audit record's details: counts, notes and the first issues. */
  auditDetails(): Record<string, unknown> {
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
