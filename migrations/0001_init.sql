-- 0001: the audit log and a small key/value table for process-wide state.

-- Append-only record of every state change and who made it.
CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,   -- ms since the Unix epoch
  actor   TEXT NOT NULL,      -- entity id, 'system' or oper account
  action  TEXT NOT NULL,
  target  TEXT,
  details TEXT                -- JSON
);

CREATE INDEX audit_log_target_at ON audit_log (target, at);

CREATE TABLE kv (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
