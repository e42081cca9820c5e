-- Until now only a deletion case retired the entity ID of the account it removed; accounts dropped
-- by expiry, by the unverified-account drop or with their X2-made channel left their IDs free to be
-- drawn again. The accounts store now retires the ID of every account row it deletes; the IDs of
-- accounts dropped before this migration are recovered from the audit log, which records each drop.
INSERT OR IGNORE INTO retired_entity_ids (entity_id, retired_at)
  SELECT target, MIN(at) FROM audit_log
  WHERE action IN ('account.drop', 'account.expired')
    AND target IS NOT NULL
    AND target NOT IN (SELECT id FROM accounts)
  GROUP BY target;
