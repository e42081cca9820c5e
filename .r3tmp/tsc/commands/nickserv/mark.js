import { shown } from "../../util/text.js";
import { formatWhen, wordsOf } from "../words.js";
import { accountFailureText } from "./failures.js";
const SYNTAX = "MARK <account> ADD <text> | DEL <id> | LIST";
export const mark = {
    name: "MARK",
    syntax: SYNTAX,
    summary: "Adds, removes or lists staff notes on an account.",
    help: [
        "Staff notes on an account, shown in INFO to holders of account:auspex.",
        "MARK <account> ADD <text>  adds a note;  MARK <account> DEL <id>  removes note #id;  MARK <account> LIST  lists them.",
    ],
    minArgs: 2,
    maxArgs: 3,
    rest: true,
    privilege: "account:mark",
    run(ctx, [reference = "", action = "", text]) {
        const { accounts, clock } = ctx.services;
        const verb = action.toUpperCase();
        if (!["ADD", "DEL", "LIST"].includes(verb) || (verb === "ADD" && !text) || (verb === "DEL" && !text) || (verb === "LIST" && text)) {
            ctx.reply(`Syntax: ${SYNTAX}`);
            return;
        }
        const account = accounts.resolve(reference);
        if (!account)
            return void ctx.reply(`${shown(reference, 64)} is not registered.`);
        const oper = ctx.source.account;
        if (!oper)
            return void ctx.reply("You must be logged in.");
        if (verb === "LIST") {
            const marks = accounts.marks(account.id);
            if (marks.length === 0)
                return void ctx.reply(`${account.name} has no marks.`);
            for (const m of marks)
                ctx.reply(`#${m.id} ${formatWhen(m.at, clock.now())} by ${m.oper}: ${m.text}`);
            ctx.reply(`${marks.length} mark${marks.length === 1 ? "" : "s"} on ${account.name}.`);
            return;
        }
        if (verb === "ADD") {
            const result = accounts.addMark(account.id, oper, text ?? "");
            ctx.reply(result.ok ? `Mark #${result.value.id} added to ${account.name}.` : accountFailureText(result.error, wordsOf(ctx)));
            return;
        }
        const id = Number((text ?? "").replace(/^#/, ""));
        if (!Number.isSafeInteger(id) || id <= 0)
            return void ctx.reply(`"${shown(text ?? "", 20)}" is not a mark number; see MARK ${account.name} LIST.`);
        const result = accounts.deleteMark(account.id, id, oper);
        ctx.reply(result.ok ? `Mark #${id} removed from ${account.name}.` : accountFailureText(result.error, wordsOf(ctx)));
    },
};
//# sourceMappingURL=mark.js.map