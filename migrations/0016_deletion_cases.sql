-- 0016 (issue 18): account deletion as a case (shared/DESIGN.md §3 Deletion).
--
-- A case is numbered aYYYYMMDD.N (N counts the cases opened that UTC day from 1) and holds one
-- or more accounts, numbered K = 1, 2... inside it. Nothing here holds a name or an email: the
-- case refers to its accounts by entity ID, so that what remains after execution (the case
-- record and the tombstone) names nobody.

CREATE TABLE deletion_cases (
  number          TEXT PRIMARY KEY,                  -- aYYYYMMDD.N
  day             TEXT NOT NULL,                     -- YYYYMMDD (UTC) the case was opened
  seq             INTEGER NOT NULL CHECK (seq >= 1), -- N
  origin          TEXT NOT NULL CHECK (origin IN ('member', 'staff')),
  opened_by       TEXT NOT NULL,                     -- entity ID of the member or the oper
  reason          TEXT,                              -- the oper's reason (OperServ DELETE); NULL for members
  state           TEXT NOT NULL CHECK (state IN ('open', 'executed', 'cancelled')),
  opened_at       INTEGER NOT NULL,                  -- ms epoch
  window_ends_at  INTEGER NOT NULL,                  -- ms: not executed before (objection window)
  hold_reason     TEXT,                              -- manual hold (CASE HOLD); NULL when none
  held_by         TEXT,                              -- entity ID of the oper who set it
  held_at         INTEGER,
  closed_at       INTEGER,                           -- ms: executed or cancelled
  closed_by       TEXT,                              -- entity ID, or 'system'
  UNIQUE (day, seq)
);
CREATE INDEX deletion_cases_state ON deletion_cases (state, window_ends_at);

-- The accounts of a case. `account_id` follows the live account and becomes NULL when it is
-- deleted (by this case or another); `entity_id` stays: it is the tombstone's key.
CREATE TABLE deletion_case_accounts (
  case_number       TEXT NOT NULL REFERENCES deletion_cases (number) ON DELETE CASCADE,
  k                 INTEGER NOT NULL CHECK (k >= 1),
  entity_id         TEXT NOT NULL,
  account_id        TEXT REFERENCES accounts (id) ON DELETE SET NULL,
  cancel_code_hash  TEXT,                            -- member cases: sha256 of the mailed cancel code
  checklist         TEXT,                            -- JSON: the checklist as last computed (entity IDs and channel names only)
  checked_at        INTEGER,                         -- ms: when it was computed
  executed_at       INTEGER,                         -- ms: deleted by this case
  farewell_mail     INTEGER,                         -- outbox id of the last mail to the member, until it has left and its address is forgotten
  PRIMARY KEY (case_number, k)
);
CREATE INDEX deletion_case_accounts_account ON deletion_case_accounts (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX deletion_case_accounts_entity ON deletion_case_accounts (entity_id);
CREATE INDEX deletion_case_accounts_farewell ON deletion_case_accounts (farewell_mail) WHERE farewell_mail IS NOT NULL;
CREATE UNIQUE INDEX deletion_case_accounts_cancel ON deletion_case_accounts (cancel_code_hash) WHERE cancel_code_hash IS NOT NULL;

-- Staff decisions on checklist items (CASE RULE): a successor or a drop for a channel, revoking
-- staff privileges, waiving a hold. One ruling per item; a new one replaces it.
CREATE TABLE deletion_rulings (
  case_number  TEXT NOT NULL REFERENCES deletion_cases (number) ON DELETE CASCADE,
  item         TEXT NOT NULL,                        -- the item's key, e.g. 'channel:#widgets', 'staff', 'hold:frozen@2'
  ruling       TEXT NOT NULL,                        -- 'drop', 'successor:<entity id>', 'revoke', 'waive'
  ruled_by     TEXT NOT NULL,                        -- entity ID of the oper
  ruled_at     INTEGER NOT NULL,
  PRIMARY KEY (case_number, item)
);

-- What remains of a deleted account: its entity ID, its case, dates, and the email replaced by
-- <case number>.<K>@<tombstone domain>. Purged by maintenance when retain_until passes.
CREATE TABLE account_tombstones (
  entity_id     TEXT PRIMARY KEY,
  case_number   TEXT NOT NULL REFERENCES deletion_cases (number),
  k             INTEGER NOT NULL,
  email         TEXT NOT NULL,                       -- the pseudonym, never the real address
  created_at    INTEGER NOT NULL,                    -- ms: when the account was registered
  deleted_at    INTEGER NOT NULL,                    -- ms: execution (the ruling date)
  retain_until  INTEGER NOT NULL                     -- ms: the later of the ruling date + retention and each retention rule
);
CREATE INDEX account_tombstones_retain ON account_tombstones (retain_until);

-- Entity IDs of deleted accounts, kept when their tombstone is purged: an entity ID is never
-- given to another account (old audit entries still name it).
CREATE TABLE retired_entity_ids (
  entity_id   TEXT PRIMARY KEY,
  retired_at  INTEGER NOT NULL
);
