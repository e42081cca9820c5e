/**
 * What the domain may know of, and ask of, the network. The domain depends on these
 * interfaces only; src/wiring implements them over the IRC layer.
 */
import type { HoldReason, KillReason, OperAlert, PartReason, UserMessage } from "./messages.js";

export interface OnlineUser {
  uid: string;
  nick: string;
  ident: string;
  /** The real host. */
  host: string;
  /** The host shown to others (cloaked or vhost). */
  displayHost: string;
  ip: string;
  /** Account name the ircd shows for this user, or null. */
  accountName: string | null;
  accountId: string | null;
  certfp: string | null;
  isIrcOper: boolean;
  connectedAt: number;
}

/** Who sent a command, as the command layer resolved it: the user, their login and their oper privileges. */
export interface Requester {
  uid: string;
  nick: string;
  ident: string;
  /** The real host. */
  host: string;
  ip: string;
  /** The account this user is logged in to, or null. */
  account: { id: string; name: string } | null;
  privileges: ReadonlySet<string>;
}

export interface ChannelPresence {
  op: boolean;
  voice: boolean;
  /** The op status was given by a server burst or netjoin, not by a live mode change. */
  statusFromBurst: boolean;
}

export interface NetworkView {
  user(uidOrNick: string): OnlineUser | undefined;
  usersOnAccount(accountId: string): OnlineUser[];
  /** Membership of a user in a channel, or undefined when not in it. */
  presence(channel: string, uid: string): ChannelPresence | undefined;
  channelMembers(channel: string): string[];
  channelExists(channel: string): boolean;
  /** The channel's network timestamp (seconds), or undefined when it does not exist. */
  channelTs?(channel: string): number | undefined;
  /** True when a server seen within `graceMs` is missing now. */
  isSplit(graceMs: number): boolean;
  isLinked(): boolean;
}

export type ServiceName = "x2" | "nickserv" | "operserv";

/**
 * What the domain asks of the network. Whatever a user reads (notices, part, kill and hold
 * reasons) is passed as a typed value; the wiring words it (src/commands/notices.ts).
 */
export interface NetworkActions {
  /** Tells a user something unasked; the pseudo-client that speaks follows from the message. */
  notify(uid: string, message: UserMessage): void;
  /** Tells the opers (server notice). */
  alertOpers(alert: OperAlert): void;
  /** Tells the ircd the user is logged in to this account (null: logged out). */
  setLogin(uid: string, account: { id: string; name: string } | null): void;
  forceNick(uid: string, nick: string): void;
  holdNick(nick: string, seconds: number, reason: HoldReason): void;
  releaseNick(nick: string): void;
  joinChannel(service: ServiceName, channel: string, fallbackTs?: number): void;
  partChannel(service: ServiceName, channel: string, reason: PartReason): void;
  channelMode(service: ServiceName, channel: string, modes: string, params?: string[]): void;
  /** Disconnects a user (NickServ GHOST/REGAIN), as NickServ. */
  killUser(uid: string, reason: KillReason): void;
}
