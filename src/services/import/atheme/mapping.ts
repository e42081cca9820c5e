/**
 * What Atheme's records become in Custodian (pure: no database). Each record that cannot be
 * carried over is reported with its line and the reason.
 *
 * - MU: the account keeps its name, email, times and its password hash (checked on login and
 *   replaced by scrypt then); its Atheme entity ID becomes a legacy ID. W (unverified) stays
 *   unverified, h (held) becomes NOEXPIRE, s (hidden email) HIDEMAIL; a freeze and marks
 *   become Custodian's frozen flag and staff marks.
 * - MN: the account's nicks. MCFP: certificate fingerprints for SASL EXTERNAL.
 * - MC/CA: the founder becomes the owner; flags map to the nearest level (+F owner, +s/+R
 *   coowner, +f/+a manager, +o/+O op, +v/+V voice). BE: email blacklist entries.
 */
import { DEGRADED_NAME, ENTITY_ID, foldName, nickProblem } from "../../accounts/names.js";
import { legacyScheme } from "../../accounts/legacy-hashes.js";
import { LEGACY_ID } from "../../accounts/legacy-ids.js";
import { MAX_MARK_LENGTH } from "../../accounts/marks.js";
import { normaliseFingerprint, type CertFailure } from "../../accounts/certfp.js";
import { maskProblem, MAX_MASK_LENGTH, MAX_REASON_LENGTH, normaliseMask, type MaskProblem } from "../../abuse/email-blacklist.js";
import { LEVELS } from "../../channels/levels.js";
import { canonicalEmail, validateEmail, type AddressProblem } from "../../mail/address.js";
import type { AthemeAccount, AthemeChannel, AthemeData } from "./model.js";
import type { ImportPlan, PlannedAccess, PlannedAccount, PlannedBlacklist, PlannedChannel, PlannedNick } from "./plan.js";
import { printable } from "./read.js";
import type { ImportReport } from "./report.js";

export interface MappingRules {
  /** [channels] name_pattern and max_name_length. */
  channelPattern: RegExp;
  channelMaxLength: number;
  /** [nickserv] max_accounts_per_email, reported when an address holds more. */
  maxAccountsPerEmail: number;
}

/** True when Atheme kept the account's password in plain text (no crypto module): it is hashed with scrypt before the writing. */
export function plainTextPassword(a: AthemeAccount): boolean {
  return !a.flags.includes("S") && !a.flags.includes("C");
}

/** Atheme's ChanServ flags and the level they map to, strongest first. */
const FLAG_LEVELS: Array<[string, number]> = [
  ["F", LEVELS.owner],
  ["s", LEVELS.coowner],
  ["R", LEVELS.coowner],
  ["f", LEVELS.manager],
  ["a", LEVELS.manager],
  ["o", LEVELS.op],
  ["O", LEVELS.op],
  ["v", LEVELS.voice],
  ["V", LEVELS.voice],
];

/** The level an access entry's flags map to, or null when none of them fits a level. */
export function levelForFlags(flags: string): number | null {
  for (const [flag, level] of FLAG_LEVELS) if (flags.includes(flag)) return level;
  return null;
}

/** Account metadata that the mapping consumes; any other key is counted as not carried over. */
const ACCOUNT_KEYS_USED = new Set([
  "private:freeze:freezer",
  "private:freeze:reason",
  "private:freeze:timestamp",
  "private:mark:setter",
  "private:mark:reason",
  "private:mark:timestamp",
  "private:host:vhost",
  "private:host:actual",
]);
/** Metadata of no interest once imported (pending codes, login-failure counters): not reported. */
const ACCOUNT_KEYS_DROPPED = /^private:(verify:|setpass:|loginfail:|lastquit:)/;
const CHANNEL_KEYS_USED = new Set(["email", "private:channelts", "private:mark:setter", "private:mark:reason", "private:mark:timestamp"]);

const ms = (seconds: number): number => seconds * 1000;
const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 3)}...` : text);

/** MU flags with a meaning here; the rest are counted as not carried over. */
const ACCOUNT_FLAGS_USED = new Set(["C", "W", "h", "s", "S", "b"]);
const ACCOUNT_FLAG_NAMES: Record<string, string> = {
  n: "NEVEROP", o: "NOOP", m: "NOMEMO", e: "EMAILMEMOS", E: "ENFORCE", P: "USE_PRIVMSG", p: "PRIVATE",
  Q: "QUIETCHG", g: "NOGREET", r: "REGNOLIMIT", N: "NEVERGROUP",
};
const CHANNEL_FLAG_NAMES: Record<string, string> = {
  h: "HOLD", o: "NOOP", l: "LIMITFLAGS", z: "SECURE", v: "VERBOSE", r: "RESTRICTED", k: "KEEPTOPIC",
  e: "VERBOSE_OPS", t: "TOPICLOCK", g: "GUARD", p: "PRIVATE", n: "NOSYNC", f: "ANTIFLOOD",
};

function mapAccount(a: AthemeAccount, plainTextHashes: ReadonlyMap<number, string>, report: ImportReport): PlannedAccount | null {
  const who = `account ${printable(a.name)}`;
  const nameIssue = nickProblem(a.name);
  if (nameIssue || ENTITY_ID.test(a.name.toUpperCase()) || DEGRADED_NAME.test(a.name)) {
    report.skip("accounts", a.line, `${who}: not a valid account name here (it must be a valid nickname of at most 30 characters): skipped.`);
    return null;
  }
  let legacyId: string | null = null;
  if (a.uid !== null) {
    if (LEGACY_ID.test(a.uid.toUpperCase())) legacyId = a.uid.toUpperCase();
    else report.warn("accounts", a.line, `${who}: its entity ID ${printable(a.uid, 20)} is not of Atheme's form; imported without a legacy ID.`);
  }

  const valid = validateEmail(a.email);
  let email: string;
  let emailProblem: AddressProblem["kind"] | null = null;
  if (valid.ok) email = valid.value;
  else {
    emailProblem = valid.error.kind;
    email = a.email.toLowerCase();
    report.warn("accounts", a.line, `${who}: the email ${printable(a.email)} is not valid here (${valid.error.kind}); kept as it is, the owner should SET EMAIL.`);
  }

  let passwordHash: string | null = a.pass;
  if (a.flags.includes("S")) {
    passwordHash = "!nopassword";
    report.warn("accounts", a.line, `${who}: logged in by certificate only in Atheme (NOPASSWORD); no password works until RESETPASS.`);
  } else if (plainTextPassword(a)) {
    passwordHash = plainTextHashes.get(a.line) ?? null;
  } else {
    const scheme = legacyScheme(a.pass);
    if (!scheme.ok) report.warn("accounts", a.line, `${who}: its password is ${scheme.reason}; the owner can log in after RESETPASS.`);
  }

  const meta = (key: string): string | undefined => a.metadata.get(key)?.value;
  for (const key of a.metadata.keys()) {
    if (ACCOUNT_KEYS_USED.has(key) || ACCOUNT_KEYS_DROPPED.test(key)) continue;
    report.notCarriedOver(`account metadata ${printable(key, 40)}`);
  }
  for (const flag of a.flags) {
    if (ACCOUNT_FLAGS_USED.has(flag)) continue;
    report.notCarriedOver(`account setting ${ACCOUNT_FLAG_NAMES[flag] ?? `+${printable(flag, 2)}`}`);
  }

  const unverified = a.flags.includes("W");
  const frozen = meta("private:freeze:freezer") !== undefined;
  const marks: PlannedAccount["marks"] = [];
  const markText = (text: string, line: number): string => {
    if (text.length > MAX_MARK_LENGTH) report.warn("marks", line, `${who}: a mark of ${text.length} characters was cut to ${MAX_MARK_LENGTH}.`);
    return clip(text, MAX_MARK_LENGTH);
  };
  let freeze: PlannedAccount["freeze"] = null;
  if (frozen) {
    const entry = a.metadata.get("private:freeze:freezer");
    const at = Number(meta("private:freeze:timestamp"));
    const reason = meta("private:freeze:reason") ?? "";
    freeze = { at: Number.isSafeInteger(at) && at > 0 ? ms(at) : ms(a.registered), by: clip(meta("private:freeze:freezer") ?? "atheme", 64), reason: clip(reason || "frozen in Atheme", 300) };
    marks.push({
      line: entry?.line ?? a.line,
      at: freeze.at,
      oper: freeze.by,
      text: markText(`Frozen in Atheme: ${reason}`, entry?.line ?? a.line),
    });
  }
  if (meta("private:mark:setter") !== undefined) {
    const entry = a.metadata.get("private:mark:reason") ?? a.metadata.get("private:mark:setter");
    const at = Number(meta("private:mark:timestamp"));
    marks.push({
      line: entry?.line ?? a.line,
      at: Number.isSafeInteger(at) && at > 0 ? ms(at) : ms(a.registered),
      oper: clip(meta("private:mark:setter") ?? "atheme", 64),
      text: markText(meta("private:mark:reason") ?? "", entry?.line ?? a.line),
    });
  }
  for (const m of a.marks) {
    marks.push({ line: m.line, at: m.time !== null ? ms(m.time) : ms(a.registered), oper: clip(m.setter, 64), text: markText(m.text, m.line) });
  }
  report.found("marks", marks.length);

  const nicks: PlannedNick[] = [];
  let nameNick: PlannedNick | null = null;
  const nameKey = foldName(a.name);
  for (const n of a.nicks) {
    report.found("nicks");
    const planned = { line: n.line, nick: n.nick, registeredAt: ms(n.registered), lastSeenAt: ms(n.lastSeen) };
    if (foldName(n.nick) === nameKey) {
      nameNick = planned;
      continue;
    }
    const problem = nickProblem(n.nick);
    if (problem || ENTITY_ID.test(n.nick.toUpperCase()) || DEGRADED_NAME.test(n.nick)) {
      report.skip("nicks", n.line, `nick ${printable(n.nick)} of ${printable(a.name)}: not a valid nickname here: skipped.`);
      continue;
    }
    nicks.push(planned);
  }

  const certfps: PlannedAccount["certfps"] = [];
  for (const c of a.certfps) {
    report.found("certfps");
    const normal = normaliseFingerprint(c.fingerprint);
    if (!normal.ok) report.skip("certfps", c.line, `${who}: its certificate fingerprint ${fingerprintProblem(normal.error)}: skipped.`);
    else certfps.push({ line: c.line, fingerprint: normal.value });
  }

  const host = (key: string): string | null => {
    const v = meta(key);
    return v && /^[^\s!@]{1,64}@[^\s!@]{1,255}$/.test(v) ? `${a.name}!${v}` : null;
  };
  const lastSeen = Math.max(a.lastLogin, a.registered, ...a.nicks.map((n) => n.lastSeen));
  return {
    line: a.line,
    legacyId,
    name: a.name,
    passwordHash,
    email,
    emailCanonical: canonicalEmail(email),
    emailProblem,
    status: unverified ? "unverified" : "active",
    createdAt: ms(a.registered),
    verifiedAt: unverified ? null : ms(a.registered),
    lastSeenAt: ms(lastSeen),
    lastLoginAt: a.lastLogin > 0 ? ms(a.lastLogin) : null,
    lastMask: host("private:host:vhost"),
    lastRealMask: host("private:host:actual"),
    hideEmail: a.flags.includes("s"),
    noexpire: a.flags.includes("h"),
    frozen,
    nicks,
    nameNick,
    marks,
    certfps,
    freeze,
  };
}

/** `accounts`: the accounts of the plan, folded name -> name. */
function mapChannel(c: AthemeChannel, accounts: ReadonlyMap<string, string>, rules: MappingRules, report: ImportReport): PlannedChannel | null {
  const who = `channel ${printable(c.name)}`;
  const skipAccess = (why: string): void => {
    for (const entry of c.access) {
      report.found("access");
      report.skip("access", entry.line, `${printable(entry.target)} in ${printable(c.name)}: ${why}`);
    }
  };
  if (c.name.length > rules.channelMaxLength || !rules.channelPattern.test(c.name)) {
    report.skip("channels", c.line, `${who}: not a channel name X2 registers ([channels] name_pattern and max_name_length): skipped.`);
    skipAccess("its channel was skipped.");
    return null;
  }
  if (c.metadata.has("private:close:closer")) {
    report.skip("channels", c.line, `${who}: closed by the network staff in Atheme (CLOSE): skipped.`);
    skipAccess("its channel was skipped.");
    return null;
  }
  const founder = c.access.find((e) => e.flags.includes("F") && accounts.has(foldName(e.target)));
  if (!founder) {
    report.skip("channels", c.line, `${who}: no founder among the imported accounts: skipped.`);
    skipAccess("its channel was skipped.");
    return null;
  }
  const meta = (key: string): string | undefined => c.metadata.get(key)?.value;
  for (const key of c.metadata.keys()) if (!CHANNEL_KEYS_USED.has(key) && !key.startsWith("private:close:")) report.notCarriedOver(`channel metadata ${printable(key, 40)}`);
  for (const flag of c.flags) report.notCarriedOver(`channel setting ${CHANNEL_FLAG_NAMES[flag] ?? `+${printable(flag, 2)}`}`);

  const access: PlannedAccess[] = [];
  for (const e of c.access) {
    report.found("access");
    const where = `${printable(e.target)} in ${printable(c.name)} (+${printable(e.flags, 30)})`;
    if (e.target.startsWith("!")) {
      report.skip("access", e.line, `${where}: a GroupServ group; Custodian has no groups: skipped.`);
      continue;
    }
    if (e.target.includes("!") || e.target.includes("@") || e.target.includes("*")) {
      report.skip("access", e.line, `${where}: a hostmask entry; Custodian's access lists hold accounts: skipped.`);
      continue;
    }
    const key = foldName(e.target);
    const accountName = accounts.get(key);
    if (accountName === undefined) {
      report.skip("access", e.line, `${where}: the account was not imported: skipped.`);
      continue;
    }
    let level = levelForFlags(e.flags);
    if (level === null) {
      report.skip("access", e.line, `${where}: these flags fit no access level: skipped.`);
      continue;
    }
    if (level === LEVELS.owner && e !== founder) {
      level = LEVELS.coowner;
      report.warn("access", e.line, `${where}: another founder in Atheme; a Custodian channel has one owner (${printable(founder.target)}), so this one becomes coowner.`);
    }
    access.push({ line: e.line, accountKey: key, accountName, level, flags: e.flags, addedAt: ms(e.modified || c.registered), addedBy: clip(e.setter, 64) });
  }
  const notes: PlannedChannel["notes"] = [];
  if (meta("private:mark:setter") !== undefined) {
    const at = Number(meta("private:mark:timestamp"));
    notes.push({
      line: c.metadata.get("private:mark:setter")?.line ?? c.line,
      at: Number.isSafeInteger(at) && at > 0 ? ms(at) : ms(c.registered),
      oper: clip(meta("private:mark:setter") ?? "atheme", 64),
      text: clip(`Marked in Atheme: ${meta("private:mark:reason") ?? ""}`, MAX_MARK_LENGTH),
    });
  }
  const email = meta("email");
  const validEmail = email === undefined ? null : validateEmail(email);
  if (validEmail && !validEmail.ok) report.warn("channels", c.line, `${who}: its email ${printable(email ?? "")} is not valid here; the owner's is used.`);
  const ts = Number(meta("private:channelts"));
  const ownerKey = foldName(founder.target);
  return {
    line: c.line,
    name: c.name,
    ownerKey,
    ownerName: accounts.get(ownerKey) as string,
    email: validEmail?.ok ? validEmail.value : null,
    registeredAt: ms(c.registered),
    lastUsedAt: ms(Math.max(c.used, c.registered)),
    ts: Number.isSafeInteger(ts) && ts > 0 ? ts : null,
    access,
    notes,
  };
}

/** Why a certificate fingerprint is not imported, as the report says it (after "the fingerprint"). */
export function fingerprintProblem(failure: CertFailure): string {
  switch (failure.kind) {
    case "fingerprint-chars":
      return "is not hexadecimal";
    case "fingerprint-length":
      return "is not 32, 40, 64 or 128 hexadecimal digits long";
    case "fingerprint-yours":
      return "is listed twice";
    case "fingerprint-taken":
      return "is another account's";
    case "fingerprint-list-full":
      return `is one more than the ${failure.max} an account may have`;
    case "fingerprint-not-listed":
      return "is not listed";
  }
}

/** Why the email blacklist cannot hold an Atheme BADMAIL mask, as the report says it. */
const MASK_PROBLEMS: Record<MaskProblem["kind"], string> = {
  "mask-empty": "an empty mask",
  "mask-space": "the mask holds spaces or control characters",
  "mask-too-long": `the mask is longer than ${MAX_MASK_LENGTH} characters`,
  "mask-not-email": "not an email mask (it needs an @ or a dot)",
  "mask-many-at": "the mask has more than one @",
  "mask-chars": "the mask holds characters no email address has",
  "mask-too-broad": "the mask would match nearly every address",
};

function mapBadmail(data: AthemeData, report: ImportReport): PlannedBlacklist[] {
  const out: PlannedBlacklist[] = [];
  const seen = new Set<string>();
  for (const b of data.badmail) {
    report.found("badmail");
    const problem = maskProblem(b.mask);
    if (problem) {
      report.skip("badmail", b.line, `BADMAIL ${printable(b.mask)}: ${MASK_PROBLEMS[problem.kind]}: skipped.`);
      continue;
    }
    const key = normaliseMask(b.mask);
    if (seen.has(key)) {
      report.skip("badmail", b.line, `BADMAIL ${printable(b.mask)}: listed twice: skipped.`);
      continue;
    }
    seen.add(key);
    let reason = b.reason.trim() || "Imported from Atheme BADMAIL";
    if (reason.length > MAX_REASON_LENGTH) {
      report.warn("badmail", b.line, `BADMAIL ${printable(b.mask)}: its reason was cut to ${MAX_REASON_LENGTH} characters.`);
      reason = clip(reason, MAX_REASON_LENGTH);
    }
    out.push({ line: b.line, mask: b.mask, reason, setter: clip(b.setter, 64), createdAt: ms(b.time) });
  }
  return out;
}

/** The nicks and fingerprints of an account that is not imported. */
function skipDependents(a: AthemeAccount, report: ImportReport): void {
  for (const n of a.nicks) {
    report.found("nicks");
    report.skip("nicks", n.line, `nick ${printable(n.nick)}: its account was skipped.`);
  }
  for (const c of a.certfps) {
    report.found("certfps");
    report.skip("certfps", c.line, `certificate fingerprint of ${printable(a.name)}: its account was skipped.`);
  }
}

/** Takes the items out of `list` one by one, in order, so that each can be collected once handled. */
function* drain<T>(list: T[]): Generator<T> {
  list.reverse();
  for (let item = list.pop(); item !== undefined; item = list.pop()) yield item;
}

/**
 * The plan for the records read (see ImportPlan): `plainTextHashes` holds the scrypt hashes of the
 * passwords Atheme kept in plain text, by the line of their account. Consumes `data`: each account and channel leaves its list
 * as it is mapped.
 */
export function mapAtheme(data: AthemeData, rules: MappingRules, report: ImportReport, plainTextHashes: ReadonlyMap<number, string>): ImportPlan {
  /** The accounts of the plan: folded name -> name (the channels' founders and access entries must be among them). */
  const planned = new Map<string, string>();
  let accountsDone = false;
  const nickClaims = new Map<string, string>();
  for (const a of data.accounts) for (const n of a.nicks) nickClaims.set(foldName(n.nick), a.name);

  function* accounts(): Generator<PlannedAccount> {
    const perEmail = new Map<string, number>();
    let plaintext = 0;
    for (const a of drain(data.accounts)) {
      const claimedBy = nickClaims.get(foldName(a.name));
      if (claimedBy !== undefined && foldName(claimedBy) !== foldName(a.name)) {
        report.skip("accounts", a.line, `account ${printable(a.name)}: its name is a nick grouped to ${printable(claimedBy)}: skipped.`);
        skipDependents(a, report);
        continue;
      }
      const account = mapAccount(a, plainTextHashes, report);
      if (!account) {
        skipDependents(a, report);
        continue;
      }
      planned.set(foldName(account.name), account.name);
      perEmail.set(account.emailCanonical, (perEmail.get(account.emailCanonical) ?? 0) + 1);
      if (plainTextPassword(a)) plaintext++;
      yield account;
    }
    accountsDone = true;
    const crowded = [...perEmail.values()].filter((n) => n > rules.maxAccountsPerEmail).length;
    if (crowded > 0) {
      report.notes.push(`${crowded} email address(es) hold more than [nickserv] max_accounts_per_email (${rules.maxAccountsPerEmail}) accounts; they are imported, but no new account can use those addresses.`);
    }
    if (plaintext > 0) report.notes.push(`${plaintext} password(s) were stored in plain text by Atheme (no crypto module); they are hashed with scrypt on import.`);
    if (data.operators.length > 0) {
      report.notes.push(
        `Atheme services operators (SO) are not imported; give them privileges in services.conf [opers]: ${data.operators.map((o) => `${printable(o.account)} (${printable(o.operclass, 20)})`).join(", ")}.`,
      );
    }
  }

  function* channels(): Generator<PlannedChannel> {
    if (!accountsDone) throw new Error("the import maps the channels after all the accounts");
    for (const c of drain(data.channels)) {
      const channel = mapChannel(c, planned, rules, report);
      if (channel) yield channel;
    }
  }

  return { accounts: accounts(), channels: channels(), blacklist: mapBadmail(data, report) };
}
