-- 0010: the per-address limit of NickServ REGISTER ([nickserv] registrations_per_host_per_day).
-- One row per successful registration; rows older than two days are pruned. Kept apart from
-- registration_attempts (X2 channel registrations), whose limits count only channels.
CREATE TABLE nickserv_registrations (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,            -- ms since the Unix epoch
  ip_key      TEXT NOT NULL,               -- what the limit counts: the IPv4 address, an IPv6 /64, or the host
  account_id  TEXT NOT NULL                -- the entity ID registered (the account may be gone since)
);
CREATE INDEX nickserv_registrations_ip ON nickserv_registrations (ip_key, at);
CREATE INDEX nickserv_registrations_at ON nickserv_registrations (at);
