package dev.keywarden.store;

import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyGenerator;
import dev.keywarden.KeyDigest;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a presented secret into a {@link KeyResolution}: malformed values and generated-looking
 * values with a bad checksum are refused before hashing or lookup; the rest are hashed
 * (SHA-256) and looked up by digest; unknown, inactive and expired keys are
 * {@link KeyResolution.Invalid}; a store that throws gives {@link KeyResolution.Unavailable}.
 *
 * <p>A failing store is logged once per outage: one WARN when it starts failing, one INFO when
 * it answers again. When a {@link CachingApiKeyStore} is in between, the cache logs the outage
 * (it knows whether last known answers are served) and this resolver does not repeat it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class KeyResolver {
  private static final Logger LOG = LoggerFactory.getLogger(KeyResolver.class);

  private final ApiKeyStore store;
  private final Clock clock;
  private final List<ApiKeyGenerator> checksumGenerators;
  private final Map<InvalidKeyReason, KeyResolution.Invalid> invalid = new EnumMap<>(InvalidKeyReason.class);
  private final AtomicBoolean failing = new AtomicBoolean();

  private KeyResolver(Builder builder) {
    this.store = builder.store;
    this.clock = builder.clock;
    this.checksumGenerators = builder.checksumGenerators;
    for (InvalidKeyReason reason : InvalidKeyReason.values()) {
      invalid.put(reason, new KeyResolution.Invalid(reason));
    }
  }

  /**
   * Returns a resolver over a store with the defaults: the system clock, and checksum
   * checking for keys of the default generator ({@code kw_...}).
   *
   * @param store the store; not {@code null}
   */
  public static KeyResolver of(ApiKeyStore store) {
    return builder(store).build();
  }

  /**
   * {@return a new builder for a resolver over a store}
   *
   * @param store the store; not {@code null}
   */
  public static Builder builder(ApiKeyStore store) {
    return new Builder(store);
  }

  /**
   * Resolves a presented secret.
   *
   * @param presented the value the client sent; not {@code null}
   * @return the outcome; never {@code null}, never throws for a client's input
   */
  public KeyResolution resolve(String presented) {
    Objects.requireNonNull(presented, "presented");
    if (!ApiKey.isWellFormedSecret(presented)) {
      return invalid.get(InvalidKeyReason.MALFORMED);
    }
    for (ApiKeyGenerator generator : checksumGenerators) {
      if (generator.looksGenerated(presented) && !generator.hasValidChecksum(presented)) {
        return invalid.get(InvalidKeyReason.BAD_CHECKSUM);
      }
    }
    return resolve(KeyDigest.of(presented));
  }

  /** Looks a digest up and classifies the answer; the format and checksum checks are done. */
  private KeyResolution resolve(KeyDigest digest) {
    Optional<ApiKey> found;
    try {
      found = store.findByDigest(digest);
    } catch (Throwable thrown) { // a sneaky checked exception or an Error is an outage too
      RuntimeException e = StoreFailures.unchecked(thrown);
      // One WARN when the store starts failing, not one per request while it stays down; none
      // when a layer below (a CachingApiKeyStore) has logged this outage, saying what it serves.
      if (LoggedApiKeyStoreException.alreadyLogged(e)) {
        LOG.debug("API key store failing (logged by the cache): {}", e.toString());
      } else if (failing.compareAndSet(false, true)) {
        LOG.warn("API key store failed: requests with a key are answered key-store-unavailable (503 by default) "
            + "until it answers again: {}", e.toString());
      } else {
        LOG.debug("API key store still failing: {}", e.toString());
      }
      return new KeyResolution.Unavailable(e);
    }
    if (failing.get() && failing.compareAndSet(true, false)) {
      LOG.info("API key store answers again");
    }
    if (found == null || found.isEmpty()) {
      return invalid.get(InvalidKeyReason.UNKNOWN);
    }
    ApiKey key = found.get();
    // The key's id is kept (it is not secret): audit logs must say which key was refused.
    if (!key.active()) {
      return new KeyResolution.Invalid(InvalidKeyReason.INACTIVE, key.id());
    }
    // Read the clock (an Instant per call) only for keys that can expire.
    if (key.expiresAt().isPresent() && key.isExpiredAt(clock.instant())) {
      return new KeyResolution.Invalid(InvalidKeyReason.EXPIRED, key.id());
    }
    return new KeyResolution.Valid(key);
  }

  @Override
  public String toString() {
    return "KeyResolver[store=" + store + "]";
  }

  /**
   * Builds a {@link KeyResolver}. Each setting may be made once; a second call fails at once.
   * Not thread-safe.
   */
  public static final class Builder {
    private final ApiKeyStore store;
    private Clock clock = Clock.systemUTC();
    private List<ApiKeyGenerator> checksumGenerators = List.of(ApiKeyGenerator.defaultGenerator());

    private boolean clockSet;
    private boolean checksumGeneratorsSet;

    private Builder(ApiKeyStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Sets the clock used to decide expiry.
     *
     * @param newClock the clock; not {@code null}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock newClock) {
      Objects.requireNonNull(newClock, "clock");
      if (clockSet) {
        throw new IllegalStateException("clock was already set");
      }
      clockSet = true;
      this.clock = newClock;
      return this;
    }

    /**
     * Sets the generators whose keys are checksum-checked before lookup: a presented value of
     * the form {@code <prefix>_<33 base62 characters>} with a wrong checksum is refused without
     * touching the store. Default: the default generator ({@code kw}). Pass none to disable.
     * Keys built with {@link ApiKey.Builder#checksumGenerators} set to the same generators are
     * refused at build time when their secret has such a form and a wrong checksum.
     *
     * @param generators the generators; not {@code null}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder checksumGenerators(ApiKeyGenerator... generators) {
      List<ApiKeyGenerator> list = List.of(generators); // rejects null elements
      if (checksumGeneratorsSet) {
        throw new IllegalStateException("checksum generators were already set");
      }
      checksumGeneratorsSet = true;
      this.checksumGenerators = list;
      return this;
    }

    /** {@return a new resolver} */
    public KeyResolver build() {
      return new KeyResolver(this);
    }
  }
}
