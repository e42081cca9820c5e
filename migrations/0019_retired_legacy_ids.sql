-- 0019: a deleted account's former-services ID (issue 15's legacy ID, e.g. Atheme's `AAAAAAAAB`)
-- kept with its retired entity ID, so that `import-atheme --merge` recognises an account deleted
-- here and does not bring it back. The ID names no one (services assigned it, like the entity
-- ID); it is kept as long as the retired entity ID, that is for good. NULL: not imported.

ALTER TABLE retired_entity_ids ADD COLUMN legacy_id TEXT;          -- upper-cased, as account_legacy_ids had it
ALTER TABLE retired_entity_ids ADD COLUMN legacy_source TEXT;      -- 'atheme'
CREATE INDEX retired_entity_ids_legacy ON retired_entity_ids (legacy_id) WHERE legacy_id IS NOT NULL;

-- Accounts deleted or dropped before this migration: their Atheme ID is still in the audit row
-- of their import (`account.import`, details.legacyId; the deletion scrub keeps it, it names no one).
WITH imported AS MATERIALIZED (
  SELECT target AS entity_id, upper(json_extract(details, '$.legacyId')) AS legacy_id,
         json_extract(details, '$.source') AS source
  FROM audit_log
  WHERE action = 'account.import' AND json_extract(details, '$.legacyId') IS NOT NULL
)
UPDATE retired_entity_ids
SET legacy_id = (SELECT i.legacy_id FROM imported i WHERE i.entity_id = retired_entity_ids.entity_id LIMIT 1),
    legacy_source = (SELECT coalesce(i.source, 'atheme') FROM imported i WHERE i.entity_id = retired_entity_ids.entity_id LIMIT 1)
WHERE legacy_id IS NULL AND entity_id IN (SELECT entity_id FROM imported);
