import { timingSafeEqual } from "node:crypto";
import { encodeLine } from "../codec.js";
import { parseCapabChanmodes, parseCapabUsermodes } from "../modes.js";
import { PROTOCOL_VERSION } from "./types.js";
/** Modules the uplink must have loaded for services to work at all. */
const REQUIRED_MODULES = ["m_services_account.so"];
const SID = /^[0-9][A-Z0-9]{2}$/;
const MORE = { kind: "more" };
/** The lines services open the link with (they speak first). */
export function openingLines(options) {
    return [
        encodeLine("", "CAPAB", "START", String(PROTOCOL_VERSION)),
        encodeLine("", "CAPAB", "CAPABILITIES", "CASEMAPPING=rfc1459"),
        encodeLine("", "CAPAB", "END"),
        encodeLine("", "SERVER", options.serverName, options.sendPassword, "0", options.sid, options.description),
    ];
}
/**
 * The uplink's side of the handshake: CAPAB (protocol version, modules, modes, capabilities) and
 * SERVER with its link password. One instance per connection attempt.
 */
export class Handshake {
    receivePassword;
    network;
    log;
    modules = new Set();
    casemapping = null;
    /** User mode letters by name, from CAPAB USERMODES. */
    usermodes = new Map();
    constructor(receivePassword, network, log) {
        this.receivePassword = receivePassword;
        this.network = network;
        this.log = log;
    }
    handle(line) {
        const p = line.params;
        switch (line.command) {
            case "CAPAB":
                return this.capab(p);
            case "SERVER":
                return this.server(p);
            case "ERROR":
                return {
                    kind: "refuse",
                    reason: `uplink refused the link: ${p[0] ?? ""} (check [uplink] send_password, server name and the ircd's <link> block)`,
                };
            case "PING":
                return MORE;
            default:
                this.log.debug({ command: line.command }, "unexpected line during handshake ignored");
                return MORE;
        }
    }
    server(p) {
        const [name = "", password = "", , sid = "", description = ""] = p;
        if (!safeEqual(password, this.receivePassword)) {
            return {
                kind: "refuse",
                reason: `uplink ${name} sent a wrong link password: check [uplink] receive_password against the ircd's <link sendpass>`,
                error: "Invalid password.",
            };
        }
        if (!SID.test(sid))
            return { kind: "refuse", reason: `uplink sent an invalid SID "${sid}"`, error: "Invalid SID." };
        return { kind: "authenticated", name, sid, description };
    }
    capab(p) {
        const [sub = "", value = ""] = p;
        switch (sub) {
            case "START": {
                const version = Number(value);
                if (!Number.isInteger(version) || version < PROTOCOL_VERSION) {
                    return {
                        kind: "refuse",
                        reason: `uplink speaks protocol ${value}; Custodian needs ${PROTOCOL_VERSION} (InspIRCd 3)`,
                        error: "Protocol version not supported.",
                    };
                }
                return MORE;
            }
            case "MODULES":
            case "MODSUPPORT":
                for (const m of value.split(" ").filter(Boolean))
                    this.modules.add(m.split("=")[0]);
                return MORE;
            case "CHANMODES":
                this.network.chanModes = parseCapabChanmodes(value);
                return MORE;
            case "USERMODES":
                this.usermodes = parseCapabUsermodes(value);
                return MORE;
            case "CAPABILITIES": {
                const match = /(?:^| )CASEMAPPING=(\S+)/.exec(value);
                if (match)
                    this.casemapping = match[1];
                return MORE;
            }
            case "END": {
                const missing = REQUIRED_MODULES.filter((m) => !this.modules.has(m));
                if (missing.length > 0) {
                    return {
                        kind: "refuse",
                        reason: `uplink lacks required module(s) ${missing.join(", ")}: load them in the ircd's config`,
                        error: "Missing required modules.",
                    };
                }
                if (this.casemapping && this.casemapping !== "rfc1459") {
                    this.log.error({ casemapping: this.casemapping }, "uplink uses a casemapping other than rfc1459; the link will be refused");
                }
                return MORE;
            }
            default:
                return MORE;
        }
    }
}
function safeEqual(a, b) {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
}
//# sourceMappingURL=handshake.js.map