-- Client certificate fingerprints for SASL EXTERNAL (NickServ CERT ADD/DEL/LIST).
-- A fingerprint belongs to at most one account, so a certificate names its account unambiguously.
CREATE TABLE account_certfps (
  fingerprint TEXT PRIMARY KEY,                   -- lowercase hex, as the ircd reports it (ssl_cert metadata, SASL S)
  account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  added_at    INTEGER NOT NULL,                   -- ms epoch
  added_by    TEXT NOT NULL                       -- audit actor: entity ID or uid:nick
);
CREATE INDEX account_certfps_account ON account_certfps (account_id);
