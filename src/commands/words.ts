/**
 * What every wording function shares: the configured nicks of the pseudo-clients (for the
 * "/msg <nick> ..." hints, never a hard-coded name) and the staff contact address, and a few
 * small formatters. The domain returns typed failures and messages; the sentences are written
 * in src/commands/ only.
 */
import type { Config } from "../config/schema.js";
import type { ServiceName } from "../services/ports.js";
import { formatDuration, formatUtcMinute } from "../util/duration.js";
import { shown } from "../util/text.js";

/** The nicks the pseudo-clients have on this network, as configured. */
export type ServiceNicks = Record<ServiceName, string>;

/** The [freeze] messages (filled in by freeze-words.ts), and where to read how to resolve a freeze. */
export interface FreezeWording {
  /** [freeze] url, else [mail] url; "" when neither is set ({url} is then a mailto: link to the staff contact). */
  url: string;
  message: string;
  publicMessage: string;
  channelNotice: string;
}

export interface Wording {
  nicks: ServiceNicks;
  /** Where users write for help: [mail] contact, else [mail] from. */
  contact: string;
  /** The [freeze] messages (freeze-words.ts); the shipped ones when absent. */
  freeze?: FreezeWording;
}

export function serviceNicks(config: Config): ServiceNicks {
  const p = config.pseudoclients;
  return { x2: p.x2.nick, nickserv: p.nickserv.nick, operserv: p.operserv.nick };
}

export function wording(config: Config, nicks: ServiceNicks = serviceNicks(config)): Wording {
  const contact = (): string => config.mail.contact || config.mail.from;
  return {
    nicks,
    // Read when used: a REHASH may change the contact address and the [freeze] messages.
    get contact() {
      return contact();
    },
    get freeze() {
      const f = config.freeze;
      return {
        url: f.url || config.mail.url,
        message: f.message,
        publicMessage: f.public_message,
        channelNotice: f.channel_notice,
      };
    },
  };
}

/** A wait as users read it: whole seconds, rounded up, never "0s". */
export function wait(ms: number): string {
  return formatDuration(Math.max(1000, Math.ceil(ms / 1000) * 1000));
}

/** A name as the user typed it, fit to quote in a reply (an account name is at most 40 characters). */
export const quoted = (typed: string): string => shown(typed, 64);

/** "1 channel", "2 channels". */
export const plural = (n: number, word: string): string => (n === 1 ? word : `${word}s`);

/** "2026-01-03 14:05 UTC (2d4h ago)", "(now)" or "(in 3d)". */
export function formatWhen(at: number, now: number): string {
  const stamp = formatUtcMinute(at);
  const delta = now - at;
  if (Math.abs(delta) < 1000) return `${stamp} (now)`;
  return delta > 0 ? `${stamp} (${formatDuration(delta)} ago)` : `${stamp} (in ${formatDuration(-delta)})`;
}

/** The words' context of a command: the pseudo-client nicks as the router resolved them, and the staff contact. */
export function wordsOf(ctx: { nicks: ServiceNicks; services: { config: Config } }): Wording {
  return wording(ctx.services.config, ctx.nicks);
}
