package dev.keywarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import dev.keywarden.LogCapture;
import dev.keywarden.access.AccessDecision;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.DenyCode;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.extract.RequestView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 4: revocation notices reach a cache through every decorator in between, and a
 * cache that cannot hear of changes says so when it is built. The cache's clock never moves in
 * these tests, so an entry never expires: only a notice can make the cache forget a key.
 */
class ChangeNoticeForwardingTest {
  private static final String SECRET = "host-key-1";
  private static final String WARNING_START = "CachingApiKeyStore: the key store under this cache (";
  private static final String WARNING_END = ") does not pass key change notices on: a key deactivated or deleted "
      + "there stays usable here until its cache entry expires (up to 10000 ms); make the store, and every decorator "
      + "over it, a KeyChangeNotifier (see ApiKeyStoreDecorator) or call invalidate(digest)";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryApiKeyStore backing = InMemoryApiKeyStore.of(List.of(
      ApiKey.builder().secret(SECRET).clientType("web").id("host1").build()));
  private final AtomicInteger lookups = new AtomicInteger();

  /** A host's metrics decorator written with the documented mechanism. */
  private final class MeteredStore implements ApiKeyStoreDecorator {
    private final ApiKeyStore delegate;

    MeteredStore(ApiKeyStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public ApiKeyStore delegate() {
      return delegate;
    }

    @Override
    public Optional<ApiKey> findByDigest(KeyDigest digest) {
      lookups.incrementAndGet();
      return delegate.findByDigest(digest);
    }
  }

  /** A host's decorator that keeps its own KeyChangeNotifier and forwards with the helper. */
  private final class TracingStore implements ApiKeyStore, KeyChangeNotifier {
    private final ApiKeyStore delegate;

    TracingStore(ApiKeyStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<ApiKey> findByDigest(KeyDigest digest) {
      lookups.incrementAndGet();
      return delegate.findByDigest(digest);
    }

    @Override
    public void addChangeListener(KeyChangeListener listener) {
      KeyChangeNotifier.forward(delegate, listener);
    }
  }

  /** A host's decorator that implements only the lookup: notices stop here. */
  private ApiKeyStore plainDecorator(ApiKeyStore delegate) {
    return digest -> {
      lookups.incrementAndGet();
      return delegate.findByDigest(digest);
    };
  }

  private CachingApiKeyStore cache(ApiKeyStore store) {
    return CachingApiKeyStore.builder(store).clock(clock).build();
  }

  private static AccessGuard guard(ApiKeyStore store) {
    return AccessGuard.builder().keyStore(store)
        .rule(EndpointRule.builder("GET", "/orders").isPublic(true).apiKeyRequired(true).build()).build();
  }

  private static AccessDecision call(AccessGuard guard) {
    return guard.decide(RequestView.builder("GET", "/orders").header("client-key", SECRET).build());
  }

  private void assertRevokedAtOnce(ApiKeyStore cachedStore) {
    AccessGuard guard = guard(cachedStore);
    assertThat(call(guard)).isInstanceOf(AccessDecision.Allow.class);
    assertThat(call(guard)).isInstanceOf(AccessDecision.Allow.class);
    assertThat(lookups).as("the second call was a cache hit").hasValue(1);
    assertThat(backing.deactivate("host1")).isTrue();
    assertThat(call(guard)).isEqualTo(new AccessDecision.Deny(DenyCode.INVALID_API_KEY, 401));
  }

  @Test
  void hostDecorator_implementingApiKeyStoreDecorator_revokesAtOnce_withoutWarning() {
    try (LogCapture logs = LogCapture.of(CachingApiKeyStore.class)) {
      assertRevokedAtOnce(cache(new MeteredStore(backing)));
      assertThat(logs.warnings()).isEmpty();
    }
  }

  @Test
  void hostDecorator_forwardingWithTheHelper_revokesAtOnce_withoutWarning() {
    try (LogCapture logs = LogCapture.of(CachingApiKeyStore.class)) {
      assertRevokedAtOnce(cache(new TracingStore(backing)));
      assertThat(logs.warnings()).isEmpty();
    }
  }

  @Test
  void shippedDecorators_passNoticesThrough_evenStacked() {
    try (LogCapture logs = LogCapture.of(CachingApiKeyStore.class);
        TimeLimitedApiKeyStore timed = TimeLimitedApiKeyStore.of(new MeteredStore(backing), Duration.ofSeconds(30))) {
      // A cache over a cache over a time limit over a host decorator over the notifying store.
      CachingApiKeyStore inner = cache(timed);
      assertRevokedAtOnce(cache(inner));
      assertThat(logs.warnings()).isEmpty();
    }
  }

  @Test
  void hostDecorator_thatDoesNotForward_warnsOnce_andTheKeyStaysUntilTheTtl() {
    try (LogCapture logs = LogCapture.of(CachingApiKeyStore.class)) {
      ApiKeyStore plain = plainDecorator(backing);
      AccessGuard guard = guard(cache(plain));
      assertThat(logs.warnings()).hasSize(1).allSatisfy(line ->
          assertThat(line).startsWith(WARNING_START).endsWith(WARNING_END).doesNotContain(SECRET));
      // What the warning says: the deactivated key keeps working until its entry expires.
      assertThat(call(guard)).isInstanceOf(AccessDecision.Allow.class);
      assertThat(backing.deactivate("host1")).isTrue();
      assertThat(call(guard)).isInstanceOf(AccessDecision.Allow.class);
      clock.advance(Duration.ofSeconds(10));
      assertThat(call(guard)).isEqualTo(new AccessDecision.Deny(DenyCode.INVALID_API_KEY, 401));
      assertThat(logs.warnings()).as("said once, at build").hasSize(1);
    }
  }

  @Test
  void shippedDecorator_overAStoreThatCannotNotify_warnsToo() {
    try (LogCapture logs = LogCapture.of(CachingApiKeyStore.class);
        TimeLimitedApiKeyStore timed = TimeLimitedApiKeyStore.of(plainDecorator(backing), Duration.ofSeconds(30))) {
      assertThat(KeyChangeNotifier.notifiesChanges(timed)).isFalse();
      cache(timed);
      assertThat(logs.warnings()).hasSize(1);
    }
  }

  @Test
  void explicitInvalidation_reachesCachesStackedOver() {
    try (LogCapture logs = LogCapture.of(CachingApiKeyStore.class)) {
      CachingApiKeyStore inner = cache(plainDecorator(backing));
      CachingApiKeyStore outer = cache(inner);
      AccessGuard guard = guard(outer);
      assertThat(call(guard)).isInstanceOf(AccessDecision.Allow.class);
      backing.deactivate("host1");
      inner.invalidate(KeyDigest.of(SECRET));
      assertThat(call(guard)).isEqualTo(new AccessDecision.Deny(DenyCode.INVALID_API_KEY, 401));
      assertThat(logs.warnings()).as("both caches are over a store that cannot notify").hasSize(2);
    }
  }
}
