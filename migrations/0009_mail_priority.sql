-- 0009: mail priority classes, so that bulk mail (expiry warnings and notices, queued by the
-- thousand by one expiry run) cannot starve the time-critical mail (codes, passwords,
-- registration, rejections).
--
-- 0 = urgent (the default, every mail queued before this migration), 1 = bulk. The outbox
-- serves urgent rows first; bulk rows get what is left of mail.per_hour, and at most
-- mail.bulk_share of it.
ALTER TABLE mail_outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1));

-- The due query: queued rows by priority, then not_before (then id, the rowid, which every
-- index ends with), so that the ORDER BY needs no sort.
CREATE INDEX mail_outbox_due ON mail_outbox (status, priority, not_before);
