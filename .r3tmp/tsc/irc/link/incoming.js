/** Commands that need nothing from services: accepted without a word. */
export const IGNORED_COMMANDS = new Set([
    "AWAY",
    "SINFO",
    "SNONOTICE",
    "GLOBOPS",
    "ADDLINE",
    "DELLINE",
    "INVITE",
    "VERSION",
    "TIME",
    "SVSHOLD",
    "OPERQUIT",
    "RSQUIT",
    "CAPAB",
    "NUM",
    "LMODE",
    "WALLOPS",
]);
const SID = /^[0-9][A-Z0-9]{2}$/;
const UID = /^[0-9][A-Z0-9]{8}$/;
function skip(session, line, reason) {
    session.log.warn({ command: line.command, reason }, "bad line from uplink skipped");
}
const ping = (s, _line, src) => s.send(s.sid, "PONG", src);
const pong = (s, _line, src) => {
    if (src === s.uplinkSid)
        s.pong();
};
const burst = (s, { params: p }, src) => {
    const ts = Number(p[0]);
    if (src === s.uplinkSid && Number.isFinite(ts) && ts > 0)
        s.learnNetworkTime(ts);
    s.network.startBurst(src);
};
const endburst = (s, _line, src) => {
    s.network.endBurst(src);
    if (src === s.uplinkSid)
        s.uplinkBurstEnded();
};
const server = (s, line, src) => {
    // 1205 forms: `:<parent> SERVER <name> <pass> <hops> <sid> :<desc>` or `:<parent> SERVER <name> <sid> [k=v]... :<desc>`.
    const p = line.params;
    const name = p[0];
    const description = p[p.length - 1] ?? "";
    const sid = p.slice(1, -1).reverse().find((x) => SID.test(x));
    if (!name || !sid)
        return skip(s, line, "SERVER without name or SID");
    s.network.addServer(sid, name, description, src.slice(0, 3));
};
const squit = (s, { params: p }) => {
    const target = s.network.findServer(p[0] ?? "");
    if (!target)
        return;
    if (target.sid === s.sid)
        return s.drop(`uplink squit us: ${p[1] ?? ""}`);
    s.network.removeServer(target.sid);
};
const uid = (s, line) => {
    const p = line.params;
    // UID <uid> <nick ts> <nick> <host> <dhost> <ident> <ip> <signon> +<modes> [mode params] :<realname>
    if (p.length < 10)
        return skip(s, line, "UID with too few parameters");
    const [id = "", nickTs, nick = "", host = "", dhost = "", ident = "", ip = "", signon, modes = "+"] = p;
    if (!UID.test(id))
        return skip(s, line, "UID with a malformed uid");
    const user = s.network.addUser({
        uid: id,
        nick,
        nickTs: Number(nickTs) || 0,
        ident,
        host,
        displayHost: dhost,
        ip,
        server: id.slice(0, 3),
        signonTs: Number(signon) || 0,
        modes: new Set(),
        realname: p[p.length - 1] ?? "",
    });
    s.network.applyUserModes(user.uid, modes);
};
const nick = (s, line, src) => {
    const [newNick, ts] = line.params;
    if (!newNick)
        return skip(s, line, "NICK without a nick");
    s.network.changeNick(src, newNick, Number(ts) || s.networkSeconds());
};
const save = (s, { params: [id = "", ts] }) => {
    s.network.changeNick(id, id, Number(ts) || s.networkSeconds());
};
/** SVSNICK <uid or nick> <new nick> <ts> [<expected nick ts>]: addressed to the target's server, which alone acts on it. */
const svsnick = (s, line, src) => {
    const [target = "", newNick = ""] = line.params;
    const user = s.network.findUser(target);
    if (!newNick)
        return skip(s, line, "SVSNICK without a nick");
    if (user?.server === s.sid)
        s.forcedNick(user.uid, newNick, src);
};
const opertype = (s, { params: p }, src) => {
    const user = s.network.users.get(src);
    if (!user)
        return;
    user.operType = p[0] ?? "oper";
    user.modes.add("o");
};
const mode = (s, { params: p }) => {
    const target = p[0] ?? "";
    if (s.network.users.has(target))
        s.network.applyUserModes(target, p[1] ?? "");
};
const fjoin = (s, line, src) => {
    const p = line.params;
    // FJOIN <chan> <ts> <modes> [params...] :<status>,<uid>[:<membid>] ...
    if (p.length < 4)
        return skip(s, line, "FJOIN with too few parameters");
    const [channel = "", ts = "", modes = "+"] = p;
    const modeParams = p.slice(3, -1);
    const members = [];
    for (const entry of (p[p.length - 1] ?? "").split(" ").filter(Boolean)) {
        const comma = entry.indexOf(",");
        if (comma < 0)
            continue;
        const status = entry.slice(0, comma);
        const member = entry.slice(comma + 1).split(":")[0] ?? "";
        members.push({ uid: member, status });
    }
    const tsNumber = Number(ts);
    if (!channel.startsWith("#") || !Number.isFinite(tsNumber))
        return skip(s, line, "FJOIN with a bad channel or ts");
    s.network.fjoin(channel, tsNumber, modes, modeParams, members, src);
};
const ijoin = (s, line, src) => {
    const [channel, , ts, status] = line.params;
    if (!channel)
        return skip(s, line, "IJOIN without a channel");
    s.network.ijoin(channel, src, ts === undefined ? undefined : Number(ts), status);
};
const fmode = (s, { params: [channel = "", ts = "", modes = "", ...params] }, src) => {
    s.network.fmode(channel, Number(ts), modes, params, src);
};
const metadata = (s, { params: [target = "", key = "", value = ""] }) => {
    if (target.startsWith("#") || target === "*")
        return;
    switch (key) {
        case "accountname":
            s.network.setAccount(target, value === "" ? null : value);
            return;
        case "accountid":
            s.network.setAccountId(target, value === "" ? null : value);
            return;
        case "ssl_cert": {
            const user = s.network.users.get(target);
            // Format: "<flags> <fingerprint> <dn> <issuer>"; the flags never contain 'E' (error) for a valid cert.
            const [flags = "", fingerprint = ""] = value.split(" ");
            if (user)
                user.certfp = !flags.includes("E") && /^[0-9a-fA-F]{16,}$/.test(fingerprint) ? fingerprint.toLowerCase() : null;
            return;
        }
        default:
            return;
    }
};
const encap = (s, { params: [target = "", sub = "", ...rest] }, src) => {
    if (target !== "*" && target !== s.sid && target !== s.serverName)
        return;
    if (sub !== "SASL")
        return;
    // From the ircd (m_sasl, InspIRCd 3): ENCAP <target> SASL <client uid> <agent> <mode> <data...>
    // e.g. `SASL 001AAAAAB * H 127.0.0.1 127.0.0.1 P`, `SASL 001AAAAAB * S PLAIN`, `SASL 001AAAAAB 42X C <b64>`.
    const [client = "", agent = "", saslMode = "", ...data] = rest;
    if (!UID.test(client) || !saslMode)
        return;
    s.sasl({ origin: src.slice(0, 3), client, agent, mode: saslMode, data });
};
const message = (s, { command, params: [to = "", text = ""] }, src) => {
    if (!s.network.users.has(src))
        return;
    s.message({ kind: command === "PRIVMSG" ? "privmsg" : "notice", from: src, to, text });
};
const idle = (s, { params: p }, src) => {
    // WHOIS on one of our clients: the ircd asks for its signon and idle time.
    // Answered only for our own clients, so a line never goes out from a source we do not own.
    const ours = s.network.users.get(p[0] ?? "");
    if (p.length === 1 && s.network.users.has(src) && ours?.server === s.sid) {
        s.send(ours.uid, "IDLE", src, String(ours.signonTs), "0");
    }
};
/** The handler of each command the link acts on. */
export const LINKED_HANDLERS = new Map([
    ["PING", ping],
    ["PONG", pong],
    ["BURST", burst],
    ["ENDBURST", endburst],
    ["SERVER", server],
    ["SQUIT", squit],
    ["UID", uid],
    ["NICK", nick],
    ["SAVE", save],
    ["SVSNICK", svsnick],
    ["QUIT", (s, { params: p }, src) => s.network.removeUser(src, p[0] ?? "")],
    ["KILL", (s, { params: p }) => s.network.removeUser(p[0] ?? "", `Killed (${p[1] ?? ""})`)],
    ["FHOST", (s, { params: p }, src) => s.network.setHost(src, p[0] ?? "")],
    ["FIDENT", (s, { params: p }, src) => s.network.setIdent(src, p[0] ?? "")],
    ["FNAME", (s, { params: p }, src) => s.network.setRealname(src, p[0] ?? "")],
    ["OPERTYPE", opertype],
    ["MODE", mode],
    ["FJOIN", fjoin],
    ["IJOIN", ijoin],
    ["PART", (s, { params: p }, src) => s.network.part(p[0] ?? "", src)],
    ["KICK", (s, { params: p }, src) => s.network.kick(p[0] ?? "", p[1] ?? "", src)],
    ["FMODE", fmode],
    ["FTOPIC", (s, { params: p }) => s.network.setTopic(p[0] ?? "", p[p.length - 1] ?? "")],
    ["TOPIC", (s, { params: p }) => s.network.setTopic(p[0] ?? "", p[1] ?? "")],
    ["METADATA", metadata],
    ["ENCAP", encap],
    ["PRIVMSG", message],
    ["NOTICE", message],
    ["IDLE", idle],
    ["ERROR", (s, { params: p }) => s.drop(`uplink closed the link: ${p[0] ?? ""}`)],
]);
//# sourceMappingURL=incoming.js.map