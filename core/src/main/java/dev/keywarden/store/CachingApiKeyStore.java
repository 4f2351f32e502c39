package dev.keywarden.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caching decorator over any {@link ApiKeyStore}: it remembers found keys (positive) and
 * unknown digests (negative) for a bounded time and size, so the hot path is one hash lookup.
 *
 * <p>Design notes. Entries are keyed by digest, never by plaintext. A key changed through the
 * backing store's management interface is forgotten before that call returns when the backing
 * store passes change notices on ({@link KeyChangeNotifier#notifiesChanges(ApiKeyStore)}: a
 * notifying store, possibly behind decorators that forward notices, such as
 * {@link TimeLimitedApiKeyStore} or a host's {@link ApiKeyStoreDecorator}); this cache
 * subscribes itself. Otherwise it logs one warning when built, and a change is seen when the
 * entry expires, unless {@link #invalidate(KeyDigest)} is called. Across nodes, staleness is
 * bounded by the TTL (default 10 s). A load runs inside the cache's
 * per-entry lock, so an invalidation racing with a load waits for it and then removes the loaded
 * value: a stale answer never survives an invalidation. The cache passes every notice (and every
 * explicit invalidation) on to its own listeners after forgetting the entry, so decorators and
 * caches stacked over it stay right too.
 *
 * <p>With {@link Builder#serveLastKnownOnFailure(Duration)}, a failing backing store is
 * answered with the last answer it gave for that digest, if not older than the given bound.
 * Invalidation removes last known answers too, so a revoked key is never served from there.
 *
 * <p>A failing backing store is logged here, once per outage (one WARN when it starts failing,
 * saying what is served meanwhile; one INFO when it answers again); the {@link KeyResolver}
 * above does not log the same outage again.
 *
 * <p>Instances are thread-safe.
 */
public final class CachingApiKeyStore implements ApiKeyStoreDecorator, KeyChangeListener {
  private static final long DEFAULT_TTL_SECONDS = 10;
  private static final long DEFAULT_MAXIMUM_SIZE = 100_000;

  private static final Logger LOG = LoggerFactory.getLogger(CachingApiKeyStore.class);

  private final ApiKeyStore delegate;
  private final Cache<KeyDigest, Optional<ApiKey>> answers;
  private final Cache<KeyDigest, Optional<ApiKey>> lastKnown;
  private final Duration lastKnownBound;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final List<KeyChangeListener> listeners = new CopyOnWriteArrayList<>();
  /** Made once: a method reference written at the call would be a new object on every lookup. */
  private final java.util.function.Function<KeyDigest, Optional<ApiKey>> loader = this::load;

  private CachingApiKeyStore(Builder builder) {
    this.delegate = builder.delegate;
    Ticker ticker = ticker(builder.clock);
    this.answers = answers(builder, ticker);
    this.lastKnown = builder.lastKnownBound == null ? null : Caffeine.newBuilder()
        .maximumSize(builder.maximumSize)
        .ticker(ticker)
        .expireAfterWrite(builder.lastKnownBound)
        .build();
    this.lastKnownBound = builder.lastKnownBound;
    KeyChangeNotifier.forward(delegate, this);
    if (!KeyChangeNotifier.notifiesChanges(delegate)) {
      // Said once, at startup: revocation through this store is not immediate on this node.
      LOG.warn("the key store under this cache ({}) does not pass key change notices on: a key deactivated or "
          + "deleted there stays usable here until its cache entry expires (up to {} ms); make the store, and "
          + "every decorator over it, a KeyChangeNotifier (see ApiKeyStoreDecorator) or call invalidate(digest)",
          delegate.getClass().getName(), builder.ttl.toMillis());
    }
  }

  /** Found keys live for the TTL, unknown digests for the negative TTL; reads do not extend either. */
  private static Cache<KeyDigest, Optional<ApiKey>> answers(Builder builder, Ticker ticker) {
    long positiveNanos = builder.ttl.toNanos();
    long negativeNanos = builder.negativeTtl.toNanos();
    return Caffeine.newBuilder()
        .maximumSize(builder.maximumSize)
        .ticker(ticker)
        .expireAfter(new Expiry<KeyDigest, Optional<ApiKey>>() {
          @Override
          public long expireAfterCreate(KeyDigest key, Optional<ApiKey> value, long currentTime) {
            return value.isPresent() ? positiveNanos : negativeNanos;
          }

          @Override
          public long expireAfterUpdate(KeyDigest key, Optional<ApiKey> value, long currentTime,
              long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
          }

          @Override
          public long expireAfterRead(KeyDigest key, Optional<ApiKey> value, long currentTime,
              long currentDuration) {
            return currentDuration;
          }
        })
        .build();
  }

  /**
   * Returns a caching store over a delegate with the defaults: TTL 10 s for found and unknown
   * keys, at most 100,000 entries, no serving of last known answers.
   *
   * @param delegate the backing store; not {@code null}
   */
  public static CachingApiKeyStore of(ApiKeyStore delegate) {
    return builder(delegate).build();
  }

  /**
   * {@return a new builder for a caching store over a delegate}
   *
   * @param delegate the backing store; not {@code null}
   */
  public static Builder builder(ApiKeyStore delegate) {
    return new Builder(delegate);
  }

  @Override
  public Optional<ApiKey> findByDigest(KeyDigest digest) {
    Objects.requireNonNull(digest, "digest");
    try {
      return answers.get(digest, loader);
    } catch (Throwable thrown) { // a sneaky checked exception or an Error is an outage too
      RuntimeException failure = StoreFailures.unchecked(thrown);
      // One WARN per outage, from the layer that knows what is served meanwhile: this cache,
      // unless a Keywarden layer below it has already logged this outage.
      boolean loggedBelow = LoggedApiKeyStoreException.alreadyLogged(failure);
      if (!loggedBelow && failing.compareAndSet(false, true)) {
        logOutage(failure);
      }
      Optional<ApiKey> last = lastKnown == null ? null : lastKnown.getIfPresent(digest);
      if (last != null) {
        return last;
      }
      if (loggedBelow) {
        throw failure;
      }
      throw new LoggedApiKeyStoreException(
          failure.getMessage() == null ? "API key store failed" : failure.getMessage(), failure);
    }
  }

  private void logOutage(RuntimeException failure) {
    if (lastKnown == null) {
      LOG.warn("API key store failed: keys found in this cache are served until their entry expires; others are "
          + "answered key-store-unavailable (503 by default) until the store answers again: {}", failure.toString());
    } else {
      LOG.warn("API key store failed: serving the last answer it gave for a key (at most {} ms old) while it fails; "
          + "keys without one are answered key-store-unavailable (503 by default): {}",
          lastKnownBound.toMillis(), failure.toString());
    }
  }

  private Optional<ApiKey> load(KeyDigest digest) {
    Optional<ApiKey> found = delegate.findByDigest(digest);
    Optional<ApiKey> answer = found == null ? Optional.empty() : found;
    if (lastKnown != null) {
      lastKnown.put(digest, answer);
    }
    // Only an answer from the backing store ends an outage, not a cache hit during one.
    if (failing.get() && failing.compareAndSet(true, false)) {
      LOG.info("API key store answers again");
    }
    return answer;
  }

  /**
   * Forgets everything cached for one digest, last known answer included, and tells this
   * cache's listeners.
   *
   * @param digest the digest; not {@code null}
   */
  public void invalidate(KeyDigest digest) {
    Objects.requireNonNull(digest, "digest");
    answers.invalidate(digest);
    if (lastKnown != null) {
      lastKnown.invalidate(digest);
    }
    for (KeyChangeListener listener : listeners) {
      listener.keyChanged(digest);
    }
  }

  /** Forgets everything cached, and tells this cache's listeners. */
  public void invalidateAll() {
    answers.invalidateAll();
    if (lastKnown != null) {
      lastKnown.invalidateAll();
    }
    for (KeyChangeListener listener : listeners) {
      listener.allKeysChanged();
    }
  }

  /** {@return the backing store} */
  @Override
  public ApiKeyStore delegate() {
    return delegate;
  }

  /**
   * Registers a listener told of every change this cache hears of (from the backing store, or
   * an explicit invalidation), after this cache has forgotten the entry.
   *
   * @param listener the listener; not {@code null}
   */
  @Override
  public void addChangeListener(KeyChangeListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Same as {@link #invalidate(KeyDigest)}; called by a notifying backing store. */
  @Override
  public void keyChanged(KeyDigest digest) {
    invalidate(digest);
  }

  /** Same as {@link #invalidateAll()}; called by a notifying backing store. */
  @Override
  public void allKeysChanged() {
    invalidateAll();
  }

  @Override
  public String toString() {
    return "CachingApiKeyStore[" + delegate + "]";
  }

  private static Ticker ticker(Clock clock) {
    if (clock == null) {
      return Ticker.systemTicker();
    }
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  /**
   * Builds a {@link CachingApiKeyStore}. Each setting may be made once; a second call, or a
   * value out of range, fails at once. Not thread-safe.
   */
  public static final class Builder {
    private final ApiKeyStore delegate;
    private Duration ttl = Duration.ofSeconds(DEFAULT_TTL_SECONDS);
    private Duration negativeTtl;
    private long maximumSize = DEFAULT_MAXIMUM_SIZE;
    private Duration lastKnownBound;
    private Clock clock;
    private final Set<String> set = new HashSet<>();

    private Builder(ApiKeyStore delegate) {
      this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Fails at once when a setting is made twice: the second value would silently win. */
    private void once(String setting) {
      if (!set.add(setting)) {
        throw new IllegalStateException(setting + " was already set");
      }
    }

    /**
     * Sets how long a found key is remembered; also the bound on staleness across nodes.
     *
     * @param newTtl a positive duration; default 10 s
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder ttl(Duration newTtl) {
      this.ttl = positive(newTtl, "ttl");
      once("ttl");
      return this;
    }

    /**
     * Sets how long an unknown digest is remembered.
     *
     * @param newTtl a positive duration; default the {@linkplain #ttl(Duration) TTL}
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder negativeTtl(Duration newTtl) {
      this.negativeTtl = positive(newTtl, "negative ttl");
      once("negative ttl");
      return this;
    }

    /**
     * Sets the maximum number of cached answers.
     *
     * @param newMaximumSize at least 1; default 100,000
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     * @throws IllegalStateException if already set
     */
    public Builder maximumSize(long newMaximumSize) {
      if (newMaximumSize < 1) {
        throw new IllegalArgumentException("maximum size must be at least 1 (was " + newMaximumSize + ")");
      }
      once("maximum size");
      this.maximumSize = newMaximumSize;
      return this;
    }

    /**
     * While the backing store fails, answers with the last answer it gave for the same digest,
     * if that answer is not older than {@code maxAge}. Off by default: a failing store then
     * gives 503 for keys not in the cache.
     *
     * @param maxAge a positive bound on the age of a served answer
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder serveLastKnownOnFailure(Duration maxAge) {
      this.lastKnownBound = positive(maxAge, "last known answer age");
      once("last known answer age");
      return this;
    }

    /**
     * Sets the clock that times entries (tests use a controllable one).
     *
     * @param newClock the clock; not {@code null}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock newClock) {
      Objects.requireNonNull(newClock, "clock");
      once("clock");
      this.clock = newClock;
      return this;
    }

    /** Builds the caching store and, if the delegate notifies changes, subscribes it. */
    public CachingApiKeyStore build() {
      if (negativeTtl == null) {
        negativeTtl = ttl;
      }
      return new CachingApiKeyStore(this);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive (was " + value + ")");
      }
      return value;
    }
  }
}
