import { rfc1459Fold } from "../../../util/casefold.js";
import { accountReferences, ident, tables } from "./schema.js";
/** Rows of one list at most. */
export const EXPORT_ROW_LIMIT = 1000;
/** Columns never exported: secrets, even hashed. */
const SECRET = /(^|_)hash$/i;
/**
 * Columns that name another person, left out of a member's export: who did something (`*_by`,
 * `*_by_name`: who added an entry, froze, decided, ruled), an oper's name, and a case checklist
 * (it names successors).
 */
const OTHERS = /(_by|_by_name)$|^(oper|setter|checklist)$/;
/** Columns, besides foreign keys, that refer to an account by entity ID. */
const REFERENCE_NAME = /(^|_)(account_id|owner_id)$/i;
export function buildExport(ctx, accountId, audience, caseNumber = null) {
    const { db } = ctx;
    const accountRow = db.prepare("SELECT * FROM accounts WHERE id = ?").get(accountId);
    if (!accountRow)
        return undefined;
    const truncated = {};
    const clean = (row) => cleanRow(row, audience, accountId);
    const references = {};
    const fkColumns = new Set();
    for (const ref of accountReferences(db)) {
        fkColumns.add(`${ref.table}.${ref.column}`);
        const name = `${ref.table}.${ref.column}`;
        references[name] = limited(name, selectRows(db, ref.table, ref.column, accountId), truncated).map(clean);
    }
    for (const table of tables(db)) {
        if (table.name === "accounts")
            continue;
        for (const column of table.columns) {
            const name = `${table.name}.${column.name}`;
            if (fkColumns.has(name) || !REFERENCE_NAME.test(column.name))
                continue;
            references[name] = limited(name, selectRows(db, table.name, column.name, accountId), truncated).map(clean);
        }
    }
    const counts = ctx.audit.counts(accountId);
    const about = ctx.audit.forTarget(accountId, EXPORT_ROW_LIMIT);
    if (counts.about > about.length)
        truncated["audit.about"] = counts.about - about.length;
    const by = audience === "case" ? ctx.audit.byActor(accountId, EXPORT_ROW_LIMIT).filter((e) => e.target !== accountId) : [];
    if (audience === "case" && counts.by > by.length)
        truncated["audit.by"] = counts.by - by.length;
    const email = String(accountRow.email);
    const ownNames = new Set([accountRow.name, accountRow.original_name, ...(references["account_nicks.account_id"] ?? []).map((r) => r.nick)]
        .filter((n) => typeof n === "string")
        .map(rfc1459Fold));
    const document = {
        format: "custodian-account-export/1",
        generatedAt: new Date(ctx.now).toISOString(),
        network: ctx.config.mail.network_name,
        audience,
        case: caseNumber,
        account: clean(accountRow),
        references,
        audit: audience === "case" ? { about: about.map(auditRow), by: by.map(auditRow) } : { about: about.map((e) => memberAuditRow(e, accountId, ownNames)) },
        mail: ctx.mail.historyFor(email).map((m) => ({ template: m.template, status: m.status, createdAt: iso(m.createdAt), sentAt: m.sentAt === null ? null : iso(m.sentAt) })),
        truncated,
    };
    const json = JSON.stringify(document, null, 2);
    return { document, json, bytes: Buffer.byteLength(json, "utf8"), tables: ["accounts", ...Object.keys(references).map((n) => n.split(".")[0])] };
}
function selectRows(db, table, column, accountId) {
    return db.prepare(`SELECT * FROM ${ident(table)} WHERE ${ident(column)} = ? LIMIT ?`).all(accountId, EXPORT_ROW_LIMIT + 1);
}
function limited(name, rows, truncated) {
    if (rows.length <= EXPORT_ROW_LIMIT)
        return rows;
    truncated[name] = rows.length - EXPORT_ROW_LIMIT;
    return rows.slice(0, EXPORT_ROW_LIMIT);
}
/**
 * A row fit for the audience: no secret, and for the member nothing that names someone else
 * (including the registrant details of a registration someone else made).
 */
function cleanRow(row, audience, accountId) {
    const out = {};
    const othersRegistration = "reg_account_id" in row && row.reg_account_id !== accountId;
    for (const [key, value] of Object.entries(row)) {
        if (SECRET.test(key))
            continue;
        if (audience === "member" && (OTHERS.test(key) || (othersRegistration && key.startsWith("reg_"))))
            continue;
        out[key] = Buffer.isBuffer(value) ? value.toString("base64") : value;
    }
    return out;
}
const iso = (ms) => new Date(ms).toISOString();
function auditRow(e) {
    return { at: iso(e.at), actor: e.actor, action: e.action, target: e.target, details: e.details };
}
/**
 * A member sees when and what, and whether they, the system or someone else did it (an actor
 * `uid:nick` is them when the nick is one of theirs: what they did before logging in).
 */
function memberAuditRow(e, accountId, ownNames) {
    const nick = /^[^:]+:(.+)$/.exec(e.actor)?.[1];
    const own = e.actor === accountId || (nick !== undefined && ownNames.has(rfc1459Fold(nick)));
    const actor = own ? "you" : e.actor === "system" ? "system" : "someone else";
    return { at: iso(e.at), action: e.action, actor };
}
//# sourceMappingURL=export.js.map