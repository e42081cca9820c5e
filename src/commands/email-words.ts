/** Why an email address is refused, in words (the checks are src/services/mail/address.ts). */
import type { AddressProblem } from "../services/mail/address.js";

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
export function unmailedAccountsText(accounts: ReadonlyArray<{ name: string; problem?: AddressProblem }>): string {
  const list = accounts.map((a) => (a.problem ? `${a.name} (${addressProblemText(a.problem)})` : a.name)).join(", ");
  return `Not mailed, their address does not pass the address rules: ${list}`;
}
