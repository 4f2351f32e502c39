package dev.keywarden.store;

import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The optional management side of a key store: create, update, activate or deactivate, delete,
 * and list keys. Keys are addressed by their non-secret {@link ApiKey#id() id}.
 *
 * <p>A store that implements this and {@link KeyChangeNotifier} lets caches in front of it
 * forget a changed key before the management call returns, so a key deactivated, expired or
 * deleted through this interface is refused on that node immediately.
 *
 * <p>Implementations must be thread-safe.
 */
public interface ApiKeyManagement {

  /**
   * Adds a key.
   *
   * @param key the key; not {@code null}
   * @throws DuplicateApiKeyException if a key with the same secret or the same id exists
   * @throws ApiKeyStoreException if the store cannot answer
   */
  void create(ApiKey key);

  /**
   * Replaces the key that has the same id.
   *
   * @param key the new values; not {@code null}
   * @return {@code true} if a key with that id existed and was replaced
   * @throws DuplicateApiKeyException if the new secret belongs to another key
   * @throws ApiKeyStoreException if the store cannot answer
   */
  boolean update(ApiKey key);

  /**
   * Sets a key's active flag.
   *
   * @param id the key's id; not {@code null}
   * @param active the new flag
   * @return {@code true} if the key exists
   * @throws ApiKeyStoreException if the store cannot answer
   */
  boolean setActive(String id, boolean active);

  /**
   * Activates a key.
   *
   * @param id the key's id; not {@code null}
   * @return {@code true} if the key exists
   */
  default boolean activate(String id) {
    return setActive(id, true);
  }

  /**
   * Deactivates a key: from the moment this returns it is refused like an unknown key. The old
   * secret a {@linkplain #rotate rotation} kept alive is dropped for good.
   *
   * @param id the key's id; not {@code null}
   * @return {@code true} if the key exists
   */
  default boolean deactivate(String id) {
    return setActive(id, false);
  }

  /**
   * Deletes a key.
   *
   * @param id the key's id; not {@code null}
   * @return {@code true} if the key existed
   * @throws ApiKeyStoreException if the store cannot answer
   */
  boolean delete(String id);

  /**
   * Finds a key by id.
   *
   * @param id the id; not {@code null}
   * @return the key, or empty
   * @throws ApiKeyStoreException if the store cannot answer
   */
  Optional<ApiKey> findById(String id);

  /**
   * Lists the keys of one client type, ordered by id.
   *
   * @param clientType the client type; not {@code null}
   * @return an unmodifiable list, possibly empty
   * @throws ApiKeyStoreException if the store cannot answer
   */
  List<ApiKey> listByClientType(String clientType);

  /**
   * Lists every key, ordered by id.
   *
   * @return an unmodifiable list, possibly empty
   * @throws ApiKeyStoreException if the store cannot answer
   */
  List<ApiKey> list();

  /**
   * Rotates a key: gives it a new secret while it keeps its id, client type and settings. The
   * old secret keeps resolving to the key (with the same flags) until {@code oldSecretValidUntil}
   * and is refused from that instant on, like an expired key: the {@link KeyResolver}'s clock
   * decides, so the old secret's answer never depends on when a store purges it. Changing the key
   * affects both secrets at once. Deleting it, or any change that leaves it refused (inactive, or
   * expiring at or before the change: the store's clock, or the time of the change if it has
   * none), ends the old secret for good: activating or un-expiring the key again brings back only
   * the current secret (a refused key keeps no old secret, so rotating one ends its old secret at
   * once whatever {@code oldSecretValidUntil} says). Extending the expiry of a valid key keeps it.
   * Caches hear of the old secret's digest whenever it changes or goes.
   *
   * <p>Rotating again while an earlier grace period runs replaces that earlier old secret (only
   * the secret in use just before the rotation is kept).
   *
   * <p>The default implementation refuses: stores that support rotation override it (the
   * in-memory and JDBC stores do).
   *
   * @param id the key's id; not {@code null}
   * @param newDigest the digest of the new secret; not {@code null}
   * @param oldSecretValidUntil the instant from which the old secret is refused; not
   *     {@code null} (an instant in the past ends the old secret at once)
   * @return the rotated key (holding the new digest), or empty if no key has that id
   * @throws DuplicateApiKeyException if the new secret belongs to a key already
   * @throws UnsupportedOperationException if the store cannot rotate keys
   * @throws ApiKeyStoreException if the store cannot answer
   */
  default Optional<ApiKey> rotate(String id, KeyDigest newDigest, Instant oldSecretValidUntil) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support key rotation");
  }

  /**
   * Returns when keys were created and last changed, for the keys the store has that information
   * for (a management console shows it; the access decision never needs it).
   *
   * <p>The default implementation knows nothing and returns an empty map.
   *
   * @param ids the ids of the keys; not {@code null}
   * @return an unmodifiable map from id to timestamps; ids unknown to the store are left out
   * @throws ApiKeyStoreException if the store cannot answer
   */
  default Map<String, Timestamps> timestamps(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids");
    return Map.of();
  }

  /**
   * When a key was created and when it last changed (created, updated, activated, deactivated or
   * rotated).
   *
   * @param created when the key was added to the store; not {@code null}
   * @param updated when it last changed; not {@code null}
   */
  record Timestamps(Instant created, Instant updated) {
    /** @throws NullPointerException if a component is null */
    public Timestamps {
      Objects.requireNonNull(created, "created");
      Objects.requireNonNull(updated, "updated");
    }
  }
}
