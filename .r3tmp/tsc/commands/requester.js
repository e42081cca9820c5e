/**
 * Who sent a command, as handlers see it: the user, the account they are logged in to and its oper
 * privileges (from [opers], by entity ID or by a name bound to the account: services/staff-directory.ts).
 */
export function requesterOf(user, account, staff) {
    return {
        uid: user.uid,
        nick: user.nick,
        ident: user.ident,
        host: user.host,
        ip: user.ip,
        account,
        privileges: account ? staff.privilegesOf(account) : new Set(),
    };
}
//# sourceMappingURL=requester.js.map