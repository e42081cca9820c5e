/**
 * Reads an Atheme database file (DBV 12 as Atheme 7.2 writes it; DBV 8 to 11 and the rows later
 * versions add are understood too) into AthemeData. Nothing here throws on bad input: every row
 * that cannot be used is reported with its line, and a file that is cut short or is not an Atheme
 * database makes the report fatal.
 */
import { foldName } from "../../accounts/names.js";
import { readLines, Row, DEFAULT_MAX_LINE_BYTES } from "./opensex.js";
/** Rows Atheme writes that have no Custodian meaning, by type: what they hold. */
const NOT_IMPORTED = {
    ME: "memos (ME)",
    MI: "memo ignores (MI)",
    AC: "NickServ ACCESS masks (AC)",
    NAM: "reserved old account names (NAM)",
    MDN: "metadata of old account names (MDN)",
    MDA: "channel access metadata (MDA)",
    SI: "services ignores (SI)",
    KL: "AKILLs (KL)",
    XL: "SGLINEs (XL)",
    QL: "SQLINEs (QL)",
    GRP: "GroupServ groups (GRP)",
    GACL: "GroupServ access (GACL)",
    MDG: "GroupServ metadata (MDG)",
    GFA: "GroupServ founder flags (GFA)",
    HR: "HostServ requests (HR)",
    HO: "HostServ offers (HO)",
    HE: "HostServ entries (HE)",
    BOT: "BotServ bots (BOT)",
    CSREQ: "ChanServ registration requests (CSREQ)",
    CFCHAN: "ChanFix channels (CFCHAN)",
    CFOP: "ChanFix op records (CFOP)",
    CFMD: "ChanFix metadata (CFMD)",
    RW: "RWATCH entries (RW)",
    RR: "RMATCH/RWATCH entries (RR)",
    RM: "restored marks (RM)",
    TS: "timestamps (TS)",
    BLE: "DNSBL exemptions (BLE)",
};
/** Bookkeeping rows: read silently. */
const BOOKKEEPING = new Set(["GRVER", "MDEP", "LUID", "CF", "KID", "XID", "QID", "DE", "SU", "GDBV", "CFDBV"]);
/** Unknown row types reported line by line, then only counted. */
const UNKNOWN_REPORTED_PER_TYPE = 5;
/** Longest field accepted in a word position (names, emails, hashes); longer rows are skipped. */
export const MAX_WORD = 512;
const MAX_TIME = 253_402_300_799; // 9999-12-31
/** A time in seconds since the epoch, or null when the word is not one. */
function parseTime(word) {
    if (word === undefined || !/^\d{1,12}$/.test(word))
        return null;
    const n = Number(word);
    return n <= MAX_TIME ? n : null;
}
/** A printable name for messages: control characters escaped, cut at 60 characters. */
export function printable(text, max = 60) {
    const clean = text.replace(/[\p{Cc}\p{Cf}]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}
const SECTION_OF = { MU: "accounts", MN: "nicks", MC: "channels", CA: "access", BE: "badmail", MCFP: "certfps", MM: "marks" };
export function readAthemeFile(path, report, maxLineBytes = DEFAULT_MAX_LINE_BYTES) {
    const data = { schemaVersion: null, accounts: [], channels: [], badmail: [], operators: [] };
    const accountsByName = new Map();
    const accountsByUid = new Map();
    const channelsByName = new Map();
    const nickOwners = new Map();
    const fingerprints = new Set();
    const unknown = new Map();
    let lines = 0;
    const skipRow = (type, line, why) => {
        const section = SECTION_OF[type];
        if (section) {
            report.found(section);
            report.skip(section, line, why);
        }
        else
            report.warn("file", line, why);
    };
    /** The next word, or null (and the row reported) when it is missing or too long. */
    const need = (row, what) => {
        const w = row.word();
        if (w === undefined || w === "") {
            skipRow(row.type, row.line, `${row.type} row without its ${what}: skipped.`);
            return null;
        }
        if (w.length > MAX_WORD) {
            skipRow(row.type, row.line, `${row.type} row with a ${what} of ${w.length} characters (at most ${MAX_WORD}): skipped.`);
            return null;
        }
        return w;
    };
    const needTime = (row, what) => {
        const w = row.word();
        const t = parseTime(w);
        if (t === null)
            skipRow(row.type, row.line, `${row.type} row whose ${what} is not a time (${printable(w ?? "missing", 20)}): skipped.`);
        return t;
    };
    const handlers = {
        DBV(row) {
            const v = Number(row.word());
            if (!Number.isInteger(v) || v < 1) {
                report.refuse(`line ${row.line}: the DBV row does not give a schema version.`);
                return;
            }
            data.schemaVersion = v;
            report.schemaVersion = v;
            if (v < 8)
                report.refuse(`line ${row.line}: DBV ${v} is older than Atheme 5 wrote (8 or later is supported); load it into a newer Atheme and let it save first.`);
            else if (v > 12)
                report.warn("file", row.line, `DBV ${v} is newer than Atheme 7.2's 12; rows are read as DBV 12 rows.`);
        },
        MU(row) {
            const v = data.schemaVersion ?? 12;
            const uid = v >= 10 ? need(row, "entity ID") : null;
            if (v >= 10 && uid === null)
                return;
            const name = need(row, "name");
            const pass = name === null ? null : need(row, "password");
            const email = pass === null ? null : need(row, "email");
            if (name === null || pass === null || email === null)
                return;
            const registered = needTime(row, "registration time");
            if (registered === null)
                return;
            const lastLogin = needTime(row, "last login time");
            if (lastLogin === null)
                return;
            const flags = row.word() ?? "+";
            report.found("accounts");
            if (!/^\+?[A-Za-z]*$/.test(flags)) {
                report.skip("accounts", row.line, `account ${printable(name)}: the flags ${printable(flags, 20)} are not Atheme's (DBV ${v} writes +letters): skipped.`);
                return;
            }
            const key = foldName(name);
            if (accountsByName.has(key)) {
                report.skip("accounts", row.line, `account ${printable(name)}: a second account of that name (the first is on line ${accountsByName.get(key)?.line}): skipped.`);
                return;
            }
            if (uid !== null && accountsByUid.has(uid.toUpperCase())) {
                report.skip("accounts", row.line, `account ${printable(name)}: its entity ID ${printable(uid)} is also account ${printable(accountsByUid.get(uid.toUpperCase())?.name ?? "")}'s (line ${accountsByUid.get(uid.toUpperCase())?.line}): skipped.`);
                return;
            }
            const account = {
                line: row.line,
                uid,
                name,
                pass,
                email,
                registered,
                lastLogin,
                flags: flags.replace(/^\+/, ""),
                metadata: new Map(),
                nicks: [],
                certfps: [],
                marks: [],
            };
            accountsByName.set(key, account);
            if (uid !== null)
                accountsByUid.set(uid.toUpperCase(), account);
            data.accounts.push(account);
        },
        MDU(row) {
            const name = need(row, "account");
            const key = name === null ? null : need(row, "key");
            if (name === null || key === null)
                return;
            const account = accountsByName.get(foldName(name));
            if (!account) {
                report.warn("file", row.line, `metadata ${printable(key, 40)} for the unknown account ${printable(name)}: ignored.`);
                return;
            }
            account.metadata.set(key, { value: row.rest(), line: row.line });
        },
        MN(row) {
            const owner = need(row, "account");
            const nick = owner === null ? null : need(row, "nick");
            if (owner === null || nick === null)
                return;
            const registered = needTime(row, "registration time");
            const lastSeen = registered === null ? null : needTime(row, "last seen time");
            if (registered === null || lastSeen === null)
                return;
            const account = accountsByName.get(foldName(owner));
            if (!account) {
                skipRow("MN", row.line, `nick ${printable(nick)} of the unknown account ${printable(owner)}: skipped.`);
                return;
            }
            const key = foldName(nick);
            const other = nickOwners.get(key);
            if (other !== undefined) {
                skipRow("MN", row.line, `nick ${printable(nick)} of ${printable(owner)} is also registered to ${printable(other)}: skipped.`);
                return;
            }
            nickOwners.set(key, account.name);
            account.nicks.push({ line: row.line, nick, registered, lastSeen });
        },
        MCFP(row) {
            const owner = need(row, "account");
            const fingerprint = owner === null ? null : need(row, "fingerprint");
            if (owner === null || fingerprint === null)
                return;
            const account = accountsByName.get(foldName(owner));
            if (!account) {
                skipRow("MCFP", row.line, `certificate fingerprint of the unknown account ${printable(owner)}: skipped.`);
                return;
            }
            if (fingerprints.has(fingerprint.toLowerCase())) {
                skipRow("MCFP", row.line, `certificate fingerprint of ${printable(owner)} is listed for another account too: skipped.`);
                return;
            }
            fingerprints.add(fingerprint.toLowerCase());
            account.certfps.push({ line: row.line, fingerprint });
        },
        MM(row) {
            // MM <account uid> <setter uid> <setter name> <restored-from uid|NULL> <restored-from account> <time> <number> <text>
            const uid = need(row, "account entity ID");
            if (uid === null)
                return;
            row.word();
            const setter = row.word() ?? "*";
            row.word();
            row.word();
            const time = parseTime(row.word());
            row.word();
            const text = row.rest();
            const account = accountsByUid.get(uid.toUpperCase());
            if (!account) {
                skipRow("MM", row.line, `mark for the unknown entity ID ${printable(uid)}: skipped.`);
                return;
            }
            account.marks.push({ line: row.line, setter, time, text });
        },
        MC(row) {
            const name = need(row, "name");
            if (name === null)
                return;
            const registered = needTime(row, "registration time");
            const used = registered === null ? null : needTime(row, "last used time");
            if (registered === null || used === null)
                return;
            const flags = (row.word() ?? "+").replace(/^\+/, "");
            report.found("channels");
            const key = foldName(name);
            if (channelsByName.has(key)) {
                report.skip("channels", row.line, `channel ${printable(name)}: registered twice (first on line ${channelsByName.get(key)?.line}): skipped.`);
                return;
            }
            const channel = { line: row.line, name, registered, used, flags, metadata: new Map(), access: [] };
            channelsByName.set(key, channel);
            data.channels.push(channel);
        },
        CA(row) {
            const name = need(row, "channel");
            const target = name === null ? null : need(row, "target");
            const flags = target === null ? null : need(row, "flags");
            if (name === null || target === null || flags === null)
                return;
            const modified = parseTime(row.word()) ?? 0;
            const setter = row.word() ?? "*";
            const channel = channelsByName.get(foldName(name));
            if (!channel) {
                skipRow("CA", row.line, `access entry for the unknown channel ${printable(name)}: skipped.`);
                return;
            }
            channel.access.push({ line: row.line, target, flags: flags.replace(/^\+/, ""), modified, setter });
        },
        MDC(row) {
            const name = need(row, "channel");
            const key = name === null ? null : need(row, "key");
            if (name === null || key === null)
                return;
            const channel = channelsByName.get(foldName(name));
            if (!channel) {
                report.warn("file", row.line, `metadata ${printable(key, 40)} for the unknown channel ${printable(name)}: ignored.`);
                return;
            }
            channel.metadata.set(key, { value: row.rest(), line: row.line });
        },
        BE(row) {
            const mask = need(row, "address");
            if (mask === null)
                return;
            const time = needTime(row, "time");
            if (time === null)
                return;
            const setter = row.word() ?? "*";
            data.badmail.push({ line: row.line, mask, time, setter, reason: row.rest() });
        },
        SO(row) {
            const account = need(row, "account");
            const operclass = account === null ? null : need(row, "operclass");
            if (account === null || operclass === null)
                return;
            data.operators.push({ line: row.line, account, operclass });
        },
    };
    for (const raw of readLines(path, maxLineBytes)) {
        lines = raw.line;
        if (report.fatal)
            break;
        switch (raw.kind) {
            case "truncated":
                report.refuse(`the file ends in the middle of line ${raw.line} (${raw.bytes} bytes without a newline): it was cut short, and rows may be missing.`);
                continue;
            case "oversize":
                skipRow(raw.type, raw.line, `${raw.type || "a"} row of ${raw.bytes} bytes (longer than ${maxLineBytes}): skipped.`);
                continue;
            case "encoding":
                skipRow(raw.type, raw.line, `${raw.type || "a"} row that is not valid UTF-8: skipped.`);
                continue;
        }
        const text = raw.text;
        if (text.trim() === "" || text.startsWith("#"))
            continue;
        const row = new Row(raw.line, text);
        if (data.schemaVersion === null && row.type !== "DBV" && !BOOKKEEPING.has(row.type)) {
            report.refuse(`line ${raw.line}: a ${printable(row.type, 12)} row before any DBV row: this is not an Atheme database (or its start is missing).`);
            break;
        }
        const handler = handlers[row.type];
        if (handler)
            handler(row);
        else if (BOOKKEEPING.has(row.type))
            continue;
        else if (NOT_IMPORTED[row.type])
            report.notCarriedOver(NOT_IMPORTED[row.type]);
        else {
            const seen = (unknown.get(row.type) ?? 0) + 1;
            unknown.set(row.type, seen);
            if (seen <= UNKNOWN_REPORTED_PER_TYPE)
                report.warn("file", raw.line, `unknown row type ${printable(row.type, 16)}: ignored.`);
            report.notCarriedOver(`unknown row type ${printable(row.type, 16)}`);
        }
    }
    if (!report.fatal && lines === 0)
        report.refuse("the file is empty.");
    else if (!report.fatal && data.schemaVersion === null)
        report.refuse("there is no DBV row: this is not an Atheme database.");
    return data;
}
//# sourceMappingURL=read.js.map