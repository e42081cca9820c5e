/**
 * Writes an import plan through the stores. The caller runs it inside one transaction. A record
 * that clashes with what the database already holds (a name, a nick, a legacy ID, a live channel,
 * a blacklist mask) is reported and skipped, never overwritten.
 */
import type { Database } from "../../../db/connection.js";
import type { Clock } from "../../../util/clock.js";
import { EmailBlacklist } from "../../abuse/email-blacklist.js";
import type { AuditLog } from "../../audit.js";
import { CertFingerprints } from "../../accounts/certfp.js";
import { LegacyIds } from "../../accounts/legacy-ids.js";
import { MarkStore } from "../../accounts/marks.js";
import { foldName, generateEntityId } from "../../accounts/names.js";
import { AccountStore } from "../../accounts/store.js";
import { ChannelFreezing } from "../../channels/freezing.js";
import { ChannelStore } from "../../channels/store.js";
import { takeForFreeze, type FreezeTaking } from "../../lifecycle/freeze/freeze.js";
import { FreezeStore } from "../../lifecycle/freeze/store.js";
import { CaseStore } from "../../lifecycle/deletion/store.js";
import { canonicalEmail, emailDomain } from "../../mail/address.js";
import { fingerprintProblem } from "./mapping.js";
import type { ImportPlan, PlannedAccount, PlannedChannel, PlannedFreeze } from "./plan.js";
import { printable } from "./read.js";
import type { ImportReport } from "./report.js";

/** The audit actor of everything an import writes. */
export const IMPORT_ACTOR = "import:atheme";
export const LEGACY_SOURCE = "atheme";

/** The import runs with the services stopped: nothing reaches the network. */
const OFFLINE = { joinChannel: () => {}, partChannel: () => {} };

export interface WriterDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
}

export class ImportWriter {
  private readonly accounts: AccountStore;
  private readonly legacy: LegacyIds;
  private readonly marks: MarkStore;
  private readonly certfps: CertFingerprints;
  private readonly channels: ChannelStore;
  private readonly freezes: FreezeStore;
  /** FREEZE's taking, with the channels' freezing operations offline (the services are stopped). */
  private readonly freezeTaking: FreezeTaking;
  /** Imported accounts Atheme had frozen, frozen once their channels and access are written. */
  private readonly toFreeze: Array<{ accountId: string; name: string; freeze: PlannedFreeze }> = [];
  /** Deleted accounts: their entity IDs, never given again, and their Atheme IDs, never imported again. */
  private readonly cases: CaseStore;
  private readonly blacklist: EmailBlacklist;
  /** The blacklist store stamps entries with this clock: the time of the Atheme entry being written. */
  private blacklistTime = 0;
  /** Folded Atheme account name -> the Custodian entity ID it got. */
  private readonly imported = new Map<string, string>();

  constructor(
    private readonly deps: WriterDeps,
    private readonly report: ImportReport,
  ) {
    this.accounts = new AccountStore(deps.db);
    this.legacy = new LegacyIds(deps.db);
    this.marks = new MarkStore(deps.db);
    this.certfps = new CertFingerprints(deps.db, deps.clock, deps.audit);
    this.channels = new ChannelStore(deps.db);
    this.freezes = new FreezeStore(deps.db);
    this.freezeTaking = {
      store: this.freezes,
      // The effects (X2 leaving suspended channels) are never run: at start-up X2 stays out of suspended channels.
      channels: new ChannelFreezing({ store: this.channels, accounts: this.accounts, audit: deps.audit, actions: OFFLINE, visits: { statusAll: () => {} } }),
    };
    this.cases = new CaseStore(deps.db);
    this.blacklist = new EmailBlacklist(deps.db, { now: () => this.blacklistTime || deps.clock.now() }, deps.audit);
  }

  /** True when the database holds no account and no channel (an import needs --merge otherwise). */
  static isEmpty(db: Database): boolean {
    const row = db.prepare<[], { n: number }>("SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM channels) AS n").get();
    return (row?.n ?? 0) === 0;
  }

  write(plan: ImportPlan): void {
    for (const account of plan.accounts) this.writeAccount(account);
    for (const channel of plan.channels) this.writeChannel(channel);
    for (const frozen of this.toFreeze) this.freeze(frozen.accountId, frozen.name, frozen.freeze);
    for (const entry of plan.blacklist) {
      if (this.blacklist.get(entry.mask)) {
        this.report.skip("badmail", entry.line, `BADMAIL ${printable(entry.mask)}: already on the email blacklist: skipped.`);
        continue;
      }
      this.blacklistTime = entry.createdAt;
      // Audited by the blacklist (blacklist.add by import:atheme), with Atheme's setter.
      const added = this.blacklist.add(entry.mask, null, entry.reason, { id: IMPORT_ACTOR, name: entry.setter });
      this.blacklistTime = 0;
      if (!added.ok) {
        this.report.skip("badmail", entry.line, `BADMAIL ${printable(entry.mask)}: not accepted by the blacklist (${added.error.kind}): skipped.`);
        continue;
      }
      this.report.imported("badmail");
    }
  }

  private freshEntityId(): string {
    for (;;) {
      const id = generateEntityId();
      if (!this.accounts.byId(id) && !this.cases.isRetired(id)) return id;
    }
  }

  /** Why the account cannot be written (a clash with the database), or null. */
  private accountClash(a: PlannedAccount): string | null {
    if (a.legacyId !== null) {
      const owner = this.legacy.accountOf(a.legacyId);
      if (owner) return `its Atheme entity ID ${a.legacyId} was imported before (account ${this.accounts.byId(owner)?.name ?? owner})`;
      const deleted = this.cases.retiredLegacyId(a.legacyId);
      if (deleted) return `its Atheme entity ID ${a.legacyId} belonged to an account deleted here (?${deleted.entityId}${deleted.caseNumber ? `, case ${deleted.caseNumber}` : ""})`;
    }
    const byName = this.accounts.byName(a.name);
    if (byName) return `the name is taken by the account ${byName.name} (${byName.id})`;
    const nickOwner = this.accounts.nickOwner(a.name);
    if (nickOwner) return `the name is a nick of the account ${this.accounts.byId(nickOwner.accountId)?.name ?? nickOwner.accountId}`;
    return null;
  }

  private writeAccount(a: PlannedAccount): void {
    const clash = this.accountClash(a);
    if (clash) {
      this.report.skip("accounts", a.line, `account ${printable(a.name)}: ${clash}: skipped.`);
      for (const n of a.nameNick ? [a.nameNick, ...a.nicks] : a.nicks) this.report.skip("nicks", n.line, `nick ${printable(n.nick)}: its account was skipped.`);
      for (const c of a.certfps) this.report.skip("certfps", c.line, `certificate fingerprint of ${printable(a.name)}: its account was skipped.`);
      for (const m of a.marks) this.report.skip("marks", m.line, `mark on ${printable(a.name)}: its account was skipped.`);
      return;
    }
    if (a.passwordHash === null) throw new Error(`account ${a.name}: its plain-text password was not hashed before writing`);
    const now = this.deps.clock.now();
    const id = this.freshEntityId();
    // An unverified account's verification window counts from the import, not from Atheme's registration.
    const createdAt = a.status === "unverified" ? now : a.createdAt;
    this.accounts.create({
      id,
      name: a.name,
      passwordHash: a.passwordHash,
      passwordGenerated: false,
      email: a.email,
      emailCanonical: a.emailCanonical || canonicalEmail(a.email),
      status: a.status,
      origin: "nickserv",
      now: createdAt,
    });
    if (a.status === "active") this.accounts.setStatus(id, "active", a.verifiedAt ?? createdAt);
    if (a.legacyId !== null) this.legacy.add(id, a.legacyId, LEGACY_SOURCE, now);
    if (a.nameNick) this.accounts.markSeen(id, a.nameNick.lastSeenAt, null, null, a.name);

    let nicks = 0;
    for (const n of a.nicks) {
      const owner = this.accounts.nickOwner(n.nick);
      if (owner) {
        this.report.skip("nicks", n.line, `nick ${printable(n.nick)} of ${printable(a.name)}: already registered to ${this.accounts.byId(owner.accountId)?.name ?? owner.accountId}: skipped.`);
        continue;
      }
      this.accounts.addNick(id, n.nick, n.registeredAt);
      this.accounts.markSeen(id, n.lastSeenAt, null, null, n.nick);
      nicks += 1;
    }
    this.report.imported("nicks", nicks + (a.nameNick ? 1 : 0));

    if (a.lastLoginAt !== null) this.accounts.markLogin(id, a.lastLoginAt, a.lastMask ?? a.name, a.lastRealMask ?? a.lastMask ?? a.name);
    this.accounts.markSeen(id, a.lastSeenAt, a.lastMask, a.lastRealMask);
    if (!a.hideEmail) this.accounts.setFlag(id, "hide_email", false);
    if (a.noexpire) this.accounts.setFlag(id, "noexpire", true);
    if (a.freeze) this.toFreeze.push({ accountId: id, name: a.name, freeze: a.freeze });

    for (const m of a.marks) this.marks.add(id, m.oper, m.text, m.at);
    this.report.imported("marks", a.marks.length);
    for (const c of a.certfps) {
      const added = this.certfps.add(id, c.fingerprint, IMPORT_ACTOR);
      if (added.ok) this.report.imported("certfps");
      else this.report.skip("certfps", c.line, `certificate fingerprint of ${printable(a.name)} ${fingerprintProblem(added.error)}: skipped.`);
    }

    this.deps.audit.record({
      actor: IMPORT_ACTOR,
      action: "account.import",
      target: id,
      details: {
        name: a.name,
        legacyId: a.legacyId,
        source: LEGACY_SOURCE,
        line: a.line,
        status: a.status,
        emailDomain: emailDomain(a.email),
        // The freeze written after the channels (see freeze()), as Atheme had it.
        ...(a.freeze ? { frozen: { by: a.freeze.by, reason: a.freeze.reason } } : {}),
      },
    });
    if (a.emailProblem) this.report.unacceptableAddress(printable(a.name), printable(a.email), a.emailProblem);
    this.imported.set(foldName(a.name), id);
    this.report.imported("accounts");
  }

  /**
   * Freezes an imported account as FREEZE would have (one at a time, in the file's order): a
   * freeze record with Atheme's reason and freezer (its trigger sets accounts.frozen; the owner is
   * told that reason), its access entries taken and the channels only it could manage suspended,
   * all saved in the record for UNFREEZE. No mail: Atheme froze it long ago.
   */
  private freeze(accountId: string, name: string, freeze: PlannedFreeze): void {
    const id = this.freezes.insert({
      accountId,
      accountName: name,
      frozenAt: freeze.at,
      frozenBy: IMPORT_ACTOR,
      frozenByName: freeze.by,
      reason: freeze.reason,
      expiresAt: null,
      sessions: [],
    });
    this.deps.audit.record({ actor: IMPORT_ACTOR, action: "account.freeze", target: accountId, details: { freeze: id, name, reason: freeze.reason, expiresAt: null, by: freeze.by } });
    takeForFreeze(this.freezeTaking, accountId, id, IMPORT_ACTOR);
  }

  private writeChannel(c: PlannedChannel): void {
    const skipAccess = (why: string): void => {
      for (const e of c.access) this.report.skip("access", e.line, `${printable(e.accountName)} in ${printable(c.name)}: ${why}`);
    };
    const ownerId = this.imported.get(c.ownerKey);
    if (!ownerId) {
      this.report.skip("channels", c.line, `channel ${printable(c.name)}: its founder ${printable(c.ownerName)} was not imported (see above): skipped.`);
      skipAccess("its channel was skipped.");
      return;
    }
    const live = this.channels.live(c.name);
    if (live) {
      this.report.skip("channels", c.line, `channel ${printable(c.name)}: already registered here (review id ${live.id}): skipped.`);
      skipAccess("its channel was skipped.");
      return;
    }
    const owner = this.accounts.byId(ownerId);
    if (!owner) throw new Error(`channel ${c.name}: owner ${ownerId} vanished during the import`);
    const email = c.email ?? owner.email;
    const record = this.channels.insertRequest(
      {
        name: c.name,
        email,
        emailCanonical: canonicalEmail(email),
        // Who registered it is not known: the registrant is the founder, marked as imported.
        registrant: { uid: "import", nick: owner.name, ident: "atheme", host: `atheme-import/${c.name}`, ip: "0.0.0.0", accountId: ownerId },
        now: c.registeredAt,
      },
      null,
    );
    this.channels.accept(record.id, { state: "active", ownerId, verifyVia: null, codeHash: null, accountCreated: false, ts: c.ts, now: c.registeredAt });
    // An Atheme channel is long past X2's establishment check: it counts as established when registered.
    this.channels.establish(record.id, c.registeredAt);
    this.channels.visit(record.id, c.lastUsedAt);

    const seen = new Set<string>();
    for (const e of c.access) {
      const accountId = this.imported.get(e.accountKey);
      if (!accountId) {
        this.report.skip("access", e.line, `${printable(e.accountName)} in ${printable(c.name)}: the account was not imported: skipped.`);
        continue;
      }
      if (seen.has(accountId)) {
        this.report.skip("access", e.line, `${printable(e.accountName)} in ${printable(c.name)}: a second entry for the same account: skipped.`);
        continue;
      }
      seen.add(accountId);
      this.channels.addAccess(record.id, accountId, e.level, e.addedBy, e.addedAt);
      this.report.imported("access");
    }
    for (const note of c.notes) this.channels.addNote(record.id, note.oper, note.text, note.at);
    this.deps.audit.record({
      actor: IMPORT_ACTOR,
      action: "channel.import",
      target: c.name,
      details: { id: record.id, owner: ownerId, access: seen.size, line: c.line },
    });
    this.report.imported("channels");
  }
}
