/** Why an email address is refused, in words (the checks are src/services/mail/address.ts). */
import type { MailedRequest, UnmailableFailure } from "../services/accounts/failures.js";
import type { AddressProblem } from "../services/mail/address.js";
import type { Wording } from "./words.js";

export function addressProblemText(problem: AddressProblem): string {
  switch (problem.kind) {
    case "empty":
      return "No email address given.";
    case "control":
      return "An email address cannot contain control characters.";
    case "space":
      return "An email address cannot contain spaces.";
    case "list":
      return "Give one plain email address (without <, >, commas or semicolons).";
    case "quoted":
      return "Email addresses with a quoted local part are not accepted.";
    case "non-ascii":
      return "Only plain ASCII email addresses are accepted (write an international domain in its xn-- form).";
    case "too-long":
      return `An email address can be at most ${problem.max} characters long.`;
    case "no-at":
      return "An email address needs an @ (user@example.com).";
    case "many-at":
      return "An email address has exactly one @.";
    case "local-empty":
      return "The part before the @ is empty.";
    case "domain-empty":
      return "The part after the @ is empty.";
    case "local-too-long":
      return `The part before the @ can be at most ${problem.max} characters long.`;
    case "local-dot-edge":
      return "The part before the @ cannot start or end with a dot.";
    case "local-double-dot":
      return "The part before the @ cannot contain two dots in a row.";
    case "local-char":
      return "The part before the @ contains a character that is not allowed.";
    case "ip-literal":
      return "Addresses at an IP address ([1.2.3.4]) are not accepted; use a domain name.";
    case "not-full-domain":
      return `"${problem.domain}" is not a full domain name (it needs a dot, like example.com).`;
    case "empty-label":
      return "The domain cannot have empty parts (a leading, trailing or doubled dot).";
    case "label-too-long":
      return `Each part of the domain can be at most ${problem.max} characters long.`;
    case "label-char":
      return "The domain may contain only letters, digits, dots and dashes, and its parts cannot start or end with a dash.";
    case "bad-tld":
      return `"${problem.domain}" does not end in a valid top-level domain.`;
  }
}

/**
 * For an oper: a mail that was not sent because the account's stored address (older than the
 * rules, or imported) does not pass them. `what` names the mail ("The freeze notice").
 */
export function unmailableText(what: string, problem: AddressProblem): string {
  return `${what} could not be mailed: the account's address does not pass the address rules (${addressProblemText(problem)}) The member was not told by mail.`;
}

/** For an oper: the accounts of a case whose stored address does not pass the rules, so were not mailed. */
export function unmailedAccountsText(accounts: ReadonlyArray<{ name: string; problem: AddressProblem }>): string {
  const list = accounts.map((a) => `${a.name} (${addressProblemText(a.problem)})`).join(", ");
  return `Not mailed, their address does not pass the address rules: ${list}`;
}

/** What a member asked for and could not be mailed ("channel": registering a channel, which mails its owner). */
const NOT_MAILED: Record<MailedRequest | "channel", string> = {
  register: "no verification code was mailed",
  resetpass: "no password reset code can be mailed",
  delete: "no confirmation code was mailed",
  export: "the export was not mailed",
  channel: "services could not mail you as the channel's owner",
};

/** How an owner sets an address that works, and what to do then. */
function setAnotherAddress(what: MailedRequest | "channel", account: string, w: Wording): string {
  const set = `/msg ${w.nicks.nickserv} SET EMAIL <address>`;
  switch (what) {
    case "register":
      return `Set one that works with ${set}: a new code is mailed there.`;
    case "channel":
      return `Set one that works with ${set} and confirm it with the code mailed there, then register again.`;
    default:
      return `Set one that works with ${set} (logged in to ${account}) and confirm it with the code mailed there, then ask again.`;
  }
}

/**
 * For a member: what they asked for cannot be mailed, as the account's stored address (older
 * than the address rules, or imported) does not pass them. The owner is told why and how to set
 * another; anyone else only to write to the staff (the address stays private).
 */
export function unmailableAccountText(failure: UnmailableFailure, w: Wording): string {
  return unmailableWords(failure.account, failure.what, failure.problem, w);
}

/** For a member registering a channel: their account's address cannot receive mail, so the channel is refused. */
export function unmailableOwnerText(account: string, problem: AddressProblem, w: Wording): string {
  return unmailableWords(account, "channel", problem, w);
}

/** `problem` null: the asker did not prove to own the account, so is told neither why nor how. */
function unmailableWords(account: string, what: MailedRequest | "channel", problem: AddressProblem | null, w: Wording): string {
  const whose = what === "channel" ? `your account ${account}` : account;
  const head = `The email address of ${whose} cannot receive mail, so ${NOT_MAILED[what]}.`;
  if (problem === null) return `${head} If it is your account, write to the network staff at ${w.contact} for help.`;
  return `${head} (${addressProblemText(problem)}) ${setAnotherAddress(what, account, w)}`;
}
