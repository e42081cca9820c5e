import { formatUtcMinute } from "../../util/duration.js";
import type { Opened } from "../../services/lifecycle/deletion/service.js";
import type { Command } from "../types.js";
import { unmailableText, unmailedAccountsText } from "../email-words.js";
import { deletionFailureText } from "../deletion-words.js";
import { wordsOf } from "../words.js";
import { operOf } from "./common.js";

/** Whether the `count` accounts of a case opened were mailed its notice, for the oper. */
function mailedText(unmailed: Opened["unmailed"], count: number): string {
  const [only] = unmailed;
  if (!only) return count === 1 ? "The member was mailed." : "Each account's address was mailed.";
  if (count === 1) return unmailableText("The notice of the case", only.problem);
  return unmailed.length < count ? `${unmailedAccountsText(unmailed)}; the others were mailed.` : unmailedAccountsText(unmailed);
}

export const deleteAccount: Command = {
  name: "DELETE",
  syntax: "DELETE <account>[,<account>...] <reason>",
  summary: "Opens a deletion case for one or more accounts.",
  help: [
    "Opens a deletion case (aYYYYMMDD.N) for the accounts named (by name, nick or entity ID, separated by",
    "commas: one person's accounts go in one case, numbered 1, 2... inside it). Each member is mailed the",
    "case number, what will happen and how to object. The case is carried out by maintenance once the",
    "objection window ([deletion] objection_window) has passed and nothing holds it: see CASE SHOW for its",
    "checklist, CASE RULE for the decisions it needs, CASE HOLD and CASE CANCEL to stop it.",
  ],
  minArgs: 2,
  maxArgs: 2,
  rest: true,
  privilege: "account:delete",
  run(ctx, [list = "", reason = ""]) {
    const oper = operOf(ctx);
    const references = list.split(",").filter((r) => r.length > 0);
    const result = ctx.services.deletion.openStaffCase(oper, references, reason);
    if (!result.ok) return void ctx.reply(deletionFailureText(result.error, wordsOf(ctx)));
    const opened = result.value;
    if (opened.executed) {
      ctx.reply(`Case ${opened.caseNumber} was carried out at once: ${opened.executed.accounts.map((a) => `${a.name} (?${a.entityId})`).join(", ")} deleted.`);
      const unmailed = opened.executed.accounts.flatMap((a) => (a.unmailable ? [{ name: a.name, problem: a.unmailable }] : []));
      if (unmailed.length > 0) ctx.reply(unmailedAccountsText(unmailed));
      return;
    }
    ctx.reply(`Deletion case ${opened.caseNumber} opened; it is carried out from ${formatUtcMinute(opened.executeAt)} if nothing holds it. ${mailedText(opened.unmailed, references.length)}`);
    ctx.reply(`Checklist and what it waits for: /msg ${ctx.serviceNick} CASE SHOW ${opened.caseNumber}`);
  },
};
