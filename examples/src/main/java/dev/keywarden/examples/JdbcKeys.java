package dev.keywarden.examples;

import dev.keywarden.ApiKey;
import dev.keywarden.jdbc.JdbcApiKeyStore;
import dev.keywarden.jdbc.JdbcSchema;
import dev.keywarden.store.ApiKeyStore;
import dev.keywarden.store.CachingApiKeyStore;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The demo server's keys in a database ({@code serve --jdbc-url URL}): the schema is migrated,
 * the configuration's keys are added when their id is missing, and the server resolves keys
 * through a cache over the JDBC store (listening for changes on PostgreSQL).
 */
final class JdbcKeys {
  private static final String REDACTED = "<redacted>";
  /** {@code password=x}, any case, blanks around {@code =}, up to {@code &}, {@code ;} or the end. */
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)((?:password|pwd)\\s*=\\s*)([^&;]*)");
  /** {@code //user:password@host}: the password of the authority's user information, up to its last {@code @}. */
  private static final Pattern USERINFO = Pattern.compile("(//[^/?#@:;&\\s]*:)([^/?#\\s]*)@");

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

  /**
   * The URL, or any text quoting it, without its passwords, for messages: the values of
   * {@code password=} (also {@code PASSWORD = x}, {@code ;password=x}, {@code sslpassword=},
   * {@code pwd=}) and the password of {@code //user:password@host}.
   */
  static String redact(String text) {
    return text == null ? null : USERINFO.matcher(PASSWORD_PARAMETER.matcher(text).replaceAll("$1" + REDACTED))
        .replaceAll("$1" + REDACTED + "@");
  }

  /**
   * A message about the database for the terminal: {@link #redact redacted}, and without any
   * password the URL holds, wherever the driver quotes it (a driver may quote it decoded, or a
   * host name made of {@code user:password}).
   */
  static String scrub(String message, String url) {
    String scrubbed = redact(message);
    if (scrubbed == null) {
      return null;
    }
    for (String password : passwords(url)) {
      scrubbed = scrubbed.replace(password, REDACTED);
      String decoded = decoded(password);
      if (!decoded.isEmpty()) {
        scrubbed = scrubbed.replace(decoded, REDACTED);
      }
    }
    return scrubbed;
  }

  /**
   * What went wrong with the database, for the terminal: the exception's message and its causes'
   * (the driver's, which may quote the URL), each {@link #scrub scrubbed}.
   */
  static String describe(Throwable failure, String url) {
    StringBuilder text = new StringBuilder();
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && !message.isBlank() && text.indexOf(message) < 0) {
        text.append(text.length() == 0 ? "" : "; caused by: ").append(message);
      }
    }
    return scrub(text.length() == 0 ? failure.getClass().getSimpleName() : text.toString(), url);
  }

  /** The passwords written in a JDBC URL, as written (percent-encoded or not). */
  static List<String> passwords(String url) {
    List<String> passwords = new ArrayList<>();
    for (Pattern pattern : new Pattern[] {PASSWORD_PARAMETER, USERINFO}) {
      Matcher matcher = pattern.matcher(url);
      while (matcher.find()) {
        String value = matcher.group(2).strip();
        if (!value.isEmpty()) {
          passwords.add(value);
        }
      }
    }
    // Longest first, so that a password containing another is replaced whole.
    passwords.sort(Comparator.comparingInt(String::length).reversed());
    return passwords;
  }

  private static String decoded(String password) {
    try {
      return URLDecoder.decode(password, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
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
