-- 0013: identities accounts had in the services they were imported from (issue 15: Atheme).
--
-- Atheme's entity IDs (`AAAAAAAAB`: a letter first) are valid nicknames, so they cannot be
-- Custodian entity IDs; an imported account gets a fresh entity ID and keeps its old one here.
-- `?AAAAAAAAB` references, IDENTIFY and SASL by that ID still find the account.
CREATE TABLE account_legacy_ids (
  legacy_id    TEXT PRIMARY KEY,                  -- upper-cased, as the other services wrote it
  account_id   TEXT NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
  source       TEXT NOT NULL,                     -- 'atheme'
  imported_at  INTEGER NOT NULL                   -- ms since the Unix epoch
);
