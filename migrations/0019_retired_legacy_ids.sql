-- 0019: a deleted account's former-services ID (issue 15's legacy ID, e.g. Atheme's `AAAAAAAAB`)
-- kept with its retired entity ID, so that `import-atheme --merge` recognises an account deleted
-- here and does not bring it back. The ID names no one (services assigned it, like the entity
-- ID); it is kept as long as the retired entity ID, that is for good. NULL: not imported.

ALTER TABLE retired_entity_ids ADD COLUMN legacy_id TEXT;          -- upper-cased, as account_legacy_ids had it
ALTER TABLE retired_entity_ids ADD COLUMN legacy_source TEXT;      -- 'atheme'
CREATE INDEX retired_entity_ids_legacy ON retired_entity_ids (legacy_id) WHERE legacy_id IS NOT NULL;
