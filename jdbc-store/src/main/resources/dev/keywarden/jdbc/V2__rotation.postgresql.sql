-- Keywarden JDBC store, schema version 2, PostgreSQL: the old secrets of rotated keys.
-- One row per rotated active key, kept until the key is rotated again, deactivated or deleted
-- (the store drops it then, so reactivation brings back only the current secret); the old secret is
-- refused from valid_until on (the resolver's clock decides, whatever the row's age).
CREATE TABLE IF NOT EXISTS keywarden_retired_secrets (
  digest      CHAR(64)      NOT NULL PRIMARY KEY,  -- SHA-256 of the old secret; never the secret
  id          VARCHAR(64)   NOT NULL UNIQUE REFERENCES keywarden_api_keys (id) ON DELETE CASCADE,
  valid_until TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A change to a key (deactivated, changed, deleted) changes what its old secret resolves to:
-- notify its digest too. Changes to the old secrets themselves notify as the keys do.
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
  IF TG_TABLE_NAME = 'keywarden_api_keys' AND TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('keywarden_api_keys', r.digest) FROM keywarden_retired_secrets r WHERE r.id = OLD.id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS keywarden_retired_secrets_changed ON keywarden_retired_secrets;
CREATE TRIGGER keywarden_retired_secrets_changed AFTER INSERT OR UPDATE OR DELETE ON keywarden_retired_secrets
  FOR EACH ROW EXECUTE FUNCTION keywarden_api_keys_notify();
