/**
 * The words of a freeze that users read: the refusal of a frozen account (with the staff's reason
 * for whoever proved to own it, without it for anyone else) and X2's notice about a suspended
 * channel. The sentences are services.conf's [freeze] messages; this fills in their placeholders.
 */
import { FREEZE_DEFAULTS } from "../config/schema.js";
import type { FrozenFailure } from "../services/accounts/failures.js";
import type { FreezeSummary } from "../services/accounts/service.js";
import { shown } from "../util/text.js";
import { formatWhen, type FreezeWording, type Wording } from "./words.js";

/** Longest staff reason quoted in a notice. */
const REASON_SHOWN = 300;

/**
 * The shipped refusals as they read where no URL is configured at all: they send the member to the
 * staff contact once, instead of "How to resolve this: mailto:x - or write to x". A message the
 * network wrote itself is kept as written, {url} then being a mailto: link to the contact.
 */
const WITHOUT_URL: Readonly<Record<string, string>> = {
  [FREEZE_DEFAULTS.message]: "The account {account} is frozen by the network staff: {reason}. To resolve this, write to {contact}.",
  [FREEZE_DEFAULTS.public_message]: "The account {account} is frozen by the network staff. To resolve this, write to {contact}.",
};

/** The [freeze] messages of `w` (the shipped ones when the wording was made without them). */
export function freezeWording(w: Wording): FreezeWording {
  return (
    w.freeze ?? {
      url: "",
      message: FREEZE_DEFAULTS.message,
      publicMessage: FREEZE_DEFAULTS.public_message,
      channelNotice: FREEZE_DEFAULTS.channel_notice,
    }
  );
}

/** Replaces each {name} of `template` by its value; the config allows only known names. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** What {url} stands for: the configured URL, else a mailto: link to the staff contact. */
function urlOf(f: FreezeWording, w: Wording): string {
  return f.url || `mailto:${w.contact}`;
}

/** A [freeze] message to fill: the shipped one without its URL part when there is no URL. */
function templateOf(template: string, f: FreezeWording): string {
  return f.url ? template : (WITHOUT_URL[template] ?? template);
}

/** The refusal of anything a frozen account may not do. */
export function frozenText(failure: FrozenFailure, w: Wording): string {
  const f = freezeWording(w);
  const values = { account: failure.account, url: urlOf(f, w), contact: w.contact };
  if (failure.reason === null) return fillTemplate(templateOf(f.publicMessage, f), values);
  return fillTemplate(templateOf(f.message, f), { ...values, reason: shown(failure.reason, REASON_SHOWN) });
}

/** X2's notice about a channel suspended by a freeze. */
export function suspendedText(channel: string, owner: string | null, w: Wording): string {
  const f = freezeWording(w);
  return fillTemplate(f.channelNotice, { channel, owner: owner ?? "its owner", url: urlOf(f, w), contact: w.contact });
}

/** The freeze as opers see it in NickServ INFO: since when, by whom, until when, why. */
export function freezeInfo(f: FreezeSummary, now: number): string {
  const until = f.expiresAt === null ? "until lifted" : `until ${formatWhen(f.expiresAt, now)}`;
  return `since ${formatWhen(f.frozenAt, now)} by ${f.frozenByName}, ${until}: ${f.reason}`;
}
