-- 0017: finding a degraded account by the name its owner remembers (issue 19).
--
-- RECLAIM, IDENTIFY and SASL look up the degraded accounts whose original name is the name given,
-- compared as services compare names (RFC 1459 case folding: lower case, and [ ] \ ~ equal to
-- { } | ^). Names are nicknames, hence ASCII, so SQLite's lower() folds them as the code does.
-- The lookups repeat this expression and the WHERE clause so that SQLite uses the index.
CREATE INDEX accounts_degraded_original_name
  ON accounts (lower(replace(replace(replace(replace(original_name, '[', '{'), ']', '}'), '\', '|'), '~', '^')))
  WHERE degraded_at IS NOT NULL;
