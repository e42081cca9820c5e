-- 0012: indexes for OperServ AUDIT, which reads the audit log by target (an account's entity ID,
-- a channel name) or by actor (what an oper did), newest first, without scanning the table.
--
-- Targets are looked up case-insensitively as IRC compares names (RFC 1459: A-Z and []\~ fold to
-- a-z and {}|^), through a generated column built only of SQLite's own functions, so that the
-- sqlite3 shell and integrity checks read it too. Being VIRTUAL it takes no space in the rows,
-- and every insert, whatever its path, gets it.
ALTER TABLE audit_log ADD COLUMN target_key TEXT
  GENERATED ALWAYS AS (replace(replace(replace(replace(lower(target), '[', '{'), ']', '}'), '\', '|'), '~', '^')) VIRTUAL;

-- Both end in the rowid (id), so "ORDER BY at DESC, id DESC" reads them backwards with no sort.
CREATE INDEX audit_log_target_key_at ON audit_log (target_key, at);
CREATE INDEX audit_log_actor_at ON audit_log (actor, at);

-- The exact-target index of 0001 is replaced by the folded one (AuditLog.forTarget uses it).
DROP INDEX audit_log_target_at;
