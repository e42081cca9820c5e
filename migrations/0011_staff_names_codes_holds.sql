-- 0011 (issue 13): staff names that cannot be inherited, and state that must survive a restart.

-- A name key of [opers] belongs to the first account that held it (at registration, rename or
-- start-up). The class given by that key goes to that account only, and no other account may
-- ever take the name, even after the staff account is dropped (shared/DESIGN.md §5).
CREATE TABLE staff_names (
  name_key    TEXT PRIMARY KEY,          -- rfc1459-folded name, as listed in [opers]
  name        TEXT NOT NULL,             -- the name as the account held it
  account_id  TEXT NOT NULL,             -- entity ID; no foreign key: the binding outlives the account
  bound_at    INTEGER NOT NULL           -- ms epoch
);

-- The confirmation code X2 gives an owner who asks to UNREGISTER a channel. One per channel; a
-- new request replaces it. Only the SHA-256 of the code is kept.
CREATE TABLE channel_unregister_codes (
  channel_id    INTEGER PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
  code_hash     TEXT NOT NULL,
  requested_by  TEXT NOT NULL,           -- entity ID of who asked; only they can confirm
  created_at    INTEGER NOT NULL,        -- ms
  expires_at    INTEGER NOT NULL         -- ms
);
CREATE INDEX channel_unregister_codes_expiry ON channel_unregister_codes (expires_at);

-- Nicks services asked the ircd to hold (SVSHOLD) after a guest rename, until the ircd ends the
-- hold: so that after a restart services still lift the holds they set when the owner logs in.
CREATE TABLE nick_holds (
  nick_key    TEXT PRIMARY KEY,          -- rfc1459-folded nick
  nick        TEXT NOT NULL,
  account_id  TEXT NOT NULL,             -- the account the nick belongs to
  created_at  INTEGER NOT NULL,          -- ms
  until       INTEGER NOT NULL           -- ms: when the ircd ends the hold
);
CREATE INDEX nick_holds_account ON nick_holds (account_id);
CREATE INDEX nick_holds_until ON nick_holds (until);
