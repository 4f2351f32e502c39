package dev.keywarden.jdbc;

import dev.keywarden.store.ApiKeyStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The schema of the JDBC store, shipped as SQL files for PostgreSQL and H2
 * ({@code dev/keywarden/jdbc/V1__api_keys.postgresql.sql}, {@code ...h2.sql}; version 2,
 * {@code V2__rotation.*.sql}, adds the old secrets of rotated keys) and applied on
 * request by {@link #migrate(DataSource)}: versioned (a {@code keywarden_schema_version} table)
 * and idempotent. A host with its own migration tool (Flyway, Liquibase) can run the same files
 * instead. Never a plaintext secret in the database: keys are stored by digest.
 */
public final class JdbcSchema {
  /** The version the shipped files bring the schema to. */
  public static final int CURRENT_VERSION = 2;

  private static final String[] FILES = {"V1__api_keys", "V2__rotation"};

  private JdbcSchema() {}

  /** The databases with shipped schema files. */
  public enum Dialect {
    /** PostgreSQL: change notifications through LISTEN/NOTIFY. */
    POSTGRESQL("postgresql"),
    /** H2: no notifications; the cache TTL bounds staleness. */
    H2("h2");

    private final String suffix;

    Dialect(String suffix) {
      this.suffix = suffix;
    }

    /**
     * {@return the dialect of a connection's database}
     *
     * @param connection the connection; not {@code null}
     * @throws SQLException if the metadata cannot be read
     * @throws IllegalArgumentException for a database without shipped files
     */
    public static Dialect of(Connection connection) throws SQLException {
      String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("postgres")) {
        return POSTGRESQL;
      }
      if (product.contains("h2")) {
        return H2;
      }
      throw new IllegalArgumentException("no Keywarden schema for database " + product
          + "; apply an equivalent of the shipped PostgreSQL or H2 file yourself");
    }

    /** {@return the resource path of this dialect's first schema file, version 1} */
    public String resource() {
      return resource(1);
    }

    /**
     * {@return the resource path of this dialect's file for one schema version}
     *
     * @param version 1 to {@link #CURRENT_VERSION}
     * @throws IllegalArgumentException for another version
     */
    public String resource(int version) {
      if (version < 1 || version > CURRENT_VERSION) {
        throw new IllegalArgumentException("schema version must be 1 to " + CURRENT_VERSION + " (was " + version + ")");
      }
      return "/dev/keywarden/jdbc/" + FILES[version - 1] + "." + suffix + ".sql";
    }
  }

  /**
   * Brings the schema to {@link #CURRENT_VERSION}, applying each missing version in order, in
   * one transaction; does nothing when it is already there.
   *
   * @param dataSource the database; not {@code null}
   * @return the version before migrating (0 for an empty database)
   * @throws ApiKeyStoreException if the database cannot be reached or refuses the schema; its
   *     message ends with the driver's, which helps but may quote the JDBC URL, a password in it
   *     included ({@code No suitable driver found for jdbc:...?password=...}): remove the URL's
   *     passwords before printing or logging it
   */
  public static int migrate(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    try (Connection connection = dataSource.getConnection()) {
      Dialect dialect = Dialect.of(connection);
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE IF NOT EXISTS keywarden_schema_version ("
            + "version INT NOT NULL PRIMARY KEY, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        if (dialect == Dialect.POSTGRESQL) {
          // Nodes starting together migrate one at a time.
          statement.execute("SELECT pg_advisory_xact_lock(7405191)");
        }
        int before = appliedVersion(statement);
        for (int version = before + 1; version <= CURRENT_VERSION; version++) {
          apply(connection, statement, dialect, version);
        }
        connection.commit();
        return before;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new ApiKeyStoreException("could not migrate the Keywarden schema: " + e.getMessage(), e);
    }
  }

  /** The highest version applied, 0 for none. */
  private static int appliedVersion(Statement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM keywarden_schema_version")) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }

  /** Runs one version's file and records the version, in the caller's transaction. */
  private static void apply(Connection connection, Statement statement, Dialect dialect, int version)
      throws SQLException {
    for (String sql : statements(read(dialect.resource(version)))) {
      statement.execute(sql);
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO keywarden_schema_version (version, applied_at) VALUES (?, ?)")) {
      insert.setInt(1, version);
      insert.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
      insert.executeUpdate();
    }
  }

  private static String read(String resource) {
    try (InputStream in = JdbcSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema file " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema file " + resource, e);
    }
  }

  /** Splits a script on top-level semicolons, leaving quoted text, $$ bodies and comments whole. */
  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    boolean dollar = false;
    for (int i = 0; i < script.length(); i++) {
      char c = script.charAt(i);
      if (!quoted && !dollar && c == '-' && script.startsWith("--", i)) {
        int end = script.indexOf('\n', i);
        i = end < 0 ? script.length() : end;
        current.append('\n');
        continue;
      }
      if (!quoted && script.startsWith("$$", i)) {
        dollar = !dollar;
        current.append("$$");
        i++;
        continue;
      }
      if (!dollar && c == '\'') {
        quoted = !quoted;
      }
      if (!quoted && !dollar && c == ';') {
        if (!current.toString().isBlank()) {
          statements.add(current.toString().trim());
        }
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().trim());
    }
    return statements;
  }
}
