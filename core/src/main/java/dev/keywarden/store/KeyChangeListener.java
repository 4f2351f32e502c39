package dev.keywarden.store;

import dev.keywarden.KeyDigest;

/**
 * Receives notice that keys changed in a store, so that caches can forget them.
 * {@link CachingApiKeyStore} is one; a host can add its own (for example to publish changes to
 * other nodes). Implementations must be thread-safe and quick: they run inside the change.
 */
public interface KeyChangeListener {

  /**
   * One key was created, changed or deleted.
   *
   * @param digest the digest of its secret
   */
  void keyChanged(KeyDigest digest);

  /** Any key may have changed (for example after missed notifications): forget everything. */
  void allKeysChanged();
}
