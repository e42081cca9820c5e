import { holdReasonText, killReasonText, messageService, messageText, operAlertText, partReasonText } from "../commands/notices.js";
export function toOnlineUser(user) {
    return {
        uid: user.uid,
        nick: user.nick,
        ident: user.ident,
        host: user.host,
        displayHost: user.displayHost,
        ip: user.ip,
        accountName: user.account,
        accountId: user.accountId,
        certfp: user.certfp,
        isIrcOper: user.modes.has("o"),
        connectedAt: user.signonTs * 1000,
    };
}
/** The domain's read-only view of the network, over the IRC layer's state. */
export function networkView(network, link) {
    return {
        user(uidOrNick) {
            const user = network.findUser(uidOrNick);
            return user ? toOnlineUser(user) : undefined;
        },
        usersOnAccount(accountId) {
            const out = [];
            for (const user of network.users.values())
                if (user.accountId === accountId)
                    out.push(toOnlineUser(user));
            return out;
        },
        presence(channel, uid) {
            const member = network.getChannel(channel)?.members.get(uid);
            if (!member)
                return undefined;
            const op = member.status.has("o") || member.status.has("a") || member.status.has("q");
            return { op, voice: member.status.has("v"), statusFromBurst: member.statusFromBurst };
        },
        channelMembers(channel) {
            return [...(network.getChannel(channel)?.members.keys() ?? [])];
        },
        channelExists(channel) {
            return network.getChannel(channel) !== undefined;
        },
        channelTs(channel) {
            return network.getChannel(channel)?.ts;
        },
        isSplit(graceMs) {
            return network.isSplit(graceMs);
        },
        isLinked() {
            return link.isReady;
        },
    };
}
/**
 * The domain's actions on the network, as lines from our server or pseudo-clients. What the
 * domain hands over typed is worded here with the command layer's words (src/commands/notices.ts).
 */
export function networkActions(clients, server, words) {
    return {
        notify: (uid, message) => clients.notice(messageService(message), uid, messageText(message, words)),
        alertOpers: (alert) => server.operNotice(operAlertText(alert, words)),
        setLogin: (uid, account) => server.setAccount(uid, account),
        forceNick: (uid, nick) => server.forceNick(uid, nick),
        holdNick: (nick, seconds, reason) => server.holdNick(clients.uid("nickserv"), nick, seconds, holdReasonText(reason, words)),
        releaseNick: (nick) => server.releaseNick(clients.uid("nickserv"), nick),
        joinChannel: (service, channel, ts) => clients.join(service, channel, ts),
        partChannel: (service, channel, reason) => clients.part(service, channel, partReasonText(reason)),
        channelMode: (service, channel, modes, params) => clients.mode(service, channel, modes, params ?? []),
        killUser: (uid, reason) => server.kill(clients.uid("nickserv"), uid, killReasonText(reason)),
    };
}
//# sourceMappingURL=network-port.js.map