/** What the channel store holds and reads back: the records, their SQL rows and the mapping between them. */
/** States in which a registration holds its name. */
export const LIVE_STATES = ["held", "unverified", "active"];
export function toRecord(r) {
    return {
        id: r.id,
        name: r.name,
        state: r.state,
        ownerId: r.owner_id,
        email: r.email,
        emailCanonical: r.email_canonical,
        ts: r.ts,
        requestedAt: r.requested_at,
        registeredAt: r.registered_at,
        verifiedAt: r.verified_at,
        establishedAt: r.established_at,
        lastVisitAt: r.last_visit_at,
        verifyVia: r.verify_via,
        codeHash: r.code_hash,
        mailId: r.mail_id,
        accountCreated: r.account_created === 1,
        flagReasons: r.flag_reasons ? JSON.parse(r.flag_reasons) : [],
        registrant: { uid: r.reg_uid, nick: r.reg_nick, ident: r.reg_ident, host: r.reg_host, ip: r.reg_ip, accountId: r.reg_account_id },
        decidedBy: r.decided_by,
        decidedAt: r.decided_at,
        endedAt: r.ended_at,
        endReason: r.end_reason,
    };
}
export function toAccess(r) {
    return {
        channelId: r.channel_id,
        accountId: r.account_id,
        accountName: r.name,
        accountStatus: r.status,
        level: r.level,
        addedBy: r.added_by,
        addedAt: r.added_at,
        lastSeenAt: r.last_seen_at,
    };
}
//# sourceMappingURL=records.js.map