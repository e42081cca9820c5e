/**
 * X2's refusals and outcomes in words: every typed failure of the channels domain and of the
 * registration policy, with "/msg <nick>" hints built from the configured nicks.
 */
import type { PolicyRefusal } from "../../services/abuse/registration-policy.js";
import type { ChannelFailure, AccessDoing } from "../../services/channels/failures.js";
import { LEVEL_NAMES, LEVELS, levelName, MANAGER, OWNER } from "../../services/channels/levels.js";
import type { RegisterOutcome } from "../../services/channels/outcome.js";
import { formatDuration } from "../../util/duration.js";
import { shown } from "../../util/text.js";
import { addressProblemText, unmailableOwnerText } from "../email-words.js";
import { suspendedText } from "../freeze-words.js";
import { accountFailureText } from "../nickserv/failures.js";
import { plural, type Wording } from "../words.js";

/** The level list for messages: "coowner (400), manager (300), op (200), voice (100)". */
export function describeLevels(below = OWNER + 1): string {
  return LEVEL_NAMES.filter((n) => LEVELS[n] < below)
    .map((n) => `${n} (${LEVELS[n]})`)
    .join(", ");
}

/** The refusal of X2 REGISTER by the abuse policy. */
export function policyRefusalText(refusal: PolicyRefusal, w: Wording): string {
  switch (refusal.code) {
    case "email_invalid":
      return addressProblemText(refusal.problem);
    case "blacklisted":
      return "That address can't be used for registration; please use another one.";
    case "failed_verification":
      return (
        "That address failed to verify a channel registration before, so it can't register again. " +
        `Staff can clear it (FAILED DEL) if you ask them${w.contact ? ` at ${w.contact}` : ""}.`
      );
    case "email_limit":
      return (
        `That address already has ${refusal.total} ${plural(refusal.total, "channel")} (registered or pending); ` +
        `the limit is ${refusal.limit} per address.`
      );
    case "email_pending":
      return (
        "That address already has an unverified registration, and an address can have one unverified registration " +
        `at a time. Verify that one first, or wait until it is dropped (${formatDuration(refusal.verifyWindowMs)} after it was made).`
      );
    case "host_limit":
    case "account_limit":
      return (
        `${refusal.code === "host_limit" ? "Your host" : "Your account"} has made ${refusal.count} channel ` +
        `${plural(refusal.count, "registration")} in the last 24 hours; the limit is ${refusal.limit} a day. ` +
        `Try again in ${formatDuration(refusal.retryAfterMs)}.`
      );
    case "pending_cap":
      return (
        `The network has too many unverified channel registrations right now (the limit is ${refusal.limit}); ` +
        (refusal.retryAfterMs === undefined
          ? "please try again later."
          : `please try again later: in ${formatDuration(refusal.retryAfterMs)} at the latest, when the oldest one is verified or dropped.`)
      );
  }
}

const DOING: Record<AccessDoing, string> = { add: "to add users", remove: "to remove users", change: "to change levels" };

/** Every refusal of the channel service, as X2 (or OperServ REVIEW) replies it. */
export function channelFailureText(failure: ChannelFailure, w: Wording): string {
  switch (failure.kind) {
    case "not-a-channel-name":
      return `${shown(failure.name)} is not a channel name (channel names start with #).`;
    case "name-too-long":
      return `Channel names can be at most ${failure.max} characters long.`;
    case "name-not-allowed":
      return `${shown(failure.name, 60)} is not a channel name that can be registered here.`;
    case "taken":
      if (failure.state === "active") return `${failure.channel} is already registered.`;
      if (failure.state === "unverified") return `${failure.channel} already has a registration waiting for its owner to verify it.`;
      return `${failure.channel} already has a registration request waiting for staff review.`;
    case "not-in-channel":
      return `You are not in ${failure.channel}. Join it, make sure you are opped, and register again.`;
    case "not-opped":
      return `You must be a channel operator (opped) in ${failure.channel} to register it.`;
    case "op-from-netjoin":
      return (
        `Your op status in ${failure.channel} came from a server joining the network (a netjoin), which does not count. ` +
        "Have it given to you again by a channel operator, or recreate the channel, and register again."
      );
    case "network-split":
      return (
        `The network is split or was split less than ${formatDuration(failure.graceMs)} ago (a server is missing), ` +
        "so channel ops cannot be trusted; registrations are refused until then. Please try again later."
      );
    case "account-missing":
      return "Your account could not be found; log in again and register again.";
    case "account-frozen":
      return "Your account is frozen; it cannot register channels.";
    case "account-email-unmailable":
      return unmailableOwnerText(failure.account, failure.problem, w);
    case "nick-registered":
      return `The nick ${failure.nick} belongs to a registered account. Identify first (/msg ${w.nicks.nickserv} IDENTIFY <password>) and register again.`;
    case "policy":
      return policyRefusalText(failure.refusal, w);
    case "owner-account":
      return accountFailureText(failure.failure, w);
    case "not-registered":
      return `${shown(failure.name, 60)} is not registered.`;
    case "already-verified":
      return `${failure.channel} is already verified.`;
    case "verify-while-held":
      return `${failure.channel} is waiting for staff review; there is nothing to verify yet.`;
    case "verify-by-password": {
      const account = failure.account ?? "(none)";
      return (
        `${failure.channel} is verified by logging in to the account ${account} with the password that was mailed ` +
        `(/msg ${w.nicks.nickserv} IDENTIFY ${account} <password>); there is no code.`
      );
    }
    case "wrong-code":
      return `That is not the verification code of ${failure.channel}. Check the mail and type the code exactly.`;
    case "no-request":
      return `There is no registration request ${failure.id}.`;
    case "no-longer-held":
      return `Request ${failure.id} is no longer held.`;
    case "not-held":
      return `Request ${failure.id} (${failure.channel}) is ${failure.state}; only held requests can be approved.`;
    case "registrant-account-gone":
      return `The account the registrant used (${failure.accountId}) no longer exists; reject the request instead.`;
    case "registrant-frozen":
      return `The registrant's account ${failure.account} is frozen; reject the request instead.`;
    case "registrant-nick-taken":
      return `The registrant had no account and their nick ${failure.nick} has been registered since, so no account can be made for them; reject the request instead.`;
    case "not-rejectable":
      return `Request ${failure.id} (${failure.channel}) is ${failure.state}; only held or unverified requests can be rejected.`;
    case "reason-too-long":
      return `A reason can be at most ${failure.max} characters long.`;
    case "changed-meanwhile":
      return `Request ${failure.id} changed while it was being rejected; look at it again.`;
    case "note-empty":
      return "The note is empty.";
    case "note-too-long":
      return `A note can be at most ${failure.max} characters long.`;
    case "awaiting-review":
      return `${failure.channel} is waiting for staff review; it is not registered yet.`;
    case "not-verified-yet":
      return `${failure.channel} is not verified yet; it works once its owner has verified it.`;
    case "no-access-list-yet":
      return `${failure.channel} is waiting for staff review; it has no access list yet.`;
    case "need-manager":
      return `You need manager (${MANAGER}) access or more in ${failure.channel} ${DOING[failure.doing]}.`;
    case "level-not-below-own":
      return `You can only give levels below your own (${levelName(failure.mine)}): ${describeLevels(failure.mine)}.`;
    case "bad-level":
      return `${shown(failure.text, 20)} is not an access level; use one of ${describeLevels()}.`;
    case "no-account":
      return `There is no account ${shown(failure.reference)}.`;
    case "account-unverified":
      return `The account ${failure.account} has not verified its email yet, so it cannot be given access.`;
    case "already-has-access":
      return `${failure.account} already has ${levelName(failure.level)} access in ${failure.channel}; use CLVL to change it.`;
    case "no-access":
      return failure.addHint
        ? `${failure.account} has no access in ${failure.channel}; use ADDUSER to add them.`
        : `${failure.account} has no access in ${failure.channel}.`;
    case "owner-not-removable":
      return `The owner cannot be removed from ${failure.channel}; the owner can UNREGISTER the channel instead.`;
    case "level-not-below-yours":
      return `${failure.account} has ${levelName(failure.level)} access, which is not below yours (${levelName(failure.mine)}).`;
    case "own-level":
      return "You cannot change your own level.";
    case "same-level":
      return `${failure.account} already has ${levelName(failure.level)} access in ${failure.channel}.`;
    case "user-offline":
      return `${shown(failure.nick)} is not online.`;
    case "user-not-in-channel":
      return `${failure.nick} is not in ${failure.channel}.`;
    case "need-level":
      return `You need ${levelName(failure.needed)} (${failure.needed}) access or more in ${failure.channel} to do that.`;
    case "is-service":
      return `${failure.nick} is a network service.`;
    case "target-not-below":
      return `${failure.nick} has ${levelName(failure.level)} access, which is not below yours.`;
    case "unregister-held":
      return `${failure.channel} is waiting for staff review; staff can reject the request.`;
    case "unregister-unverified":
      return `${failure.channel} is not verified yet; an unverified registration is dropped by itself if it is not verified.`;
    case "owner-only":
      return `Only the owner of ${failure.channel} can unregister it.`;
    case "bad-confirmation":
      return `That confirmation code is wrong or expired. Type /msg ${w.nicks.x2} UNREGISTER ${failure.channel} for a new one.`;
    case "suspended":
      return suspendedText(failure.channel, failure.owner, w);
    case "no-longer-registered":
      return `${failure.channel} is not registered any more.`;
  }
}

/** What happens next after an acceptance, in one or two sentences for the registrant. */
export function describeOutcome(outcome: RegisterOutcome, w: Wording): string {
  switch (outcome.kind) {
    case "active":
      return `${outcome.channel} is registered to your account ${outcome.account} and is active; you are its owner.`;
    case "held":
      return `Your registration of ${outcome.channel} is waiting for staff review (request ${outcome.id}). You will be told here when it is decided, if you are online.`;
    case "unverified": {
      const when = outcome.mailDelayMs > 0 ? `in about ${formatDuration(outcome.mailDelayMs)}` : "shortly";
      const window = formatDuration(outcome.verifyWindowMs);
      if (outcome.via === "password") {
        return (
          `${outcome.channel} is registered but not verified yet. An account named ${outcome.account} was created for you; ` +
          `its password will be mailed to ${outcome.email} ${when}. Within ${window}, log in with it ` +
          `(/msg ${w.nicks.nickserv} IDENTIFY ${outcome.account} <password>) to activate the channel, or the registration and the account are dropped.`
        );
      }
      return (
        `${outcome.channel} is registered to your account ${outcome.account} but not verified yet. A verification code will be mailed to ` +
        `${outcome.email} ${when}. Within ${window}, type /msg ${w.nicks.x2} VERIFY ${outcome.channel} <code> to activate it, or the registration is dropped.`
      );
    }
  }
}
