-- An account's nicks are always read in registration order (INFO, GROUP, expiry): one index on
-- (account_id, registered_at) serves both the lookup and the order, where the index on
-- account_id alone left every read to sort its rows in a temporary B-tree.
CREATE INDEX account_nicks_account_registered ON account_nicks (account_id, registered_at);
DROP INDEX account_nicks_account;
