/**
 * The sandbox's ports: before starting its InspIRCd, find out whether another program already
 * listens there (Debian's own `inspircd` service takes 6667 on many machines) and say which one
 * and how to choose another port, instead of failing later with an obscure bind error.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer } from "node:net";
/** Resolves true when nothing can listen on host:port because something else already does. */
export function portInUse(port, host = "127.0.0.1") {
    return new Promise((resolve, reject) => {
        const probe = createServer();
        probe.unref();
        probe.once("error", (error) => {
            if (error.code === "EADDRINUSE" || error.code === "EACCES")
                resolve(true);
            else
                reject(error);
        });
        probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
    });
}
/** The socket inodes listening on TCP `port` (any address), from /proc/net/tcp and tcp6. */
function listeningInodes(port) {
    const inodes = new Set();
    const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
    for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
        let text;
        try {
            text = readFileSync(table, "utf8");
        }
        catch {
            continue;
        }
        for (const line of text.split("\n").slice(1)) {
            const fields = line.trim().split(/\s+/);
            // local_address is ADDR:PORT in hex; state 0A is LISTEN; the inode is the 10th field.
            if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === "0A" && fields[9])
                inodes.add(fields[9]);
        }
    }
    return inodes;
}
/**
 * The process listening on TCP `port`, found through /proc (Linux). Null when it cannot be told:
 * not Linux, or the process belongs to another user and we are not root.
 */
export function portOwner(port) {
    const inodes = listeningInodes(port);
    if (inodes.size === 0)
        return null;
    let pids;
    try {
        pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
    }
    catch {
        return null;
    }
    for (const pid of pids) {
        let fds;
        try {
            fds = readdirSync(`/proc/${pid}/fd`);
        }
        catch {
            continue;
        }
        for (const fd of fds) {
            let link;
            try {
                link = readlinkSync(`/proc/${pid}/fd/${fd}`);
            }
            catch {
                continue;
            }
            const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
            if (inode === undefined || !inodes.has(inode))
                continue;
            let command = "unknown program";
            try {
                command = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
            }
            catch {
                // The process ended meanwhile; its pid is still worth showing.
            }
            return { pid: Number(pid), command };
        }
    }
    return null;
}
/** The problem with the sandbox's ports as a message for the user, or null when all are free. */
export async function checkSandboxPorts(ports, host = "127.0.0.1") {
    const problems = [];
    for (const { port, role, howToChange } of ports) {
        if (!(await portInUse(port, host)))
            continue;
        const owner = portOwner(port);
        const who = owner ? `${owner.command} (pid ${owner.pid})` : "another program";
        let text = `The sandbox's ${role} ${host}:${port} is already in use by ${who}.`;
        if (owner?.command === "inspircd") {
            text += " On Debian that is usually the system's own InspIRCd service: stop it with `sudo systemctl stop inspircd` (`sudo systemctl disable --now inspircd` keeps it off), or";
        }
        else {
            text += " Stop that program, or";
        }
        text += ` ${howToChange}.`;
        problems.push(text);
    }
    return problems.length === 0 ? null : problems.join("\n");
}
//# sourceMappingURL=ports.js.map