package dev.keywarden.store;

import dev.keywarden.ApiKey;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.KeyDigest;
import java.time.Instant;
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
  // Old secrets of rotated keys: at most one per key id, kept until the key is rotated again,
  // deleted or changed so that it is refused (inactive, or expiring at or before the change), so
  // a refused key never has one and reactivating or un-expiring it never brings an old secret
  // back. Expiry past the grace period is left to the resolver's clock (see rotate).
  private final Map<KeyDigest, Retired> retired = new ConcurrentHashMap<>();
  private final Map<String, Timestamps> timestamps = new ConcurrentHashMap<>();
  private final List<KeyChangeListener> listeners = new CopyOnWriteArrayList<>();
  private final Object writeLock = new Object();

  private InMemoryApiKeyStore() {}

  /** {@return a new, empty store} */
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
    List<String> problems = duplicateProblems(keys);
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    Instant now = Instant.now();
    for (ApiKey key : keys) {
      store.byDigest.put(key.digest(), key);
      store.byId.put(key.id(), key);
      store.timestamps.put(key.id(), new Timestamps(now, now));
    }
    return store;
  }

  /**
   * Names each key that shares a secret or, failing that, an id with an earlier one. Keys from a
   * {@code KeywardenConfig} were checked for this already; the store checks again because its
   * own callers' keys were not, and it costs one map entry per key.
   */
  private static List<String> duplicateProblems(Collection<ApiKey> keys) {
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
    return problems;
  }

  @Override
  public Optional<ApiKey> findByDigest(KeyDigest digest) {
    ApiKey key = byDigest.get(digest);
    if (key != null || retired.isEmpty()) {
      return Optional.ofNullable(key);
    }
    Retired old = retired.get(digest);
    if (old == null) {
      return Optional.empty();
    }
    ApiKey current = byId.get(old.id());
    return current == null ? Optional.empty() : Optional.of(old.view(current));
  }

  @Override
  public Optional<ApiKey> rotate(String id, KeyDigest newDigest, Instant oldSecretValidUntil) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(newDigest, "newDigest");
    Objects.requireNonNull(oldSecretValidUntil, "oldSecretValidUntil");
    synchronized (writeLock) {
      ApiKey old = byId.get(id);
      if (old == null) {
        return Optional.empty();
      }
      if (byDigest.containsKey(newDigest) || retired.containsKey(newDigest)) {
        throw new DuplicateApiKeyException("the new secret belongs to a key already");
      }
      forgetRetired(id);
      ApiKey rotated = withDigest(old, newDigest, old.expiresAt().orElse(null));
      if (!refusedNow(old)) {
        retired.put(old.digest(), new Retired(id, old.digest(), oldSecretValidUntil));
      }
      byDigest.remove(old.digest());
      byDigest.put(newDigest, rotated);
      byId.put(id, rotated);
      notifyChanged(old.digest());
      notifyChanged(newDigest);
      touch(id);
      return Optional.of(rotated);
    }
  }

  @Override
  public Map<String, Timestamps> timestamps(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids");
    Map<String, Timestamps> found = new HashMap<>();
    for (String id : ids) {
      Timestamps times = timestamps.get(id);
      if (times != null) {
        found.put(id, times);
      }
    }
    return Map.copyOf(found);
  }

  /** Records a change of a key at the wall-clock time. Holds the write lock. */
  private void touch(String id) {
    Timestamps times = timestamps.get(id);
    Instant now = Instant.now();
    timestamps.put(id, new Timestamps(times == null ? now : times.created(), now));
  }

  /** Drops the old secret kept for a key, telling caches to forget it. Holds the write lock. */
  private void forgetRetired(String id) {
    retired.values().removeIf(r -> {
      if (r.id().equals(id)) {
        notifyChanged(r.digest());
        return true;
      }
      return false;
    });
  }

  /**
   * Whether a key is refused at the time of a change: inactive, or expiring at or before now (this
   * store has no clock of its own, so the wall clock when the change is made decides).
   */
  private static boolean refusedNow(ApiKey key) {
    return !key.active() || key.expiresAt().filter(e -> !e.isAfter(Instant.now())).isPresent();
  }

  /**
   * Makes a key's old secret, if it has one, follow a change of the key: a key the change leaves
   * refused (deactivated, or expired) loses it for good, so reactivating or un-expiring the key
   * brings back only the current secret; otherwise caches are told that what it resolves to
   * changed. Either way caches hear of the old digest. Holds the write lock.
   */
  private void retiredFollows(ApiKey changed) {
    if (retired.isEmpty()) {
      return;
    }
    if (refusedNow(changed)) {
      forgetRetired(changed.id());
    } else {
      retired.values().stream().filter(r -> r.id().equals(changed.id())).forEach(r -> notifyChanged(r.digest()));
    }
  }

  /** A copy of a key with another digest and expiry (a builder from the key would refuse a second digest). */
  private static ApiKey withDigest(ApiKey key, KeyDigest digest, Instant expiresAt) {
    return ApiKey.builder().digest(digest).id(key.id()).clientType(key.clientType()).active(key.active())
        .description(key.description().orElse(null)).expiresAt(expiresAt).build();
  }

  /** The old secret of a rotated key, valid until {@code until}. */
  private record Retired(String id, KeyDigest digest, Instant until) {
    /** The key as the old secret sees it: the current settings, expiring at the latest at {@code until}. */
    ApiKey view(ApiKey current) {
      return withDigest(current, digest, current.expiresAt().filter(e -> e.isBefore(until)).orElse(until));
    }

    @Override
    public String toString() {
      return "Retired[id=" + id + ", until=" + until + ", digest=<redacted>]";
    }
  }

  @Override
  public void create(ApiKey key) {
    Objects.requireNonNull(key, "key");
    synchronized (writeLock) {
      ApiKey sameSecret = byDigest.get(key.digest());
      if (sameSecret != null) {
        throw new DuplicateApiKeyException("a key with the same secret already exists (id " + sameSecret.id() + ")");
      }
      Retired sameOldSecret = retired.get(key.digest());
      if (sameOldSecret != null) {
        throw new DuplicateApiKeyException("a key with the same secret already exists (id " + sameOldSecret.id() + ")");
      }
      if (byId.containsKey(key.id())) {
        throw new DuplicateApiKeyException("a key with id " + key.id() + " already exists");
      }
      byDigest.put(key.digest(), key);
      byId.put(key.id(), key);
      Instant now = Instant.now();
      timestamps.put(key.id(), new Timestamps(now, now));
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
      Retired sameOldSecret = retired.get(key.digest());
      if (sameOldSecret != null && !sameOldSecret.id().equals(key.id())) {
        throw new DuplicateApiKeyException("a key with the same secret already exists (id " + sameOldSecret.id() + ")");
      }
      if (!old.digest().equals(key.digest())) {
        byDigest.remove(old.digest());
      }
      byDigest.put(key.digest(), key);
      byId.put(key.id(), key);
      notifyChanged(old.digest());
      notifyChanged(key.digest());
      retiredFollows(key);
      touch(key.id());
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
      retiredFollows(changed);
      touch(id);
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
      forgetRetired(id);
      timestamps.remove(id);
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

  /** {@return the number of keys held} */
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
