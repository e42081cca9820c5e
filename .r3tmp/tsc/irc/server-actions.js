/**
 * Actions that services take as a server rather than as one of their clients:
 * logging users in, renaming them, holding nicks, telling opers, answering SASL.
 */
export class ServerActions {
    link;
    constructor(link) {
        this.link = link;
    }
    /** Tells the ircd a user is logged in (null: logged out); the ircd sets +r and sends account-notify. */
    setAccount(uid, account) {
        // Sent even for a uid the network does not know yet: during SASL the client is still registering.
        // Not sent again when the ircd already holds exactly this login (it would repeat RPL_LOGGEDIN to the user).
        const user = this.link.network.users.get(uid);
        if (user && user.account === (account?.name ?? null) && user.accountId === (account?.id ?? null))
            return;
        this.link.send("", "METADATA", uid, "accountid", account?.id ?? "");
        this.link.send("", "METADATA", uid, "accountname", account?.name ?? "");
        this.link.network.setAccount(uid, account?.name ?? null, account?.id ?? null);
    }
    forceNick(uid, nick) {
        const user = this.link.network.users.get(uid);
        if (!user)
            return;
        this.link.send("", "SVSNICK", uid, nick, String(this.link.networkSeconds()), String(user.nickTs));
    }
    kill(fromUid, uid, reason) {
        this.link.send(fromUid, "KILL", uid, reason);
        this.link.network.removeUser(uid, `Killed (${reason})`);
    }
    holdNick(fromUid, nick, seconds, reason) {
        this.link.send(fromUid, "SVSHOLD", nick, String(Math.max(1, Math.floor(seconds))), reason);
    }
    releaseNick(fromUid, nick) {
        this.link.send(fromUid, "SVSHOLD", nick);
    }
    /** A notice to opers (snomask g, as GLOBOPS). */
    operNotice(text) {
        this.link.send("", "SNONOTICE", "g", text);
    }
    /**
     * Answers a SASL exchange: mode C (data), D (done: S success / F failure), M (mechanisms).
     * `targetSid` is the client's server (the first 3 characters of its uid); our SID is the agent.
     */
    sasl(targetSid, clientUid, mode, data) {
        this.link.send("", "ENCAP", targetSid, "SASL", this.link.sid, clientUid, mode, data);
    }
    /** Tells the ircds which SASL mechanisms we offer (the value of the `sasl` capability). */
    saslMechanisms(mechanisms) {
        this.link.send("", "METADATA", "*", "saslmechlist", mechanisms.join(","));
    }
}
//# sourceMappingURL=server-actions.js.map