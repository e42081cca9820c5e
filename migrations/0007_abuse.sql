-- 0007: abuse resistance for X2 channel self-registration (shared/DESIGN.md §4):
-- the email blacklist, the failed-verification list and the registration attempt counters.

-- Email masks staff refuse for registration (OperServ BLACKLIST). Masks from services.conf
-- ([mail] blacklist) are not stored here; the registration policy matches both.
CREATE TABLE email_blacklist (
  id          INTEGER PRIMARY KEY,
  mask        TEXT NOT NULL,
  mask_key    TEXT NOT NULL UNIQUE,        -- lower-cased mask
  reason      TEXT NOT NULL,               -- the staff reason; never shown to the user
  setter      TEXT NOT NULL,               -- oper account name (or 'system')
  created_at  INTEGER NOT NULL,            -- ms since the Unix epoch
  expires_at  INTEGER                      -- ms; NULL: until removed
);
CREATE INDEX email_blacklist_expires ON email_blacklist (expires_at) WHERE expires_at IS NOT NULL;

-- Addresses whose channel registration was dropped unverified. One row per canonical address.
CREATE TABLE failed_verifications (
  email_canonical TEXT PRIMARY KEY,        -- used to match; never shown
  email           TEXT NOT NULL,           -- the address as it was registered (latest failure)
  channel         TEXT NOT NULL,           -- the channel of the latest failure
  failed_at       INTEGER NOT NULL,        -- ms; the latest failure
  failures        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX failed_verifications_failed_at ON failed_verifications (failed_at);

-- Every outcome of X2 REGISTER, for the rolling per-host, per-account and global limits and the
-- host_rejections flag rule. Rows older than the longest window (at least 2 days) are pruned.
CREATE TABLE registration_attempts (
  id              INTEGER PRIMARY KEY,
  at              INTEGER NOT NULL,        -- ms since the Unix epoch
  ip              TEXT NOT NULL,           -- the user's IP as the ircd reported it
  ip_key          TEXT NOT NULL,           -- what the per-host limit counts: the IPv4 address, an IPv6 /64, or the host
  host            TEXT NOT NULL,           -- the real host
  account_id      TEXT,                    -- entity ID when logged in
  email_canonical TEXT,                    -- NULL when the address was not valid
  channel         TEXT NOT NULL,
  outcome         TEXT NOT NULL CHECK (outcome IN ('accepted', 'held', 'refused', 'rejected')),
  reason          TEXT
);
CREATE INDEX registration_attempts_ip ON registration_attempts (ip_key, outcome, at);
CREATE INDEX registration_attempts_account ON registration_attempts (account_id, outcome, at) WHERE account_id IS NOT NULL;
CREATE INDEX registration_attempts_outcome_at ON registration_attempts (outcome, at);
CREATE INDEX registration_attempts_at ON registration_attempts (at);
