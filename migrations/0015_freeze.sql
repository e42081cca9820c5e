-- 0015: freezes (OperServ FREEZE / UNFREEZE, issue 17; shared/DESIGN.md §3 Freeze).
--
-- One record per freeze of an account, with everything the freeze took away, so that UNFREEZE
-- restores from it: the access entries it removed (copied whole) and the channels it suspended.
-- The record is the source of truth; accounts.frozen (0002) mirrors "has an active freeze" for the
-- partial indexes of account expiry (0008) and the cheap checks on every account read. Triggers
-- keep the two equal in the same statement, whichever side is written (below).

CREATE TABLE account_freezes (
  id              INTEGER PRIMARY KEY,
  account_id      TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  account_name    TEXT NOT NULL,               -- the account's name when it was frozen (display)
  frozen_at       INTEGER NOT NULL,            -- ms since the Unix epoch
  frozen_by       TEXT NOT NULL,               -- the oper's entity ID, or 'system'
  frozen_by_name  TEXT NOT NULL,               -- the oper's account name then
  reason          TEXT NOT NULL,               -- the staff's reason; shown to the account's owner
  expires_at      INTEGER,                     -- ms: lifted by the maintenance loop then; NULL: until UNFREEZE
  sessions        TEXT NOT NULL DEFAULT '[]',  -- JSON array of the nicks whose login it ended
  lifted_at       INTEGER,                     -- ms: NULL while the freeze lasts
  lifted_by       TEXT,                        -- oper entity ID, or 'system' (a timed freeze ended)
  lifted_by_name  TEXT,
  lift_report     TEXT                         -- JSON: what UNFREEZE restored and what it skipped, and why
);
-- At most one freeze of an account lasts at a time.
CREATE UNIQUE INDEX account_freezes_active ON account_freezes (account_id) WHERE lifted_at IS NULL;
CREATE INDEX account_freezes_account ON account_freezes (account_id, frozen_at);
-- The timed freezes the maintenance loop lifts.
CREATE INDEX account_freezes_expiry ON account_freezes (expires_at) WHERE lifted_at IS NULL AND expires_at IS NOT NULL;

-- The access entries a freeze removed, copied whole (UNFREEZE puts back exactly this row).
-- No foreign key to channels: a channel that is gone by UNFREEZE is reported, not forgotten.
CREATE TABLE account_freeze_access (
  freeze_id     INTEGER NOT NULL REFERENCES account_freezes (id) ON DELETE CASCADE,
  channel_id    INTEGER NOT NULL,
  channel_name  TEXT NOT NULL,
  level         INTEGER NOT NULL,
  added_by      TEXT NOT NULL,
  added_at      INTEGER NOT NULL,
  last_seen_at  INTEGER,
  outcome       TEXT,                          -- set by UNFREEZE: 'restored' or why it was skipped
  PRIMARY KEY (freeze_id, channel_id)
);

-- The channels a freeze suspended: nobody else (owner or coowner, active and not frozen) could
-- manage them. A channel is suspended while one of its rows has resumed_at NULL; the channels
-- domain reads this through a port (ChannelSuspensions), and counts its time rules from the
-- latest resumed_at at the earliest.
CREATE TABLE account_freeze_channels (
  freeze_id     INTEGER NOT NULL REFERENCES account_freezes (id) ON DELETE CASCADE,
  channel_id    INTEGER NOT NULL,
  channel_name  TEXT NOT NULL,
  resumed_at    INTEGER,                       -- ms; NULL while suspended
  outcome       TEXT,                          -- set when resumed: 'resumed', 'resumed-by-other' or 'channel-ended'
  PRIMARY KEY (freeze_id, channel_id)
);
CREATE INDEX account_freeze_channels_channel ON account_freeze_channels (channel_id, resumed_at);

-- accounts.frozen follows the freeze records...
CREATE TRIGGER account_freezes_set_flag AFTER INSERT ON account_freezes WHEN NEW.lifted_at IS NULL
BEGIN
  UPDATE accounts SET frozen = 1 WHERE id = NEW.account_id AND frozen = 0;
END;

CREATE TRIGGER account_freezes_clear_flag AFTER UPDATE OF lifted_at ON account_freezes
  WHEN OLD.lifted_at IS NULL AND NEW.lifted_at IS NOT NULL
BEGIN
  UPDATE accounts SET frozen = 0 WHERE id = NEW.account_id AND frozen = 1
    AND NOT EXISTS (SELECT 1 FROM account_freezes WHERE account_id = NEW.account_id AND lifted_at IS NULL);
END;

CREATE TRIGGER account_freezes_deleted AFTER DELETE ON account_freezes WHEN OLD.lifted_at IS NULL
BEGIN
  UPDATE accounts SET frozen = 0 WHERE id = OLD.account_id AND frozen = 1
    AND NOT EXISTS (SELECT 1 FROM account_freezes WHERE account_id = OLD.account_id AND lifted_at IS NULL);
END;

-- ...and a flag written directly (an import, a hand edit) makes or ends a record, so the two never
-- disagree. Such a record has taken nothing away; UNFREEZE lifts it like any other.
CREATE TRIGGER accounts_frozen_set AFTER UPDATE OF frozen ON accounts
  WHEN NEW.frozen = 1 AND OLD.frozen = 0
    AND NOT EXISTS (SELECT 1 FROM account_freezes WHERE account_id = NEW.id AND lifted_at IS NULL)
BEGIN
  INSERT INTO account_freezes (account_id, account_name, frozen_at, frozen_by, frozen_by_name, reason)
  VALUES (NEW.id, NEW.name, CAST(unixepoch('subsec') * 1000 AS INTEGER), 'system', 'system', 'frozen outside OperServ FREEZE');
END;

CREATE TRIGGER accounts_frozen_inserted AFTER INSERT ON accounts WHEN NEW.frozen = 1
BEGIN
  INSERT INTO account_freezes (account_id, account_name, frozen_at, frozen_by, frozen_by_name, reason)
  VALUES (NEW.id, NEW.name, CAST(unixepoch('subsec') * 1000 AS INTEGER), 'system', 'system', 'frozen outside OperServ FREEZE');
END;

CREATE TRIGGER accounts_frozen_cleared AFTER UPDATE OF frozen ON accounts
  WHEN NEW.frozen = 0 AND OLD.frozen = 1
BEGIN
  UPDATE account_freezes
    SET lifted_at = CAST(unixepoch('subsec') * 1000 AS INTEGER), lifted_by = 'system', lifted_by_name = 'system',
        lift_report = '{"restored":[],"skipped":[],"note":"the frozen flag was cleared outside OperServ UNFREEZE"}'
    WHERE account_id = NEW.id AND lifted_at IS NULL;
END;

-- Accounts frozen before freeze records existed get one.
INSERT INTO account_freezes (account_id, account_name, frozen_at, frozen_by, frozen_by_name, reason)
  SELECT id, name, CAST(unixepoch('subsec') * 1000 AS INTEGER), 'system', 'system', 'frozen before freeze records existed'
  FROM accounts WHERE frozen = 1;
