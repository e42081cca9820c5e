import { blockerText, itemText, named } from "../../deletion-words.js";
import { formatWhen } from "../../words.js";
import { caseArg, refuse } from "./common.js";
export const caseShow = {
    name: "SHOW",
    syntax: "CASE SHOW <case>",
    summary: "Shows a case: its accounts, checklist, rulings and what it waits for.",
    help: [
        "Each checklist item is named by a key (channel:#name, access:#name, granted, staff, hold:...; with @K in",
        "a case of several accounts) that CASE RULE takes. Open cases show the checklist as it stands now.",
    ],
    minArgs: 1,
    maxArgs: 1,
    run(ctx, [text = ""]) {
        const number = caseArg(ctx, text);
        if (number === null)
            return;
        const result = ctx.services.deletion.show(number);
        if (!result.ok)
            return refuse(ctx, result.error);
        const { case: c, checklists, blockers, rulings, names, tombstones } = result.value;
        const now = ctx.services.clock.now();
        ctx.reply(`Case ${c.number} - ${c.state} (${c.origin === "member" ? "requested by the member" : "opened by staff"})`);
        ctx.reply(`  Opened:  ${formatWhen(c.openedAt, now)} by ${named(c.openedBy, names)}`);
        if (c.reason)
            ctx.reply(`  Reason:  ${c.reason}`);
        if (c.state === "open")
            ctx.reply(`  Window:  until ${formatWhen(c.windowEndsAt, now)}`);
        if (c.hold)
            ctx.reply(`  Hold:    ${c.hold.reason} (by ${named(c.hold.by, names)}, ${formatWhen(c.hold.at, now)})`);
        if (c.closedAt !== null)
            ctx.reply(`  Closed:  ${formatWhen(c.closedAt, now)} by ${c.closedBy === "system" ? "maintenance" : named(c.closedBy ?? "", names)}`);
        for (const account of c.accounts) {
            const tombstone = tombstones.find((t) => t.entityId === account.entityId);
            const state = account.executedAt !== null ? `deleted ${formatWhen(account.executedAt, now)}` : account.accountId ? "" : "deleted by another case";
            ctx.reply(`  Account ${account.k}: ${named(account.entityId, names)}${state ? ` - ${state}` : ""}`);
            if (tombstone)
                ctx.reply(`    tombstone: ${tombstone.email}, kept until ${formatWhen(tombstone.retainUntil, now)}`);
            const items = checklists.get(account.k) ?? account.checklist ?? [];
            if (items.length === 0 && account.accountId)
                ctx.reply("    nothing to hand over, remove, revoke or wait for");
            for (const item of items)
                ctx.reply(`    ${item.key.padEnd(20)} ${itemText(item, names)}`);
        }
        for (const r of rulings)
            ctx.reply(`  Ruling:  ${r.item} -> ${r.ruling.startsWith("successor:") ? `successor ${named(r.ruling.slice(10), names)}` : r.ruling} (by ${named(r.by, names)}, ${formatWhen(r.at, now)})`);
        if (c.state !== "open")
            return;
        if (blockers.length === 0)
            ctx.reply("  Status:  nothing holds it; maintenance carries it out on its next run.");
        else
            ctx.reply(`  Status:  waits for ${blockers.map((b) => blockerText(b, now)).join("; ")}.`);
    },
};
//# sourceMappingURL=show.js.map