package dev.keywarden.examples;

import dev.keywarden.ApiKey;
import dev.keywarden.jdbc.JdbcApiKeyStore;
import dev.keywarden.jdbc.JdbcSchema;
import dev.keywarden.store.ApiKeyStore;
import dev.keywarden.store.CachingApiKeyStore;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The demo server's keys in a database ({@code serve --jdbc-url URL}): the schema is migrated,
 * the configuration's keys are added when their id is missing, and the server resolves keys
 * through a cache over the JDBC store (listening for changes on PostgreSQL).
 */
final class JdbcKeys {
  private JdbcKeys() {}

  static ApiKeyStore open(String url, List<ApiKey> configured, PrintStream out) {
    DataSource dataSource = new UrlDataSource(url);
    JdbcSchema.migrate(dataSource);
    boolean postgres = url.startsWith("jdbc:postgresql:");
    JdbcApiKeyStore store = JdbcApiKeyStore.builder(dataSource).listenForChanges(postgres).build();
    int added = 0;
    for (ApiKey key : configured) {
      if (store.findById(key.id()).isEmpty() && store.findByDigest(key.digest()).isEmpty()) {
        store.create(key);
        added++;
      }
    }
    out.println("Keys in " + redact(url) + ": " + store.list().size() + " (" + added + " added from the configuration)");
    return CachingApiKeyStore.of(store);
  }

  /** The URL without a password parameter, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1<redacted>");
  }

  /** A minimal {@link DataSource} over {@link DriverManager}; a real application uses a pool. */
  private static final class UrlDataSource implements DataSource {
    private final String url;

    UrlDataSource(String url) {
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter writer) {
      // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
      DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
      return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
