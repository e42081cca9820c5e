import type { Statement } from "better-sqlite3";
import type { Database } from "../db/connection.js";
import type { Clock } from "../util/clock.js";

export interface AuditRecord {
  /** Entity id, 'system' or an oper account. */
  actor: string;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  id: number;
  /** Milliseconds since the Unix epoch. */
  at: number;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
}

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  details: string | null;
}

/** Append-only log of every state change and who made it. There is no update or delete. */
export class AuditLog {
  private readonly insert: Statement<[number, string, string, string | null, string | null]>;
  private readonly selectForTarget: Statement<[string, number], AuditRow>;

  constructor(
    db: Database,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare(
      "INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)",
    );
    this.selectForTarget = db.prepare(
      "SELECT id, at, actor, action, target, details FROM audit_log WHERE target = ? ORDER BY at DESC, id DESC LIMIT ?",
    );
  }

  record(entry: AuditRecord): void {
    const details = entry.details === undefined ? null : JSON.stringify(entry.details);
    this.insert.run(this.clock.now(), entry.actor, entry.action, entry.target ?? null, details);
  }

  /** The newest entries about `target`, newest first. */
  forTarget(target: string, limit = 100): AuditEntry[] {
    return this.selectForTarget.all(target, limit).map((row) => ({
      id: row.id,
      at: row.at,
      actor: row.actor,
      action: row.action,
      target: row.target,
      details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
    }));
  }
}
