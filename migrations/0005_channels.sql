-- 0005: X2 channel registrations (shared/DESIGN.md §3), their access lists and staff notes.
--
-- One row per registration request. A request is live while its state is held, unverified or
-- active; it keeps its row (with the registrant's data) when it ends, so that staff can see a
-- registrant's history. Ended channels lose their access list; the audit log keeps the rest.
CREATE TABLE channels (
  id               INTEGER PRIMARY KEY,         -- the review id (REVIEW SHOW <id>)
  name             TEXT NOT NULL,               -- as the registrant typed it
  name_key         TEXT NOT NULL,               -- rfc1459-folded name
  state            TEXT NOT NULL CHECK (state IN ('held', 'unverified', 'active', 'dropped', 'rejected', 'expired', 'unregistered')),
  owner_id         TEXT,                        -- entity ID of the owner; NULL while held. No foreign key: it outlives the account in history
  email            TEXT NOT NULL,               -- normalised as validated
  email_canonical  TEXT NOT NULL,
  ts               INTEGER,                     -- the channel's network timestamp (s), for X2's joins after a relink
  requested_at     INTEGER NOT NULL,            -- ms epoch: the REGISTER
  registered_at    INTEGER,                     -- ms: accepted (unverified or active); verification and establishment count from here
  verified_at      INTEGER,                     -- ms: became active
  established_at   INTEGER,                     -- ms: the owner's first visit establish_visit_after or more after registered_at
  last_visit_at    INTEGER,                     -- ms: the last visit of someone with access (active channels)
  verify_via       TEXT CHECK (verify_via IN ('password', 'code')),  -- how it is verified; NULL when active at once or held
  code_hash        TEXT,                        -- sha256 of the mailed code (verify_via = 'code')
  mail_id          INTEGER,                     -- the registration mail's outbox row
  account_created  INTEGER NOT NULL DEFAULT 0,  -- 1: X2 created the owner's account for this registration
  flag_reasons     TEXT,                        -- JSON array: why it was held for review
  reg_uid          TEXT NOT NULL,               -- the registrant as they were at REGISTER
  reg_nick         TEXT NOT NULL,
  reg_ident        TEXT NOT NULL,
  reg_host         TEXT NOT NULL,               -- real host
  reg_ip           TEXT NOT NULL,
  reg_account_id   TEXT,                        -- the account they were logged in to, if any
  decided_by       TEXT,                        -- the oper who approved or rejected it
  decided_at       INTEGER,
  ended_at         INTEGER,                     -- ms: dropped, rejected, expired or unregistered
  end_reason       TEXT
);
-- A name can have one live registration (held, unverified or active) at a time.
CREATE UNIQUE INDEX channels_live_name ON channels (name_key) WHERE state IN ('held', 'unverified', 'active');
CREATE INDEX channels_state ON channels (state, registered_at);
CREATE INDEX channels_email ON channels (email_canonical, state);
CREATE INDEX channels_owner ON channels (owner_id, state);
CREATE INDEX channels_reg_host ON channels (reg_host);
CREATE INDEX channels_reg_account ON channels (reg_account_id);

-- Access entries, keyed by the account's entity ID (the name shown is the account's current one).
CREATE TABLE channel_access (
  channel_id    INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 500),
  added_by      TEXT NOT NULL,                -- entity ID, oper account or 'system'
  added_at      INTEGER NOT NULL,             -- ms
  last_seen_at  INTEGER,                      -- ms: last visit of this account to the channel
  PRIMARY KEY (channel_id, account_id)
);
CREATE INDEX channel_access_account ON channel_access (account_id);

-- Staff notes on registration requests (OperServ REVIEW NOTE).
CREATE TABLE channel_notes (
  id          INTEGER PRIMARY KEY,
  channel_id  INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  at          INTEGER NOT NULL,
  oper        TEXT NOT NULL,
  text        TEXT NOT NULL
);
CREATE INDEX channel_notes_channel ON channel_notes (channel_id, at);
