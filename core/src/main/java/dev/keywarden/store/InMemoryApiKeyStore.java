package dev.keywarden.store;

import dev.keywarden.ApiKey;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.KeyDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A thread-safe key store held in memory, with management, fed from code or configuration.
 *
 * <p>Reads are lock-free; writes are serialised and notify {@link KeyChangeListener}s before
 * they return, so a {@link CachingApiKeyStore} in front of this store never serves a key after
 * the call that changed it returned.
 */
public final class InMemoryApiKeyStore implements ApiKeyStore, ApiKeyManagement, KeyChangeNotifier {
  private static final Comparator<ApiKey> BY_ID = Comparator.comparing(ApiKey::id);

  private final Map<KeyDigest, ApiKey> byDigest = new ConcurrentHashMap<>();
  private final Map<String, ApiKey> byId = new ConcurrentHashMap<>();
  private final List<KeyChangeListener> listeners = new CopyOnWriteArrayList<>();
  private final Object writeLock = new Object();

  private InMemoryApiKeyStore() {}

  /**
   * Returns a new, empty store.
   *
   * @return the store
   */
  public static InMemoryApiKeyStore empty() {
    return new InMemoryApiKeyStore();
  }

  /**
   * Returns a new store holding the given keys.
   *
   * @param keys the keys; not {@code null}
   * @return the store
   * @throws InvalidConfigurationException naming every pair of keys that share a secret or id
   */
  public static InMemoryApiKeyStore of(Collection<ApiKey> keys) {
    Objects.requireNonNull(keys, "keys");
    List<String> problems = new ArrayList<>();
    Map<KeyDigest, Integer> digests = new HashMap<>();
    Map<String, Integer> ids = new HashMap<>();
    int index = 0;
    for (ApiKey key : keys) {
      Objects.requireNonNull(key, "keys[" + index + "]");
      Integer sameSecret = digests.putIfAbsent(key.digest(), index);
      if (sameSecret != null) {
        problems.add("apiKeys[" + sameSecret + "] and apiKeys[" + index + "] have the same secret");
      } else {
        Integer sameId = ids.putIfAbsent(key.id(), index);
        if (sameId != null) {
          problems.add("apiKeys[" + sameId + "] and apiKeys[" + index + "] have the same id " + key.id());
        }
      }
      index++;
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    for (ApiKey key : keys) {
      store.byDigest.put(key.digest(), key);
      store.byId.put(key.id(), key);
    }
    return store;
  }

  @Override
  public Optional<ApiKey> findByDigest(KeyDigest digest) {
    return Optional.ofNullable(byDigest.get(digest));
  }

  @Override
  public void create(ApiKey key) {
    Objects.requireNonNull(key, "key");
    synchronized (writeLock) {
      ApiKey sameSecret = byDigest.get(key.digest());
      if (sameSecret != null) {
        throw new DuplicateApiKeyException("a key with the same secret already exists (id " + sameSecret.id() + ")");
      }
      if (byId.containsKey(key.id())) {
        throw new DuplicateApiKeyException("a key with id " + key.id() + " already exists");
      }
      byDigest.put(key.digest(), key);
      byId.put(key.id(), key);
      notifyChanged(key.digest());
    }
  }

  @Override
  public boolean update(ApiKey key) {
    Objects.requireNonNull(key, "key");
    synchronized (writeLock) {
      ApiKey old = byId.get(key.id());
      if (old == null) {
        return false;
      }
      ApiKey sameSecret = byDigest.get(key.digest());
      if (sameSecret != null && !sameSecret.id().equals(key.id())) {
        throw new DuplicateApiKeyException("a key with the same secret already exists (id " + sameSecret.id() + ")");
      }
      if (!old.digest().equals(key.digest())) {
        byDigest.remove(old.digest());
      }
      byDigest.put(key.digest(), key);
      byId.put(key.id(), key);
      notifyChanged(old.digest());
      notifyChanged(key.digest());
      return true;
    }
  }

  @Override
  public boolean setActive(String id, boolean active) {
    Objects.requireNonNull(id, "id");
    synchronized (writeLock) {
      ApiKey old = byId.get(id);
      if (old == null) {
        return false;
      }
      ApiKey changed = old.withActive(active);
      byDigest.put(changed.digest(), changed);
      byId.put(id, changed);
      notifyChanged(changed.digest());
      return true;
    }
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    synchronized (writeLock) {
      ApiKey old = byId.remove(id);
      if (old == null) {
        return false;
      }
      byDigest.remove(old.digest());
      notifyChanged(old.digest());
      return true;
    }
  }

  @Override
  public Optional<ApiKey> findById(String id) {
    Objects.requireNonNull(id, "id");
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public List<ApiKey> listByClientType(String clientType) {
    Objects.requireNonNull(clientType, "clientType");
    return byId.values().stream().filter(k -> k.clientType().equals(clientType)).sorted(BY_ID).toList();
  }

  @Override
  public List<ApiKey> list() {
    return byId.values().stream().sorted(BY_ID).toList();
  }

  /**
   * Returns the number of keys held.
   *
   * @return the count
   */
  public int size() {
    return byId.size();
  }

  @Override
  public void addChangeListener(KeyChangeListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private void notifyChanged(KeyDigest digest) {
    for (KeyChangeListener listener : listeners) {
      listener.keyChanged(digest);
    }
  }

  @Override
  public String toString() {
    return "InMemoryApiKeyStore[" + byId.size() + " keys]";
  }
}
