-- 0008: account expiry by degradation (issue 5, shared/DESIGN.md §2-§3).
--
-- An account unseen for nickserv.nick_expire loses its nicknames (kept here for the oper INFO
-- view) and is renamed `<entity id>-<old name>`; after nickserv.account_expire it is dropped.

-- When the nick-expiry warning mail was queued. A warning counts for the current absence only:
-- it is due again once the account has been seen after it (warned_at < last_seen_at).
ALTER TABLE accounts ADD COLUMN warned_at INTEGER;

-- Nicknames an account lost when it was degraded, for OperServ/oper INFO ("Expired Nicknames").
CREATE TABLE expired_nicks (
  id            INTEGER PRIMARY KEY,
  account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  nick          TEXT NOT NULL,
  registered_at INTEGER,                 -- ms: when the account had registered or grouped it
  expired_at    INTEGER NOT NULL         -- ms: when it expired
);
CREATE INDEX expired_nicks_account ON expired_nicks (account_id, expired_at);

-- The degradation (and warning) queries: verified, not yet degraded, not exempt, by last seen.
-- The queries repeat this WHERE clause so that SQLite picks the partial index.
CREATE INDEX accounts_nick_expiry ON accounts (last_seen_at)
  WHERE status = 'active' AND degraded_at IS NULL AND noexpire = 0 AND frozen = 0;

-- The account-expiry query: verified, not exempt, by last seen (degraded or not).
CREATE INDEX accounts_account_expiry ON accounts (last_seen_at)
  WHERE status = 'active' AND noexpire = 0 AND frozen = 0;
