package dev.keywarden.jdbc;

import dev.keywarden.KeyDigest;
import dev.keywarden.store.KeyChangeListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on PostgreSQL's {@code keywarden_api_keys} channel on a connection of its own and hands
 * every notice (the digest of a changed key) to the store's listeners. After a lost connection it
 * reconnects with backoff and tells the listeners that every key may have changed, since notices
 * sent meanwhile are lost.
 */
final class PgChangeListener implements Runnable {
  static final String CHANNEL = "keywarden_api_keys";
  private static final Logger LOG = LoggerFactory.getLogger(PgChangeListener.class);
  private static final int POLL_MILLIS = 250;

  private final DataSource dataSource;
  private final List<KeyChangeListener> listeners;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean connected;
  private volatile Connection connection;

  PgChangeListener(DataSource dataSource, List<KeyChangeListener> listeners) {
    this.dataSource = dataSource;
    this.listeners = listeners;
    this.thread = new Thread(this, "keywarden-pg-listener");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void stop() {
    running = false;
    thread.interrupt();
    closeQuietly();
  }

  boolean connected() {
    return connected;
  }

  @Override
  public void run() {
    long backoff = 100;
    boolean everConnected = false;
    while (running) {
      try (Connection c = dataSource.getConnection()) {
        connection = c;
        PGConnection pg = listen(c, everConnected);
        everConnected = true;
        connected = true;
        backoff = 100;
        poll(pg);
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          break;
        }
        if (connected) {
          LOG.warn("key change listener lost its connection, reconnecting: {}", e.toString());
          allKeysChanged();
        }
        connected = false;
        sleep(backoff);
        backoff = Math.min(backoff * 2, 2_000);
      } finally {
        connected = false;
        connection = null;
      }
    }
  }

  /** Starts listening on a new connection; after a reconnection, flushes the listeners' caches. */
  private PGConnection listen(Connection c, boolean reconnected) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    try (Statement statement = c.createStatement()) {
      statement.execute("LISTEN " + CHANNEL);
    }
    if (reconnected) {
      // Notices sent while nobody listened are lost: forget everything cached.
      LOG.info("key change listener reconnected; flushing caches");
      allKeysChanged();
    }
    return pg;
  }

  /** Hands notices on until stopped; returns when stopped, throws when the connection fails. */
  private void poll(PGConnection pg) throws SQLException {
    while (running) {
      PGNotification[] notices = pg.getNotifications(POLL_MILLIS);
      if (notices != null) {
        for (PGNotification notice : notices) {
          keyChanged(notice.getParameter());
        }
      }
    }
  }

  private void keyChanged(String payload) {
    KeyDigest digest;
    try {
      digest = KeyDigest.fromHex(payload.trim());
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring a malformed key change notice; flushing caches");
      allKeysChanged();
      return;
    }
    for (KeyChangeListener listener : listeners) {
      listener.keyChanged(digest);
    }
  }

  private void allKeysChanged() {
    for (KeyChangeListener listener : listeners) {
      listener.allKeysChanged();
    }
  }

  private void closeQuietly() {
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing on stop: nothing left to do
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
