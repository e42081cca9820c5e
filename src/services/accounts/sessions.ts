/** Which account each online user is logged in to, as services know it. */
export interface Session {
  uid: string;
  accountId: string;
  since: number;
  via: LoginVia;
}

export type LoginVia = "identify" | "sasl" | "verify" | "register" | "reclaim" | "burst";

export class Sessions {
  private readonly byUid = new Map<string, Session>();
  private readonly byAccount = new Map<string, Set<string>>();

  get(uid: string): Session | undefined {
    return this.byUid.get(uid);
  }

  uidsOf(accountId: string): string[] {
    return [...(this.byAccount.get(accountId) ?? [])];
  }

  /** The accounts with at least one logged-in user (the expiry loop keeps them seen). */
  accountIds(): string[] {
    return [...this.byAccount.keys()];
  }

  set(session: Session): void {
    this.remove(session.uid);
    this.byUid.set(session.uid, session);
    const uids = this.byAccount.get(session.accountId) ?? new Set<string>();
    uids.add(session.uid);
    this.byAccount.set(session.accountId, uids);
  }

  remove(uid: string): Session | undefined {
    const session = this.byUid.get(uid);
    if (!session) return undefined;
    this.byUid.delete(uid);
    const uids = this.byAccount.get(session.accountId);
    uids?.delete(uid);
    if (uids && uids.size === 0) this.byAccount.delete(session.accountId);
    return session;
  }

  clear(): void {
    this.byUid.clear();
    this.byAccount.clear();
  }

  get size(): number {
    return this.byUid.size;
  }
}
