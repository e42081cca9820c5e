#!/usr/bin/env node
/**
 * The smallest services that can answer the INFO flood: Custodian's own link, network state and
 * pseudo-client (so the protocol side is the same), and an answer to every NickServ message of
 * the same length as Custodian's INFO reply, built without any lookup. The compare bench runs the
 * INFO workload against it to show the ceiling the ircd, the clients and the machine allow.
 *
 *   node bench/lib/echo-services.mjs <link port> <send password> <receive password>
 * Prints "ready" when linked; SIGTERM stops it.
 */
import { pino } from "pino";
import { InspircdLink } from "../../dist/irc/link/inspircd.js";
import { Network } from "../../dist/irc/network.js";
import { PseudoClients } from "../../dist/irc/pseudoclients.js";

const [port, sendPassword, receivePassword] = process.argv.slice(2);
const log = pino({ level: "silent" });
const network = new Network();
const link = new InspircdLink(
  {
    serverName: "services.bench.local",
    sid: "42X",
    description: "echo services",
    host: "127.0.0.1",
    port: Number(port),
    sendPassword,
    receivePassword,
    reconnectDelayMs: 1000,
    maxReconnectDelayMs: 5000,
    pingIntervalMs: 60_000,
    pingTimeoutMs: 120_000,
    version: "echo",
  },
  network,
  log,
);
const clients = new PseudoClients(link, [{ key: "nickserv", nick: "NickServ", ident: "services", host: "services.bench.local", realname: "Echo" }], log);
clients.on("command", ({ from, text }) => {
  const name = text.split(" ")[1] ?? "?";
  // The shape of Custodian's INFO reply for another user's account.
  clients.notice("nickserv", from, `Information on ${name}:`);
  clients.notice("nickserv", from, "Registered   : 2025-12-06 02:00 UTC (1y ago)");
  clients.notice("nickserv", from, "Last seen    : 2026-12-06 01:00 UTC (1h ago)");
  clients.notice("nickserv", from, `Nicknames    : ${name}`);
  clients.notice("nickserv", from, "*** End of Info ***");
});
link.on("ready", () => console.log("ready"));
link.start();
process.on("SIGTERM", () => void link.stop("echo over").then(() => process.exit(0)));
