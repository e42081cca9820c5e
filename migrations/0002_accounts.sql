-- Accounts: permanent entities keyed by entity ID (shared/DESIGN.md §2).
CREATE TABLE accounts (
  id                 TEXT PRIMARY KEY,            -- entity ID: a digit then 8 of [A-Z0-9]
  name               TEXT NOT NULL,               -- current account name (a nick, or a degraded name)
  name_key           TEXT NOT NULL UNIQUE,        -- rfc1459-folded name
  original_name      TEXT,                        -- the name before degradation; NULL while never degraded
  password_hash      TEXT NOT NULL,
  password_generated INTEGER NOT NULL DEFAULT 0,  -- 1: services generated and mailed it (logging in with it proves the mailbox)
  email              TEXT NOT NULL,
  email_canonical    TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('unverified', 'active')),
  origin             TEXT NOT NULL DEFAULT 'nickserv' CHECK (origin IN ('nickserv', 'x2')),
  created_at         INTEGER NOT NULL,            -- ms epoch
  verified_at        INTEGER,
  last_seen_at       INTEGER NOT NULL,
  last_login_at      INTEGER,
  last_mask          TEXT,                        -- nick!ident@displayed host at last use
  last_real_mask     TEXT,                        -- nick!ident@real host (opers only)
  degraded_at        INTEGER,
  expmail            INTEGER NOT NULL DEFAULT 1,
  hide_email         INTEGER NOT NULL DEFAULT 1,
  noexpire           INTEGER NOT NULL DEFAULT 0,
  frozen             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX accounts_email ON accounts (email_canonical);
CREATE INDEX accounts_unverified ON accounts (status, created_at) WHERE status = 'unverified';
CREATE INDEX accounts_last_seen ON accounts (last_seen_at);

-- The nicks an account owns (its registered nick and grouped ones).
CREATE TABLE account_nicks (
  nick_key      TEXT PRIMARY KEY,                 -- rfc1459-folded nick
  nick          TEXT NOT NULL,
  account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  registered_at INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL
);
CREATE INDEX account_nicks_account ON account_nicks (account_id);

-- Single-use codes mailed to the owner: registration, email change, password reset, deletion.
CREATE TABLE account_codes (
  id          INTEGER PRIMARY KEY,
  account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  purpose     TEXT NOT NULL CHECK (purpose IN ('register', 'email', 'resetpass', 'delete')),
  code_hash   TEXT NOT NULL,                      -- sha256 of the code; the code itself is only in the mail
  data        TEXT,                               -- e.g. the new email for 'email'
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
);
CREATE INDEX account_codes_lookup ON account_codes (account_id, purpose);

-- Staff notes on accounts (NickServ MARK).
CREATE TABLE account_marks (
  id         INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  at         INTEGER NOT NULL,
  oper       TEXT NOT NULL,
  text       TEXT NOT NULL
);
CREATE INDEX account_marks_account ON account_marks (account_id);
