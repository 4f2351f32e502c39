package dev.keywarden.store;

import dev.keywarden.KeyDigest;
import dev.keywarden.ApiKey;
import java.util.Optional;

/**
 * The service provider interface a host application implements to supply API keys: a database,
 * a vault, a configuration service. It has one hot method, a lookup by digest; the store never
 * sees or compares a plaintext secret.
 *
 * <p>Keywarden ships an {@link InMemoryApiKeyStore} and a {@link CachingApiKeyStore} decorator
 * that keeps the hot path a cache hit whatever the backing store. Management (create, update,
 * delete, ...) is the separate, optional {@link ApiKeyManagement} interface.
 *
 * <p>Implementations must be thread-safe. A store that cannot answer throws
 * {@link ApiKeyStoreException} (or any runtime exception), which the access decision answers
 * with 503, never with an allow.
 */
@FunctionalInterface
public interface ApiKeyStore {

  /**
   * Finds the key whose secret has the given digest, active or not, expired or not: the
   * resolver decides what the key's state means.
   *
   * @param digest the SHA-256 digest of the presented secret; never {@code null}
   * @return the key, or empty if no key has this digest
   * @throws ApiKeyStoreException if the store cannot answer
   */
  Optional<ApiKey> findByDigest(KeyDigest digest);
}
