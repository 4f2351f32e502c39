/** Keywarden's JDBC key store: an {@code ApiKeyStore} over a host's {@code javax.sql.DataSource}. */
@SuppressWarnings("requires-automatic") // the PostgreSQL driver, optional, for LISTEN/NOTIFY only
module dev.keywarden.jdbc {
  requires transitive dev.keywarden.core;
  requires transitive java.sql;
  requires org.slf4j;
  requires static org.postgresql.jdbc;

  exports dev.keywarden.jdbc;
}
