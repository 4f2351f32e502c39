-- Keywarden JDBC store, schema version 1, H2.
CREATE TABLE IF NOT EXISTS keywarden_api_keys (
  digest      CHAR(64)      NOT NULL PRIMARY KEY,  -- SHA-256 of the secret, lowercase hex; never the secret
  id          VARCHAR(64)   NOT NULL UNIQUE,
  client_type VARCHAR(64)   NOT NULL,
  active      BOOLEAN       NOT NULL,
  description VARCHAR(1024),
  expires_at  TIMESTAMP WITH TIME ZONE,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS keywarden_api_keys_by_client_type ON keywarden_api_keys (client_type, id);
