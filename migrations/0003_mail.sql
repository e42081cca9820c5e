-- 0003: the mail outbox (delayed, rate-limited, retried) and the addresses that refused mail.

-- One row per mail. Rows are never deleted on send; old finished rows are purged by maintenance.
CREATE TABLE mail_outbox (
  id          INTEGER PRIMARY KEY,
  template    TEXT NOT NULL,             -- a MailTemplate name
  recipient   TEXT NOT NULL,             -- the address as validated (domain lower-cased)
  data        TEXT NOT NULL,             -- JSON; emptied ('{}') once sent or cancelled (it may hold codes)
  ref         TEXT,                      -- what it belongs to, e.g. 'chanreg:12', for cancelling
  not_before  INTEGER NOT NULL,          -- ms since the Unix epoch: not sent before this
  status      TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  created_at  INTEGER NOT NULL,          -- ms
  sent_at     INTEGER,                   -- ms; set when the server accepted the mail
  message_id  TEXT                       -- the Message-ID header sent
);

CREATE INDEX mail_outbox_status_not_before ON mail_outbox (status, not_before);
CREATE INDEX mail_outbox_recipient_sent_at ON mail_outbox (recipient, sent_at);
CREATE INDEX mail_outbox_ref ON mail_outbox (ref);
-- For the rolling-hour rate limits: the mails sent in the last hour.
CREATE INDEX mail_outbox_status_sent_at ON mail_outbox (status, sent_at);

-- Addresses whose server answered a permanent (5xx) refusal. Lower-cased.
CREATE TABLE mail_failing_addresses (
  address          TEXT PRIMARY KEY,
  first_failed_at  INTEGER,              -- ms
  last_failed_at   INTEGER,              -- ms
  reply            TEXT                  -- the server's reply, e.g. '550 5.1.1 mailbox unavailable'
);
