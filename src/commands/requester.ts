import type { StaffDirectory } from "../services/staff-directory.js";
import type { Requester } from "./types.js";

/**
 * Who sent a command, as handlers see it: the user, the account they are logged in to and its oper
 * privileges (from [opers], by entity ID or by a name bound to the account: services/staff-directory.ts).
 */
export function requesterOf(
  user: { uid: string; nick: string; ident: string; host: string; ip: string },
  account: { id: string; name: string } | null,
  staff: Pick<StaffDirectory, "privilegesOf">,
): Requester {
  return {
    uid: user.uid,
    nick: user.nick,
    ident: user.ident,
    host: user.host,
    ip: user.ip,
    account,
    privileges: account ? staff.privilegesOf(account) : new Set<string>(),
  };
}
