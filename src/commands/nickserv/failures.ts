/**
 * NickServ's refusals in words: every typed failure of the accounts domain (and of CERT, RECLAIM
 * and SASL), with "/msg <nick>" hints built from the configured nicks.
 */
import type { CertFailure } from "../../services/accounts/certfp.js";
import type { CodeFailure } from "../../services/accounts/codes.js";
import type {
  AccountFailure,
  AuthFailure,
  CodeLimitPurpose,
  EmailProblem,
  ReclaimFailure,
  SaslFailure,
  SaslMalformed,
} from "../../services/accounts/failures.js";
import type { NickSyntaxProblem } from "../../services/accounts/names.js";
import { formatDuration } from "../../util/duration.js";
import { shown } from "../../util/text.js";
import { addressProblemText, unmailableAccountText } from "../email-words.js";
import { frozenText } from "../freeze-words.js";
import { quoted, wait, type Wording } from "../words.js";

export function nickSyntaxText(problem: NickSyntaxProblem): string {
  return problem.kind === "nick-length" ? `A nickname is 1 to ${problem.max} characters long.` : `${shown(problem.nick)} is not a valid nickname.`;
}

export function emailProblemText(problem: EmailProblem): string {
  switch (problem.kind) {
    case "email-invalid":
      return addressProblemText(problem.problem);
    case "email-refused":
      return "Mail to this address or domain is not accepted here; use another address.";
    case "email-limit":
      return `This email address already has ${problem.max} account${problem.max === 1 ? "" : "s"} (the limit); use another address.`;
    case "email-limit-meanwhile":
      return "This email address reached its account limit meanwhile.";
  }
}


/** A failed password check; `typed` is the account as the user named it. */
export function authFailureText(failure: AuthFailure, typed: string, w: Wording): string {
  const reference = quoted(typed);
  const ns = w.nicks.nickserv;
  switch (failure.kind) {
    case "no-such-account":
      return `${reference} is not a registered account or nickname.`;
    case "bad-password":
      return `Invalid password for ${reference}.`;
    case "throttled":
      return failure.scope === "address"
        ? `Too many failed logins from your address (limit ${failure.limit} a minute); try again in ${wait(failure.retryAfterMs)}.`
        : `Too many failed logins to ${reference} (limit ${failure.limit} a minute); try again in ${wait(failure.retryAfterMs)}.`;
    case "frozen":
      return frozenText(failure, w);
    case "unverified":
      return `${reference} is not verified yet: type the code from the registration mail, /msg ${ns} VERIFY REGISTER ${reference} <code>. No mail? /msg ${ns} RESEND.`;
    case "degraded":
      return (
        `The account ${failure.formerName} expired: its nicknames were unused for too long, so it was renamed ${failure.account} ` +
        `(entity ID ${failure.entityId}), keeping its channels and access. You are not logged in. ` +
        `Take it back with /msg ${ns} RECLAIM ${failure.formerName} <password> [<new name>]`
      );
  }
}

/** What each kind of code is called in a refusal, and how to get a new one. */
const CODE_NAMES: Record<CodeLimitPurpose, { code: string; request: string }> = {
  register: { code: "verification", request: "a new code" },
  email: { code: "email change", request: "an email change" },
  resetpass: { code: "password reset", request: "a password reset" },
  delete: { code: "deletion", request: "an account deletion" },
};

function codeAgain(purpose: CodeLimitPurpose, account: string, w: Wording): string {
  const ns = w.nicks.nickserv;
  switch (purpose) {
    case "register":
      return `Ask for a new one with /msg ${ns} RESEND.`;
    case "email":
      return `Ask again with /msg ${ns} SET EMAIL <address>.`;
    case "resetpass":
      return `Ask for a new one with /msg ${ns} RESETPASS ${account}.`;
    case "delete":
      return `Ask for a new one with /msg ${ns} DROP ${account} <password>.`;
  }
}

export function codeFailureText(failure: CodeFailure, purpose: CodeLimitPurpose, account: string, w: Wording): string {
  switch (failure) {
    case "none":
      return `There is no ${CODE_NAMES[purpose].code} code waiting for ${account}.`;
    case "wrong":
      return `That is not the right code for ${account}. Copy the code from the latest mail exactly.`;
    case "expired":
      return `That code has expired. ${codeAgain(purpose, account, w)}`;
    case "used":
      return "That code was already used; each code works once.";
    case "replaced":
      return "That code was replaced by a newer one; use the code from the latest mail.";
  }
}

/** Every refusal of the accounts service, as NickServ replies it. */
export function accountFailureText(failure: AccountFailure, w: Wording): string {
  const ns = w.nicks.nickserv;
  switch (failure.kind) {
    case "nick-length":
    case "nick-invalid":
      return nickSyntaxText(failure);
    case "nick-entity-id":
      return `${failure.nick} looks like an entity ID and cannot be registered.`;
    case "nick-guest":
      return "Guest nicks cannot be registered; change your nick first (/nick YourName).";
    case "nick-registered":
      return `${failure.nick} is already registered.`;
    case "nick-reserved":
      return `${failure.nick} is reserved for the network's staff and cannot be registered.`;
    case "password-short":
      return `A password must be at least ${failure.min} characters long.`;
    case "password-long":
      return `A password can be at most ${failure.max} characters long.`;
    case "password-is-name":
      return "Your password cannot be your nickname or account name.";
    case "password-is-email":
      return "Your password cannot be your email address.";
    case "email-invalid":
    case "email-refused":
    case "email-limit":
    case "email-limit-meanwhile":
      return emailProblemText(failure);
    case "code-interval":
      return `You can ask for ${CODE_NAMES[failure.purpose].request} once every ${formatDuration(failure.intervalMs)}; try again in ${wait(failure.retryAfterMs)}.`;
    case "code-daily":
      return (
        `You have asked for ${CODE_NAMES[failure.purpose].request} ${failure.count} times in the last 24 hours ` +
        `(limit ${failure.limit} a day); try again in ${wait(failure.retryAfterMs)}.`
      );
    case "auth":
      return authFailureText(failure.failure, failure.reference, w);
    case "frozen":
      return frozenText(failure, w);
    case "email-unmailable":
      return unmailableAccountText(failure, w);
    case "account-gone":
      return "That account no longer exists.";
    case "unknown-reference":
      return `${quoted(failure.reference)} is not a registered account.`;
    case "already-logged-in":
      return `You are already logged in to ${failure.account}. To add this nick to it, type /msg ${ns} GROUP.`;
    case "already-registered":
      return `You already registered ${failure.account}; verify it first with the mailed code (/msg ${ns} VERIFY REGISTER ${failure.account} <code>).`;
    case "registered-meanwhile":
      return "You registered an account meanwhile.";
    case "registration-limit":
      return (
        `Too many accounts were registered from your address: ${failure.count} in the last 24 hours (the limit is ${failure.limit} a day). ` +
        `Try again in ${wait(failure.retryAfterMs)}.`
      );
    case "already-identified":
      return `You are already logged in as ${failure.account}.`;
    case "already-verified":
      return `${failure.account} is already verified.`;
    case "verify-by-password":
      return `${failure.account} is verified by logging in with the password mailed for your channel: /msg ${ns} IDENTIFY ${failure.account} <password>.`;
    case "code":
      return codeFailureText(failure.failure, failure.purpose, failure.account, w);
    case "new-email-unusable":
      return `The new address cannot be used any more: ${emailProblemText(failure.problem)}`;
    case "registration-expired":
      return `The registration of ${failure.account} has expired and is being dropped; register again.`;
    case "own-account-verified":
      return "Your account is already verified.";
    case "nothing-to-resend":
      return `You have no registration waiting for verification. If you registered earlier, prove it is yours first: /msg ${ns} IDENTIFY <account> <password>, then RESEND.`;
    case "set-email-needs-login":
      return `You must be logged in to use SET EMAIL: /msg ${ns} IDENTIFY <account> <password>`;
    case "email-unchanged":
      return failure.pending
        ? `${failure.email} is already the address of ${failure.account}; to get the code again, use /msg ${ns} RESEND.`
        : `${failure.email} is already the address of ${failure.account}.`;
    case "nick-already-grouped":
      return `${failure.nick} is already grouped to your account.`;
    case "too-many-nicks":
      return `Your account already has ${failure.count} nicknames (limit ${failure.max}); ungroup one first with /msg ${ns} UNGROUP <nick>.`;
    case "nick-not-grouped":
      return `${quoted(failure.nick)} is not grouped to your account.`;
    case "nick-is-account-name":
      return `${failure.nick} is your account name and cannot be ungrouped.`;
    case "ghost-self":
      return "You cannot ghost yourself.";
    case "regain-self":
      return `You are already using ${failure.nick}.`;
    case "nick-offline":
      return `${quoted(failure.nick)} is not online.`;
    case "nick-unregistered":
      return `${quoted(failure.nick)} is not a registered nickname.`;
    case "nick-not-owned": {
      const typed = quoted(failure.nick);
      return `You do not own ${typed}: log in to its account first, or give its password: /msg ${ns} ${failure.mode.toUpperCase()} ${typed} <password>.`;
    }
    case "nick-other-account":
      return `${quoted(failure.nick)} belongs to another account.`;
    case "mark-empty":
      return "A mark needs a text.";
    case "mark-too-long":
      return `A mark can be at most ${failure.max} characters long.`;
    case "no-such-mark":
      return `There is no mark #${failure.id} on that account.`;
    case "noexpire-unchanged":
      return `NOEXPIRE is already ${failure.on ? "ON" : "OFF"} for ${failure.account} (${failure.id}).`;
  }
}

export function reclaimFailureText(failure: ReclaimFailure, w: Wording): string {
  switch (failure.kind) {
    case "no-account":
      return `There is no account ${quoted(failure.reference)}.`;
    case "no-former-match": {
      const typed = quoted(failure.reference);
      return (
        `No account once named ${typed} whose nicknames expired has that password. Check both, or use the entity ID ` +
        `from the mail sent when its nicknames expired: /msg ${w.nicks.nickserv} RECLAIM <entity ID> <password> [<new name>]`
      );
    }
    case "not-degraded":
      return `${failure.account} is not degraded; use /msg ${w.nicks.nickserv} IDENTIFY ${failure.account} <password>.`;
    case "invalid-name":
      return `${nickSyntaxText(failure.problem)} The new account name must be a valid nickname.`;
    case "name-taken":
      return `${failure.name} is registered to another account; choose another name: RECLAIM ${quoted(failure.reference)} <password> <new name>`;
    case "name-reserved":
      return `${failure.name} is reserved for the network's staff; choose another name: RECLAIM ${quoted(failure.reference)} <password> <new name>`;
    case "auth":
      return authFailureText(failure.failure, failure.reference, w);
  }
}

export function certFailureText(failure: CertFailure): string {
  switch (failure.kind) {
    case "fingerprint-chars":
      return `${shown(failure.input, 80)} is not a certificate fingerprint: use hexadecimal digits (colons allowed).`;
    case "fingerprint-length":
      return `${shown(failure.input, 80)} is not a certificate fingerprint: expected 64 hexadecimal digits (SHA-256), or 32, 40 or 128.`;
    case "fingerprint-yours":
      return `${failure.fingerprint} is already on your list.`;
    case "fingerprint-taken":
      return `${failure.fingerprint} belongs to another account.`;
    case "fingerprint-list-full":
      return `Your list is full (at most ${failure.max} fingerprints); remove one with CERT DEL first.`;
    case "fingerprint-not-listed":
      return `${failure.fingerprint} is not on your list.`;
  }
}

const MALFORMED: Record<SaslMalformed, string> = {
  "not-base64": "the PLAIN message is not valid base64",
  "not-three-parts": "the PLAIN message must be authzid, authcid and password separated by NUL bytes",
  "not-utf8": "the PLAIN message is not valid UTF-8",
  "no-account-name": "the PLAIN message has no account name",
  "no-password": "the PLAIN message has no password",
  "not-started": "the exchange was not started (send AUTHENTICATE PLAIN first)",
  "chunk-too-long": "an AUTHENTICATE chunk is longer than 400 bytes",
  "too-long": "the PLAIN message is too long",
  "bad-authzid": "the EXTERNAL authorization identity is not valid base64 UTF-8",
};

/** The explanation of a failed SASL login (a NickServ notice once the user is on). */
export function saslFailureText(failure: SaslFailure, reference: string, w: Wording): string {
  switch (failure.kind) {
    case "malformed":
      return `SASL login failed: ${MALFORMED[failure.reason]}.`;
    case "authzid":
      return "SASL login failed: the authorization identity must be empty or the account you authenticate as.";
    case "error":
      return "SASL login failed because of an internal error; please try again or use IDENTIFY.";
    case "busy":
      return "SASL login failed: services are busy checking passwords; please reconnect in a few seconds.";
    case "no-certificate":
      return "SASL EXTERNAL failed: you did not connect with a client certificate.";
    case "unknown-certificate":
      return `SASL EXTERNAL failed: your certificate (${failure.fingerprint}) is on no account's list; once logged in, add it with CERT ADD.`;
    default:
      return `SASL login failed: ${authFailureText(failure, reference, w)}`;
  }
}
