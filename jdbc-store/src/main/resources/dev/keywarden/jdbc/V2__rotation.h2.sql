-- Keywarden JDBC store, schema version 2, H2: the old secrets of rotated keys.
-- One row per rotated active key, kept until the key is rotated again, deactivated or deleted
-- (the store drops it then, so reactivation brings back only the current secret); the old secret is
-- refused from valid_until on (the resolver's clock decides, whatever the row's age).
CREATE TABLE IF NOT EXISTS keywarden_retired_secrets (
  digest      CHAR(64)      NOT NULL PRIMARY KEY,  -- SHA-256 of the old secret; never the secret
  id          VARCHAR(64)   NOT NULL UNIQUE REFERENCES keywarden_api_keys (id) ON DELETE CASCADE,
  valid_until TIMESTAMP WITH TIME ZONE NOT NULL
);
