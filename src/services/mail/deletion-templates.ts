/**
 * The mails of account deletion cases (issue 18): the confirmation code of NickServ DROP, the
 * case opened (what will happen, when, how to object), the account deleted, the case cancelled,
 * and an account's export (NickServ EXPORT, OperServ CASE EXPORT).
 */
import { block, IGNORE, list, text, type Data, type Renderer } from "./template-text.js";

/** What a deletion does, one line each (the opened and the done mails). */
function planLines(template: string, d: Data, done: boolean): string[] {
  const will = (future: string, past: string): string => (done ? past : future);
  const successions = d.successions;
  if (!Array.isArray(successions)) throw new Error(`mail template ${template}: data.successions must be an array`);
  const lines = successions.map((entry: unknown) => {
    const e = (entry ?? {}) as Data;
    return `  - ${text(template, e, "channel")} ${will("goes", "went")} to ${text(template, e, "successor")}, who ${will("becomes", "became")} its owner.`;
  });
  for (const channel of list(template, d, "drops")) lines.push(`  - ${channel} ${will("is", "was")} dropped: nobody with enough access could take it over.`);
  const access = list(template, d, "access");
  if (access.length > 0) lines.push(`  - Your access ${will("is", "was")} removed from ${access.join(", ")}.`);
  const nicks = list(template, d, "nicks");
  if (nicks.length === 1) lines.push(`  - Your nickname ${nicks[0]} ${will("is", "was")} released.`);
  if (nicks.length > 1) lines.push(`  - Your nicknames ${nicks.join(", ")} ${will("are", "were")} released.`);
  if (d.staff === true) lines.push(`  - Your staff privileges ${will("are", "were")} revoked.`);
  lines.push(`  - The account ${will("is", "was")} deleted; only a record of the case ${will("is", "was")} kept, without your name or address.`);
  return lines;
}

type DeletionTemplate = "account_deletion_confirm" | "account_deletion_opened" | "account_deletion_done" | "account_deletion_cancelled" | "account_export";

export const DELETION_RENDERERS: Record<DeletionTemplate, Renderer> = {
  account_deletion_confirm(d, mail) {
    const t = "account_deletion_confirm";
    const account = text(t, d, "account");
    const ns = text(t, d, "serviceNick", "NickServ");
    const code = text(t, d, "code");
    const command = text(t, d, "command", `/msg ${ns} DROP ${account} <password> ${code}`);
    return {
      subject: `${mail.network_name}: confirm the deletion of ${account}`,
      body: [
        "Hello,",
        "",
        `Someone who knows the password of the account ${account} on ${mail.network_name} asked to`,
        "delete it. To confirm, type this on IRC, with the account's password:",
        "",
        `  ${command}`,
        "",
        `The code works for ${text(t, d, "lifetime", "24h")}. Confirming opens a deletion case; you will get`,
        "a mail with its number and the date it is carried out, and you can still cancel it until then.",
      ],
      ignore: `${IGNORE} The account stays; as someone else may know your password, change it.`,
    };
  },

  account_deletion_opened(d, mail) {
    const t = "account_deletion_opened";
    const account = text(t, d, "account");
    const caseNumber = text(t, d, "caseNumber");
    const ns = text(t, d, "serviceNick", "NickServ");
    const code = text(t, d, "cancelCode", "");
    const contact = mail.contact || mail.from;
    const objection = code
      ? ["To cancel it before then, type this on IRC:", "", `  /msg ${ns} DROP CANCEL ${code}`, "", `or write to the staff at ${contact}, quoting the case number.`]
      : [`The staff opened this case. To object, write to ${contact} before then, quoting the case number.`];
    return {
      subject: `${mail.network_name}: deletion case ${caseNumber} for ${account}`,
      body: [
        "Hello,",
        "",
        `A case to delete the account ${account} on ${mail.network_name} was opened: case ${caseNumber}.`,
        `It is carried out on ${text(t, d, "executeAt")} at the earliest (later if the staff must decide`,
        "something first). Then:",
        "",
        ...planLines(t, d, false),
        "",
        ...objection,
      ],
      ignore: null,
    };
  },

  account_deletion_done(d, mail) {
    const t = "account_deletion_done";
    const caseNumber = text(t, d, "caseNumber");
    return {
      subject: `${mail.network_name}: the account ${text(t, d, "account")} was deleted (case ${caseNumber})`,
      body: [
        "Hello,",
        "",
        `The account ${text(t, d, "account")} on ${mail.network_name} was deleted (case ${caseNumber}):`,
        "",
        ...planLines(t, d, true),
        "",
        `The case record keeps only the account's entity ID (${text(t, d, "entityId")}), the case number and the`,
        "dates. This is the last mail sent to this address about the account.",
      ],
      ignore: null,
    };
  },

  account_deletion_cancelled(d, mail) {
    const t = "account_deletion_cancelled";
    const account = text(t, d, "account");
    const caseNumber = text(t, d, "caseNumber");
    return {
      subject: `${mail.network_name}: deletion case ${caseNumber} cancelled`,
      body: [
        "Hello,",
        "",
        `The deletion case ${caseNumber} for the account ${account} on ${mail.network_name} was cancelled`,
        d.by === "member" ? "with the cancel code mailed to you." : "by the staff.",
        "The account stays as it was.",
      ],
      ignore: null,
    };
  },

  account_export(d, mail) {
    const t = "account_export";
    const caseNumber = text(t, d, "caseNumber", "");
    if (caseNumber) {
      // Mails queued before `accounts` existed carry the list in `account`.
      const accounts = Array.isArray(d.accounts) ? list(t, d, "accounts") : [text(t, d, "account")];
      const which = accounts.length === 1 ? `the account ${accounts[0]}` : `its ${accounts.length} accounts, ${accounts.join(", ")}`;
      return {
        subject: `${mail.network_name}: the record of case ${caseNumber}`,
        body: [
          "Hello,",
          "",
          `Below is the record of case ${caseNumber}, with everything ${mail.network_name} services hold about ${which}.`,
          "It is a JSON document; password hashes and codes are never included.",
          "",
          ...block(t, d, "json"),
        ],
        ignore: null,
      };
    }
    const account = text(t, d, "account");
    return {
      subject: `${mail.network_name}: the data of your account ${account}`,
      body: [
        "Hello,",
        "",
        `Below is everything ${mail.network_name} services hold about your account ${account}, as you asked.`,
        "It is a JSON document; password hashes and codes are never included.",
        "",
        ...block(t, d, "json"),
      ],
      ignore: `${IGNORE} Someone logged in to your account asked for it; change your password.`,
    };
  },
};
