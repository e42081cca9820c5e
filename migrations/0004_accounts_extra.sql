-- 0004: NickServ extras on top of 0002.

-- A code replaced by a newer one of the same purpose (RESEND, a second RESETPASS) is voided, not
-- deleted: the rows still count toward the daily resend limits, and a user who types the old
-- code is told it was replaced rather than that it is wrong.
ALTER TABLE account_codes ADD COLUMN voided_at INTEGER;

-- Counting the codes an account was sent recently (resend and reset limits).
CREATE INDEX account_codes_recent ON account_codes (account_id, purpose, created_at);
