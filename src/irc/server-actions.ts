import type { InspircdLink } from "./link/inspircd.js";

/**
 * Actions that services take as a server rather than as one of their clients:
 * logging users in, renaming them, holding nicks, telling opers, answering SASL.
 */
export class ServerActions {
  constructor(private readonly link: InspircdLink) {}

  /** Tells the ircd a user is logged in (null: logged out); the ircd sets +r and sends account-notify. */
  setAccount(uid: string, account: { id: string; name: string } | null): void {
    this.link.send("", "METADATA", uid, "accountid", account?.id ?? "");
    this.link.send("", "METADATA", uid, "accountname", account?.name ?? "");
    this.link.network.setAccount(uid, account?.name ?? null, account?.id ?? null);
  }

  forceNick(uid: string, nick: string): void {
    const user = this.link.network.users.get(uid);
    if (!user) return;
    this.link.send("", "SVSNICK", uid, nick, String(this.link.networkSeconds()), String(user.nickTs));
  }

  kill(fromUid: string, uid: string, reason: string): void {
    this.link.send(fromUid, "KILL", uid, reason);
    this.link.network.removeUser(uid, `Killed (${reason})`);
  }

  holdNick(fromUid: string, nick: string, seconds: number, reason: string): void {
    this.link.send(fromUid, "SVSHOLD", nick, String(Math.max(1, Math.floor(seconds))), reason);
  }

  releaseNick(fromUid: string, nick: string): void {
    this.link.send(fromUid, "SVSHOLD", nick);
  }

  /** A notice to opers (snomask g, as GLOBOPS). */
  operNotice(text: string): void {
    this.link.send("", "SNONOTICE", "g", text);
  }

  /** Answers a SASL exchange: mode C (data), D (done: S success / F failure), M (mechanisms). */
  sasl(originSid: string, clientUid: string, mode: string, data: string): void {
    this.link.send("", "ENCAP", originSid, "SASL", this.link.sid, clientUid, mode, data);
  }

  isReady(): boolean {
    return this.link.isReady;
  }
}
