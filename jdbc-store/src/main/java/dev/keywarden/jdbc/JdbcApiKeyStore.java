package dev.keywarden.jdbc;

import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import dev.keywarden.store.ApiKeyManagement;
import dev.keywarden.store.ApiKeyStore;
import dev.keywarden.store.ApiKeyStoreException;
import dev.keywarden.store.DuplicateApiKeyException;
import dev.keywarden.store.KeyChangeListener;
import dev.keywarden.store.KeyChangeNotifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * An {@link ApiKeyStore} and {@link ApiKeyManagement} over plain JDBC (a host's
 * {@link DataSource}; no ORM), for nodes that share their keys.
 *
 * <p>Keys live in one table, looked up by the primary key {@code digest} (one indexed query per
 * lookup); the plaintext secret is never stored. Put a {@code CachingApiKeyStore} in front so the
 * hot path stays a cache hit; the cache subscribes to this store's change notices:
 * <ul>
 *   <li>a change made through this store reaches this node's cache before the call returns;
 *   <li>on PostgreSQL, with {@link Builder#listenForChanges(boolean)}, every change to the table
 *       (from any node or tool) reaches every listening node through {@code LISTEN/NOTIFY}, about
 *       as fast as the database delivers it; after a dropped listener connection the caches are
 *       flushed, since notices may have been missed;
 *   <li>elsewhere (H2, other databases) other nodes see a change within the cache TTL.
 * </ul>
 *
 * <p>SQL errors map to {@link DuplicateApiKeyException} (a secret or id that exists) and to
 * {@link ApiKeyStoreException} (anything else, connection failures included), which the access
 * decision answers with 503. Messages never contain a secret or digest. Instances are
 * thread-safe; {@link #close()} stops the listener.
 */
public final class JdbcApiKeyStore implements ApiKeyStore, ApiKeyManagement, KeyChangeNotifier, AutoCloseable {
  private static final String COLUMNS = "digest, id, client_type, active, description, expires_at";

  private final DataSource dataSource;
  private final List<KeyChangeListener> listeners = new CopyOnWriteArrayList<>();
  private final PgChangeListener pgListener;

  private JdbcApiKeyStore(Builder builder) {
    this.dataSource = builder.dataSource;
    this.pgListener = builder.listen ? new PgChangeListener(dataSource, listeners) : null;
    if (pgListener != null) {
      pgListener.start();
    }
  }

  /**
   * {@return a new builder over a data source} The schema must exist: see {@link JdbcSchema#migrate}.
   *
   * @param dataSource the database; not {@code null}
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public Optional<ApiKey> findByDigest(KeyDigest digest) {
    Objects.requireNonNull(digest, "digest");
    // One round trip: the key itself, or the key seen through its old secret during a rotation's
    // grace period (expiring at the latest when the grace ends).
    return query("SELECT " + COLUMNS + " FROM keywarden_api_keys WHERE digest = ?"
        + " UNION ALL SELECT r.digest, k.id, k.client_type, k.active, k.description,"
        + " CASE WHEN k.expires_at IS NOT NULL AND k.expires_at < r.valid_until THEN k.expires_at"
        + " ELSE r.valid_until END"
        + " FROM keywarden_retired_secrets r JOIN keywarden_api_keys k ON k.id = r.id WHERE r.digest = ?",
        digest.hex(), digest.hex()).stream().findFirst();
  }

  @Override
  public Optional<ApiKey> findById(String id) {
    Objects.requireNonNull(id, "id");
    return query("SELECT " + COLUMNS + " FROM keywarden_api_keys WHERE id = ?", id).stream().findFirst();
  }

  @Override
  public List<ApiKey> listByClientType(String clientType) {
    Objects.requireNonNull(clientType, "clientType");
    return query("SELECT " + COLUMNS + " FROM keywarden_api_keys WHERE client_type = ? ORDER BY id", clientType);
  }

  /**
   * Lists one page of the keys of a client type, ordered by id.
   *
   * @param clientType the client type; not {@code null}
   * @param offset how many keys to skip, at least 0
   * @param limit how many keys at most, 1 to 10,000
   * @return an unmodifiable list
   * @throws IllegalArgumentException if offset or limit is out of range
   */
  public List<ApiKey> listByClientType(String clientType, int offset, int limit) {
    Objects.requireNonNull(clientType, "clientType");
    if (offset < 0 || limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("offset must be at least 0 and limit 1 to 10000 (were " + offset + ", "
          + limit + ")");
    }
    return query("SELECT " + COLUMNS + " FROM keywarden_api_keys WHERE client_type = ? ORDER BY id"
        + " OFFSET " + offset + " ROWS FETCH NEXT " + limit + " ROWS ONLY", clientType);
  }

  @Override
  public List<ApiKey> list() {
    return query("SELECT " + COLUMNS + " FROM keywarden_api_keys ORDER BY id");
  }

  @Override
  public void create(ApiKey key) {
    Objects.requireNonNull(key, "key");
    Optional<String> retiredOwner = retiredOwner(key.digest());
    if (retiredOwner.isPresent()) {
      throw new DuplicateApiKeyException("a key with the same secret already exists (id " + retiredOwner.get() + ")");
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    try {
      update("INSERT INTO keywarden_api_keys (" + COLUMNS + ", created_at, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          key.digest().hex(), key.id(), key.clientType(), key.active(), key.description().orElse(null),
          timestamp(key.expiresAt().orElse(null)), now, now);
    } catch (DuplicateApiKeyException e) {
      throw duplicate(key);
    }
    changed(key.digest());
  }

  /**
   * Creates a key with a newly generated secret ({@code kw_...}) and returns the secret, once.
   *
   * @param clientType the client type
   * @param description a description, or {@code null}
   * @return the secret; store only what {@link ApiKey} keeps of it
   */
  public String createGenerated(String clientType, String description) {
    String secret = dev.keywarden.ApiKeyGenerator.defaultGenerator().generate();
    create(ApiKey.builder().secret(secret).clientType(clientType).description(description).build());
    return secret;
  }

  @Override
  public boolean update(ApiKey key) {
    Objects.requireNonNull(key, "key");
    Optional<ApiKey> old = findById(key.id());
    if (old.isEmpty()) {
      return false;
    }
    KeyChange change;
    try {
      change = changeKey(key.id(), refusedNow(key.active(), key.expiresAt()),
          "UPDATE keywarden_api_keys SET digest = ?, client_type = ?, active = ?,"
              + " description = ?, expires_at = ?, updated_at = ? WHERE id = ?",
          key.digest().hex(), key.clientType(), key.active(), key.description().orElse(null),
          timestamp(key.expiresAt().orElse(null)), OffsetDateTime.now(ZoneOffset.UTC), key.id());
    } catch (DuplicateApiKeyException e) {
      throw duplicate(key);
    }
    changed(old.get().digest());
    changed(key.digest());
    change.retired().ifPresent(this::changed);
    return change.rows() > 0;
  }

  @Override
  public boolean setActive(String id, boolean active) {
    Objects.requireNonNull(id, "id");
    Optional<ApiKey> old = findById(id);
    if (old.isEmpty()) {
      return false;
    }
    KeyChange change = changeKey(id, refusedNow(active, old.get().expiresAt()),
        "UPDATE keywarden_api_keys SET active = ?, updated_at = ? WHERE id = ?",
        active, OffsetDateTime.now(ZoneOffset.UTC), id);
    changed(old.get().digest());
    change.retired().ifPresent(this::changed);
    return change.rows() > 0;
  }

  /**
   * Whether a key is refused once a change is made: inactive, or expiring at or before now (this
   * store has no clock of its own, so the wall clock when the change is made decides).
   */
  private static boolean refusedNow(boolean active, Optional<Instant> expiresAt) {
    return !active || expiresAt.filter(e -> !e.isAfter(Instant.now())).isPresent();
  }

  /** What {@link #changeKey} did: rows updated, and the old secret the key had then. */
  private record KeyChange(int rows, Optional<KeyDigest> retired) {}

  /**
   * Updates a key's row and, in the same transaction, reads its old secret and drops it when the
   * key ends up refused (inactive or expired, see {@link #refusedNow}): such a key loses its old
   * secret for good, so activating or un-expiring it again brings back only the current one. The
   * row is updated first: its lock orders this against a concurrent rotation, which updates the
   * row before it touches the old secrets.
   */
  private KeyChange changeKey(String id, boolean refused, String sql, Object... parameters) {
    return inTransaction("duplicate key", connection -> {
      int rows = execute(connection, sql, parameters);
      Optional<KeyDigest> retired = Optional.empty();
      try (PreparedStatement statement = prepare(connection,
              "SELECT digest FROM keywarden_retired_secrets WHERE id = ?", id);
          ResultSet found = statement.executeQuery()) {
        if (found.next()) {
          retired = Optional.of(KeyDigest.fromHex(found.getString(1).trim()));
        }
      }
      if (refused && retired.isPresent()) {
        execute(connection, "DELETE FROM keywarden_retired_secrets WHERE id = ?", id);
      }
      connection.commit();
      return new KeyChange(rows, retired);
    });
  }

  /** Work done on one connection with auto-commit off; it commits or rolls back itself. */
  @FunctionalInterface
  private interface Transaction<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs work in a transaction: rolled back when it throws an {@link SQLException}, the
   * connection's auto-commit restored either way. A unique-constraint violation becomes a
   * {@link DuplicateApiKeyException} with the given message, any other SQL failure an
   * {@link ApiKeyStoreException}.
   */
  private <T> T inTransaction(String duplicateMessage, Transaction<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        return work.run(connection);
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        throw new DuplicateApiKeyException(duplicateMessage);
      }
      throw new ApiKeyStoreException("API key database failed (SQLState " + e.getSQLState() + ")", e);
    }
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    Optional<ApiKey> old = findById(id);
    if (old.isEmpty()) {
      return false;
    }
    Optional<KeyDigest> retired = retiredDigest(id);
    int rows = update("DELETE FROM keywarden_api_keys WHERE id = ?", id); // the old secret goes too (cascade)
    changed(old.get().digest());
    retired.ifPresent(this::changed);
    return rows > 0;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction: the key's row takes the new digest and the old digest goes to
   * {@code keywarden_retired_secrets} (schema version 2), replacing any earlier old secret. An
   * refused key keeps no old secret (the insert requires the row to be active and unexpired,
   * read after the row's update, so a concurrent deactivation cannot slip in between).
   */
  @Override
  public Optional<ApiKey> rotate(String id, KeyDigest newDigest, Instant oldSecretValidUntil) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(newDigest, "newDigest");
    Objects.requireNonNull(oldSecretValidUntil, "oldSecretValidUntil");
    Optional<ApiKey> old = findById(id);
    if (old.isEmpty()) {
      return Optional.empty();
    }
    if (findByDigest(newDigest).isPresent()) {
      throw new DuplicateApiKeyException("the new secret belongs to a key already");
    }
    Optional<KeyDigest> earlier = retiredDigest(id);
    KeyDigest oldDigest = old.get().digest();
    inTransaction("the new secret belongs to a key already", connection -> {
      // Only if the key still has the digest read above: a concurrent rotation wins, this one
      // changes nothing and reports the key as it is. The row first: its lock orders this
      // against concurrent changes of the key (see changeKey).
      int rows = execute(connection,
          "UPDATE keywarden_api_keys SET digest = ?, updated_at = ? WHERE id = ? AND digest = ?",
          newDigest.hex(), OffsetDateTime.now(ZoneOffset.UTC), id, oldDigest.hex());
      if (rows == 1) {
        execute(connection, "DELETE FROM keywarden_retired_secrets WHERE id = ?", id);
        execute(connection, "INSERT INTO keywarden_retired_secrets (digest, id, valid_until)"
                + " SELECT ?, id, ? FROM keywarden_api_keys WHERE id = ? AND active = ?"
                + " AND (expires_at IS NULL OR expires_at > ?)",
            oldDigest.hex(), timestamp(oldSecretValidUntil), id, true, timestamp(Instant.now()));
        connection.commit();
      } else {
        connection.rollback();
      }
      return rows;
    });
    changed(old.get().digest());
    changed(newDigest);
    earlier.ifPresent(this::changed);
    return findById(id);
  }

  @Override
  public Map<String, Timestamps> timestamps(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids");
    Map<String, Timestamps> found = new HashMap<>();
    List<String> all = List.copyOf(ids);
    // In slices, so one statement never has more parameters than a driver takes.
    for (int from = 0; from < all.size(); from += 500) {
      List<String> slice = all.subList(from, Math.min(all.size(), from + 500));
      String sql = "SELECT id, created_at, updated_at FROM keywarden_api_keys WHERE id IN ("
          + String.join(", ", Collections.nCopies(slice.size(), "?")) + ")";
      try (Connection connection = dataSource.getConnection();
          PreparedStatement statement = prepare(connection, sql, slice.toArray());
          ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          found.put(rows.getString(1),
              new Timestamps(rows.getTimestamp(2).toInstant(), rows.getTimestamp(3).toInstant()));
        }
      } catch (SQLException e) {
        throw new ApiKeyStoreException("API key database failed (SQLState " + e.getSQLState() + ")", e);
      }
    }
    return Map.copyOf(found);
  }

  private Optional<KeyDigest> retiredDigest(String id) {
    return column("SELECT digest FROM keywarden_retired_secrets WHERE id = ?", id)
        .map(hex -> KeyDigest.fromHex(hex.trim()));
  }

  private Optional<String> retiredOwner(KeyDigest digest) {
    return column("SELECT id FROM keywarden_retired_secrets WHERE digest = ?", digest.hex());
  }

  private Optional<String> column(String sql, String parameter) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, sql, parameter);
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      throw new ApiKeyStoreException("API key database failed (SQLState " + e.getSQLState() + ")", e);
    }
  }

  private static int execute(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, parameters)) {
      return statement.executeUpdate();
    }
  }

  @Override
  public void addChangeListener(KeyChangeListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** {@return whether the PostgreSQL change listener is connected; always {@code false} without one} */
  public boolean listening() {
    return pgListener != null && pgListener.connected();
  }

  /** Stops the change listener, if any; the data source stays the host's. */
  @Override
  public void close() {
    if (pgListener != null) {
      pgListener.stop();
    }
  }

  private void changed(KeyDigest digest) {
    for (KeyChangeListener listener : listeners) {
      listener.keyChanged(digest);
    }
  }

  private DuplicateApiKeyException duplicate(ApiKey key) {
    Optional<ApiKey> sameSecret = findByDigest(key.digest());
    if (sameSecret.isPresent() && !sameSecret.get().id().equals(key.id())) {
      return new DuplicateApiKeyException("a key with the same secret already exists (id "
          + sameSecret.get().id() + ")");
    }
    return new DuplicateApiKeyException("a key with id " + key.id() + " already exists");
  }

  private List<ApiKey> query(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      List<ApiKey> keys = new ArrayList<>();
      while (rows.next()) {
        Timestamp expires = rows.getTimestamp(6);
        keys.add(ApiKey.builder()
            .secretSha256(rows.getString(1).trim())
            .id(rows.getString(2))
            .clientType(rows.getString(3))
            .active(rows.getBoolean(4))
            .description(rows.getString(5))
            .expiresAt(expires == null ? null : expires.toInstant())
            .build());
      }
      return List.copyOf(keys);
    } catch (SQLException e) {
      throw new ApiKeyStoreException("API key database failed (SQLState " + e.getSQLState() + ")", e);
    }
  }

  private int update(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, sql, parameters)) {
      return statement.executeUpdate();
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        throw new DuplicateApiKeyException("duplicate key");
      }
      throw new ApiKeyStoreException("API key database failed (SQLState " + e.getSQLState() + ")", e);
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  @Override
  public String toString() {
    return "JdbcApiKeyStore[listening=" + listening() + "]";
  }

  /** Builds a {@link JdbcApiKeyStore}. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private boolean listen;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * On PostgreSQL, listens for change notices from every node ({@code LISTEN}) on one
     * connection of its own, reconnecting after failures. Off by default.
     *
     * @param enabled {@code true} to listen
     * @return this builder
     */
    public Builder listenForChanges(boolean enabled) {
      this.listen = enabled;
      return this;
    }

    /** {@return a new store} Starts its listener, if enabled. */
    public JdbcApiKeyStore build() {
      return new JdbcApiKeyStore(this);
    }
  }
}
