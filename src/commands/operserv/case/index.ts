import type { Command } from "../../types.js";
import { caseCancel } from "./cancel.js";
import { caseExport } from "./export.js";
import { caseHold } from "./hold.js";
import { caseList } from "./list.js";
import { caseRelease } from "./release.js";
import { caseRule } from "./rule.js";
import { caseShow } from "./show.js";

export const deletionCase: Command = {
  name: "CASE",
  syntax: "CASE LIST | SHOW | HOLD | RELEASE | RULE | CANCEL | EXPORT",
  summary: "Works on account deletion cases.",
  help: [
    "A deletion case (aYYYYMMDD.N) is opened by {nickserv} DROP or {operserv} DELETE. It is carried out after its",
    "objection window when nothing holds it, bottom-up: channels to successors or dropped, access removed,",
    "nicks, then the account. A tombstone keeps its entity ID, the case number and the dates.",
  ],
  minArgs: 0,
  privilege: "case",
  subcommands: [caseList, caseShow, caseHold, caseRelease, caseRule, caseCancel, caseExport],
};
