/** What the channel store holds and reads back: the records, their SQL rows and the mapping between them. */

export type ChannelState = "held" | "unverified" | "active" | "dropped" | "rejected" | "expired" | "unregistered";

/** States in which a registration holds its name. */
export const LIVE_STATES: readonly ChannelState[] = ["held", "unverified", "active"];
export type EndState = "dropped" | "rejected" | "expired" | "unregistered";

export interface Registrant {
  uid: string;
  nick: string;
  ident: string;
  host: string;
  ip: string;
  accountId: string | null;
}

export interface ChannelRecord {
  id: number;
  name: string;
  state: ChannelState;
  ownerId: string | null;
  email: string;
  emailCanonical: string;
  ts: number | null;
  requestedAt: number;
  registeredAt: number | null;
  verifiedAt: number | null;
  establishedAt: number | null;
  lastVisitAt: number | null;
  verifyVia: "password" | "code" | null;
  codeHash: string | null;
  mailId: number | null;
  accountCreated: boolean;
  flagReasons: string[];
  registrant: Registrant;
  decidedBy: string | null;
  decidedAt: number | null;
  endedAt: number | null;
  endReason: string | null;
}

export interface AccessEntry {
  channelId: number;
  accountId: string;
  /** The account's current name (renamed or degraded accounts show their new name). */
  accountName: string;
  accountStatus: "unverified" | "active";
  level: number;
  addedBy: string;
  addedAt: number;
  lastSeenAt: number | null;
}

export interface ChannelNote {
  id: number;
  at: number;
  oper: string;
  text: string;
}

export interface NewRequest {
  name: string;
  email: string;
  emailCanonical: string;
  registrant: Registrant;
  now: number;
}

export interface Acceptance {
  state: "unverified" | "active";
  ownerId: string;
  verifyVia: "password" | "code" | null;
  codeHash: string | null;
  accountCreated: boolean;
  ts: number | null;
  now: number;
}

export interface ChannelRow {
  id: number;
  name: string;
  name_key: string;
  state: ChannelState;
  owner_id: string | null;
  email: string;
  email_canonical: string;
  ts: number | null;
  requested_at: number;
  registered_at: number | null;
  verified_at: number | null;
  established_at: number | null;
  last_visit_at: number | null;
  verify_via: "password" | "code" | null;
  code_hash: string | null;
  mail_id: number | null;
  account_created: number;
  flag_reasons: string | null;
  reg_uid: string;
  reg_nick: string;
  reg_ident: string;
  reg_host: string;
  reg_ip: string;
  reg_account_id: string | null;
  decided_by: string | null;
  decided_at: number | null;
  ended_at: number | null;
  end_reason: string | null;
}

export interface AccessRow {
  channel_id: number;
  account_id: string;
  name: string;
  status: "unverified" | "active";
  level: number;
  added_by: string;
  added_at: number;
  last_seen_at: number | null;
}

export function toRecord(r: ChannelRow): ChannelRecord {
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
    flagReasons: r.flag_reasons ? (JSON.parse(r.flag_reasons) as string[]) : [],
    registrant: { uid: r.reg_uid, nick: r.reg_nick, ident: r.reg_ident, host: r.reg_host, ip: r.reg_ip, accountId: r.reg_account_id },
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    endedAt: r.ended_at,
    endReason: r.end_reason,
  };
}

export function toAccess(r: AccessRow): AccessEntry {
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
