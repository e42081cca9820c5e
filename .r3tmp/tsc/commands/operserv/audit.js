import { entityIdReference } from "../../services/accounts/names.js";
import { formatDuration, parseDuration } from "../../util/duration.js";
import { shown } from "../../util/text.js";
/** Entries one AUDIT reply shows. */
export const AUDIT_PAGE_SIZE = 15;
/** Longest details text shown for one entry. */
const DETAILS_MAX = 160;
/** "2026-01-31 14:05:09" (UTC, as the header says). */
const stamp = (ms) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
/** An audit actor or target as staff read it: an entity ID with the account's current name. */
function named(ctx, ref) {
    if (ref === null)
        return "-";
    const id = entityIdReference(ref);
    if (id === null)
        return shown(ref, 64);
    const account = ctx.services.accounts.resolve(id);
    return account ? `${account.name} (${id})` : `${id} (gone)`;
}
function line(ctx, e) {
    const details = e.details === null ? "" : `  ${shown(JSON.stringify(e.details), DETAILS_MAX)}`;
    return `${stamp(e.at)}  ${named(ctx, e.actor)}  ${shown(e.action, 48)}  ${named(ctx, e.target)}${details}`;
}
/** What the first argument names, or the reason it names nothing. */
function resolveSubject(ctx, text) {
    if (text.startsWith("#"))
        return { query: { by: "target", key: text }, label: shown(text, 64) };
    const operName = /^oper:(.+)$/i.exec(text)?.[1];
    const reference = operName ?? text;
    const account = ctx.services.accounts.resolve(reference);
    // A dropped account is found by its entity ID: its history outlives it.
    const id = account?.id ?? entityIdReference(reference);
    if (id === null) {
        if (operName?.toLowerCase() === "system")
            return { query: { by: "actor", key: "system" }, label: "what the services did by themselves" };
        return `${shown(reference, 64)} is not a registered account (give an account name, nick or entity ID, a #channel, or oper:<account>).`;
    }
    const who = account ? `${account.name} (${id})` : id;
    return operName !== undefined ? { query: { by: "actor", key: id }, label: `what ${who} did` } : { query: { by: "target", key: id }, label: `account ${who}` };
}
export const audit = {
    name: "AUDIT",
    syntax: "AUDIT <account | #channel | oper:<account>> [<since>] [PAGE <n>]",
    summary: "Shows the audit log of an account, a channel or an oper.",
    help: [
        "Lists the audit log entries about an account (its name, a nick or its entity ID; a dropped",
        "account by its entity ID) or a #channel, or with oper:<account> the actions that account took",
        "(oper:system: the services' own maintenance). Newest first, " + `${AUDIT_PAGE_SIZE} a page: time (UTC), actor, action, target and details.`,
        "<since> limits it to a recent period, such as 7d or 12h. PAGE 2 shows the next page.",
        "Example: /msg {operserv} AUDIT #help 30d PAGE 2",
    ],
    minArgs: 1,
    maxArgs: 4,
    privilege: "audit",
    run(ctx, args) {
        const [subjectText = "", ...rest] = args;
        let since = null;
        let page = 1;
        for (let i = 0; i < rest.length; i++) {
            const word = rest[i];
            const duration = parseDuration(word);
            if (word.toUpperCase() === "PAGE") {
                const n = rest[++i] ?? "";
                if (!/^\d{1,6}$/.test(n) || Number(n) < 1) {
                    ctx.reply(`${shown(n || "(nothing)", 20)} is not a page number. Syntax: ${audit.syntax}`);
                    return;
                }
                page = Number(n);
            }
            else if (since === null && duration.ok && duration.value > 0) {
                since = { text: word, ms: duration.value };
            }
            else {
                ctx.reply(`${shown(word, 20)} is neither a duration (such as 7d) nor PAGE <n>. Syntax: ${audit.syntax}`);
                return;
            }
        }
        const subject = resolveSubject(ctx, subjectText);
        if (typeof subject === "string") {
            ctx.reply(subject);
            return;
        }
        const result = ctx.services.audit.query({
            ...subject.query,
            ...(since !== null ? { since: ctx.services.clock.now() - since.ms } : {}),
            limit: AUDIT_PAGE_SIZE,
            offset: (page - 1) * AUDIT_PAGE_SIZE,
        });
        const period = since === null ? "" : ` in the last ${formatDuration(since.ms)}`;
        const pages = Math.max(1, Math.ceil(result.total / AUDIT_PAGE_SIZE));
        if (result.total === 0) {
            ctx.reply(`No audit entries for ${subject.label}${period}.`);
            return;
        }
        if (result.entries.length === 0) {
            ctx.reply(`There are ${result.total} entries for ${subject.label}${period}: ${pages} page(s), not ${page}.`);
            return;
        }
        ctx.reply(`Audit log for ${subject.label}${period}: ${result.total} entries, page ${page} of ${pages}, newest first (times UTC):`);
        for (const entry of result.entries)
            ctx.reply(line(ctx, entry));
        if (page < pages) {
            const period = since === null ? "" : ` ${since.text}`;
            ctx.reply(`More: /msg ${ctx.serviceNick} AUDIT ${shown(subjectText, 64)}${period} PAGE ${page + 1}`);
        }
        else {
            ctx.reply("End of the audit log.");
        }
    },
};
//# sourceMappingURL=audit.js.map