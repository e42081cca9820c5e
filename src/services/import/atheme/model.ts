/** Atheme's records as read from its database file, each with the line it came from. */

export interface AthemeNick {
  line: number;
  nick: string;
  /** Seconds since the Unix epoch. */
  registered: number;
  lastSeen: number;
}

export interface AthemeMark {
  line: number;
  setter: string;
  /** Seconds since the Unix epoch; null when unknown. */
  time: number | null;
  text: string;
}

export interface AthemeAccount {
  line: number;
  /** Atheme's entity ID (DBV 10 and later), e.g. AAAAAAAAB. */
  uid: string | null;
  name: string;
  pass: string;
  email: string;
  registered: number;
  lastLogin: number;
  /** MU flag letters without the +: C crypted password, W unverified, h held, s hidden email... */
  flags: string;
  /** MDU rows: key -> [value, line]. */
  metadata: Map<string, { value: string; line: number }>;
  nicks: AthemeNick[];
  certfps: Array<{ line: number; fingerprint: string }>;
  /** MM rows (multimark, Atheme 7.3 and later). */
  marks: AthemeMark[];
}

export interface AthemeAccess {
  line: number;
  /** An account name, a hostmask (nick!user@host) or a group (!name). */
  target: string;
  /** Flag letters without the +. */
  flags: string;
  modified: number;
  setter: string;
}

export interface AthemeChannel {
  line: number;
  name: string;
  registered: number;
  used: number;
  flags: string;
  metadata: Map<string, { value: string; line: number }>;
  access: AthemeAccess[];
}

export interface AthemeBadmail {
  line: number;
  mask: string;
  time: number;
  setter: string;
  reason: string;
}

export interface AthemeData {
  schemaVersion: number | null;
  /** In file order. */
  accounts: AthemeAccount[];
  channels: AthemeChannel[];
  badmail: AthemeBadmail[];
  /** SO rows: services operators (Custodian's are in services.conf [opers]). */
  operators: Array<{ line: number; account: string; operclass: string }>;
}
