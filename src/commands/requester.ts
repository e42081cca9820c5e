import type { Config } from "../config/schema.js";
import { privilegesOf } from "../config/schema.js";
import type { Requester } from "./types.js";

/** Who sent a command, as handlers see it: the user, the account they are logged in to and its oper privileges. */
export function requesterOf(
  user: { uid: string; nick: string; ident: string; host: string; ip: string },
  account: { id: string; name: string } | null,
  config: Config,
): Requester {
  return {
    uid: user.uid,
    nick: user.nick,
    ident: user.ident,
    host: user.host,
    ip: user.ip,
    account,
    privileges: account ? privilegesOf(config, account) : new Set<string>(),
  };
}
