-- Keywarden JDBC store, schema version 1, PostgreSQL.
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

-- Every change, made by Keywarden or by any other tool, notifies the nodes listening on the
-- channel keywarden_api_keys with the digest of the changed key.
CREATE OR REPLACE FUNCTION keywarden_api_keys_notify() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('keywarden_api_keys', OLD.digest);
  ELSE
    PERFORM pg_notify('keywarden_api_keys', NEW.digest);
    IF TG_OP = 'UPDATE' AND NEW.digest <> OLD.digest THEN
      PERFORM pg_notify('keywarden_api_keys', OLD.digest);
    END IF;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS keywarden_api_keys_changed ON keywarden_api_keys;
CREATE TRIGGER keywarden_api_keys_changed AFTER INSERT OR UPDATE OR DELETE ON keywarden_api_keys
  FOR EACH ROW EXECUTE FUNCTION keywarden_api_keys_notify();
