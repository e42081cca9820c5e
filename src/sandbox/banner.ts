/**
 * What `npm run sandbox` prints once the network is up: how to connect, and what the loaded
 * config does differently from a production network (said from the config, not assumed: a
 * data/services.conf written by an older sandbox may lack the sandbox's settings, and then the
 * banner says how to get them).
 */
import { resolve } from "node:path";
import type { Config } from "../config/schema.js";
import { AddressSet } from "../util/cidr.js";
import { formatDuration } from "../util/duration.js";

export function sandboxBanner(config: Config, o: { clientPort: number; configPath: string; pid: number }): string {
  const nicks = config.pseudoclients;
  const loopbackExempt = ["127.0.0.1", "::1"].every((ip) => AddressSet.of(config.abuse.exempt_addresses).has(ip));
  const delay =
    config.mail.delay > 0
      ? `waits ${formatDuration(config.mail.delay)} before it is sent ([mail] delay: the time staff have to step in)`
      : "is sent at once ([mail] delay)";
  return [
    "",
    `Sandbox network ${config.mail.network_name} is up.`,
    `  Connect any IRC client to localhost:${o.clientPort} and try /msg ${nicks.x2.nick} HELP or /msg ${nicks.nickserv.nick} HELP.`,
    `  Channel registration mail (${nicks.x2.nick} REGISTER) ${delay}; other mail leaves at once; all of it is written as plain text to ${resolve(config.mail.dir)} (cat the .eml files).`,
    loopbackExempt
      ? "  Every client here comes from 127.0.0.1: loopback is exempt from the per-host registration limits ([abuse] exempt_addresses)."
      : `  Every client here comes from 127.0.0.1, one host for the per-host registration limits: add "127.0.0.0/8" and "::1/128" to [abuse] exempt_addresses in ${o.configPath}, or delete that file to have it written again.`,
    `  The database is ${resolve(config.database.path)}.`,
    `  After editing ${o.configPath}, send SIGHUP (kill -HUP ${o.pid}) to apply it.`,
    "  Press Ctrl-C to stop.",
    "",
  ].join("\n");
}
