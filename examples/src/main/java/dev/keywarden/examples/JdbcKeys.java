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
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The demo server's keys in a database ({@code serve --jdbc-url URL}): the schema is migrated,
 * the configuration's keys are added when their id is missing, and the server resolves keys
 * through a cache over the JDBC store (listening for changes on PostgreSQL).
 */
final class JdbcKeys {
  private static final String REDACTED = "<redacted>";
  /**
   * {@code password=x}, {@code password1=x}, {@code sslpassword=x}, {@code pwd=x}, any case, blanks
   * around {@code =}, up to {@code &}, {@code ;} or the end, or a braced value {@code {a;b}} whole.
   */
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile(
      "(?i)([\\w.\\-]*(?:password|passwd|pwd|secret|token|passphrase)[\\w.\\-]*\\s*=\\s*)"
          + "(\\{(?:\\}\\}|[^}])*\\}?|[^&;]*)");
  /** {@code //user:password@host}: the password of the authority's user information, up to its last {@code @}. */
  private static final Pattern USERINFO = Pattern.compile("(//[^/?#@:\\s]*:)([^/?#\\s]*)@");
  /** Oracle's {@code jdbc:oracle:thin:user/password@host}. */
  private static final Pattern ORACLE_USER =
      Pattern.compile("(?i)(jdbc:oracle:\\w+:[^/@\\s]*/)(\\S*?)@(?=//|\\(|[^@]*$)");

  private JdbcKeys() {}

  /**
   * Opens the store; meanwhile all output (the driver's prints and logging included) is scrubbed
   * of the URL's passwords.
   */
  @SuppressWarnings("try") // the resource is only held: output is scrubbed while it is open
  static ApiKeyStore open(String url, List<ApiKey> configured, PrintStream out) {
    try (ScrubbedOutput scrubbed = ScrubbedOutput.install(text -> scrub(text, url))) {
      return openScrubbed(url, configured, out);
    }
  }

  private static ApiKeyStore openScrubbed(String url, List<ApiKey> configured, PrintStream out) {
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
    out.println("Keys in " + shown(url) + ": " + store.list().size() + " (" + added + " added from the configuration)");
    return CachingApiKeyStore.of(store);
  }

  /**
   * The URL, or any text quoting it, without its passwords, for messages: the values of
   * {@code password=} (also {@code PASSWORD = x}, {@code ;password=x}, {@code sslpassword=},
   * {@code password2=}, {@code pwd=}, braced {@code password={a;b}}), the password of
   * {@code //user:password@host} and Oracle's {@code user/password@}.
   */
  static String redact(String text) {
    if (text == null) {
      return null;
    }
    String redacted = PASSWORD_PARAMETER.matcher(text).replaceAll("$1" + REDACTED);
    redacted = ORACLE_USER.matcher(redacted).replaceAll("$1" + REDACTED + "@");
    return USERINFO.matcher(redacted).replaceAll("$1" + REDACTED + "@");
  }

  /** The URL as the terminal may show it: {@link #scrub scrubbed} of its own passwords. */
  static String shown(String url) {
    return scrub(url, url);
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

  /** What in a JDBC URL may be a password, as written and decoded, longest first: see {@link JdbcSecrets}. */
  static List<String> passwords(String url) {
    return url == null ? List.of() : JdbcSecrets.of(url);
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
