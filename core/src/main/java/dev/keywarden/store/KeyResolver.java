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
   * @return the resolver
   */
  public static KeyResolver of(ApiKeyStore store) {
    return builder(store).build();
  }

  /**
   * Returns a builder for a resolver over a store.
   *
   * @param store the store; not {@code null}
   * @return a new builder
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

  /**
   * Resolves a digest already computed (no format or checksum check).
   *
   * @param digest the digest; not {@code null}
   * @return the outcome
   */
  public KeyResolution resolve(KeyDigest digest) {
    Optional<ApiKey> found;
    try {
      found = store.findByDigest(digest);
    } catch (RuntimeException e) {
      // One WARN when the store starts failing, not one per request while it stays down.
      if (failing.compareAndSet(false, true)) {
        LOG.warn("API key store failed; requests with a key are answered 503 until it recovers: {}", e.toString());
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
    if (!key.active()) {
      return invalid.get(InvalidKeyReason.INACTIVE);
    }
    // Read the clock (an Instant per call) only for keys that can expire.
    if (key.expiresAt().isPresent() && key.isExpiredAt(clock.instant())) {
      return invalid.get(InvalidKeyReason.EXPIRED);
    }
    return new KeyResolution.Valid(key);
  }

  @Override
  public String toString() {
    return "KeyResolver[store=" + store + "]";
  }

  /** Builds a {@link KeyResolver}. Not thread-safe. */
  public static final class Builder {
    private final ApiKeyStore store;
    private Clock clock = Clock.systemUTC();
    private List<ApiKeyGenerator> checksumGenerators = List.of(ApiKeyGenerator.defaultGenerator());

    private Builder(ApiKeyStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Sets the clock used to decide expiry.
     *
     * @param newClock the clock; not {@code null}
     * @return this builder
     */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /**
     * Sets the generators whose keys are checksum-checked before lookup: a presented value of
     * the form {@code <prefix>_<33 base62 characters>} with a wrong checksum is refused without
     * touching the store. Default: the default generator ({@code kw}). Pass none to disable.
     *
     * @param generators the generators
     * @return this builder
     */
    public Builder checksumGenerators(ApiKeyGenerator... generators) {
      this.checksumGenerators = List.of(generators);
      return this;
    }

    /**
     * Builds the resolver.
     *
     * @return the resolver
     */
    public KeyResolver build() {
      return new KeyResolver(this);
    }
  }
}
