package dev.keywarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.keywarden.ApiKey;
import dev.keywarden.LogCapture;
import dev.keywarden.access.AccessDecision;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.DenyCode;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.extract.RequestView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 6: one store outage logs exactly one WARN line, from one layer, and the line
 * says what callers get meanwhile; the decisions are checked against what it says.
 */
class StoreOutageLoggingTest {
  private static final AccessDecision.Deny UNAVAILABLE = new AccessDecision.Deny(DenyCode.KEY_STORE_UNAVAILABLE, 503);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryApiKeyStore backing = InMemoryApiKeyStore.of(List.of(
      ApiKey.builder().secret("key-a").clientType("web").id("a").build(),
      ApiKey.builder().secret("key-b").clientType("web").id("b").build(),
      ApiKey.builder().secret("key-c").clientType("web").id("c").build()));
  private final AtomicBoolean down = new AtomicBoolean();
  /** A database-like store: it does not notify, and it can go down. */
  private final ApiKeyStore database = digest -> {
    if (down.get()) {
      throw new ApiKeyStoreException("connection refused");
    }
    return backing.findByDigest(digest);
  };

  private static AccessGuard guard(ApiKeyStore store) {
    return AccessGuard.builder().keyStore(store)
        .rule(EndpointRule.builder("GET", "/orders").isPublic(true).apiKeyRequired(true).build()).build();
  }

  private static AccessDecision call(AccessGuard guard, String key) {
    return guard.decide(RequestView.builder("GET", "/orders").header("client-key", key).build());
  }

  private static LogCapture capture() {
    return LogCapture.of(KeyResolver.class, CachingApiKeyStore.class);
  }

  @Test
  void cacheWithoutLastKnown_oneWarningPerOutage_thatSaysCachedKeysPassAndOthersGet503() {
    AccessGuard guard = guard(CachingApiKeyStore.builder(database).clock(clock).build());
    try (LogCapture logs = capture()) {
      assertThat(call(guard, "key-a")).isInstanceOf(AccessDecision.Allow.class); // now cached
      down.set(true);
      for (int i = 0; i < 5; i++) {
        // Cache hits during the outage must not end it (and so start a new one on the next miss).
        assertThat(call(guard, "key-a")).isInstanceOf(AccessDecision.Allow.class);
        assertThat(call(guard, "key-b")).isEqualTo(UNAVAILABLE);
        assertThat(call(guard, "key-c")).isEqualTo(UNAVAILABLE);
      }
      assertThat(logs.warnings()).containsExactly("CachingApiKeyStore: API key store failed: keys found in this cache "
          + "are served until their entry expires; others are answered key-store-unavailable (503 by default) until "
          + "the store answers again: dev.keywarden.store.ApiKeyStoreException: connection refused");
      down.set(false);
      assertThat(call(guard, "key-b")).isInstanceOf(AccessDecision.Allow.class);
      assertThat(call(guard, "key-c")).isInstanceOf(AccessDecision.Allow.class);
      assertThat(logs.lines(Level.INFO)).containsExactly("CachingApiKeyStore: API key store answers again");

      // A second outage is a second WARN.
      clock.advance(Duration.ofSeconds(11));
      down.set(true);
      assertThat(call(guard, "key-a")).isEqualTo(UNAVAILABLE);
      assertThat(call(guard, "key-b")).isEqualTo(UNAVAILABLE);
      assertThat(logs.warnings()).hasSize(2);
    }
  }

  @Test
  void cacheServingLastKnown_oneWarning_thatSaysLastKnownAnswersAreServed() {
    AccessGuard guard = guard(CachingApiKeyStore.builder(database).clock(clock)
        .serveLastKnownOnFailure(Duration.ofMinutes(5)).build());
    try (LogCapture logs = capture()) {
      assertThat(call(guard, "key-a")).isInstanceOf(AccessDecision.Allow.class);
      clock.advance(Duration.ofSeconds(11)); // the cache entry expired; the last known answer did not
      down.set(true);
      for (int i = 0; i < 5; i++) {
        assertThat(call(guard, "key-a")).isInstanceOf(AccessDecision.Allow.class);
        assertThat(call(guard, "key-b")).isEqualTo(UNAVAILABLE);
      }
      assertThat(logs.warnings()).containsExactly("CachingApiKeyStore: API key store failed: serving the last answer "
          + "it gave for a key (at most 300000 ms old) while it fails; keys without one are answered "
          + "key-store-unavailable (503 by default): dev.keywarden.store.ApiKeyStoreException: connection refused");
      assertThat(logs.lines(Level.INFO)).isEmpty();
    }
  }

  @Test
  void noCache_theResolverLogsOnce_thatRequestsWithAKeyGet503() {
    AccessGuard guard = guard(database);
    try (LogCapture logs = capture()) {
      down.set(true);
      for (int i = 0; i < 5; i++) {
        assertThat(call(guard, "key-a")).isEqualTo(UNAVAILABLE);
      }
      assertThat(logs.warnings()).containsExactly("KeyResolver: API key store failed: requests with a key are answered "
          + "key-store-unavailable (503 by default) until it answers again: "
          + "dev.keywarden.store.ApiKeyStoreException: connection refused");
      down.set(false);
      assertThat(call(guard, "key-a")).isInstanceOf(AccessDecision.Allow.class);
      assertThat(logs.lines(Level.INFO)).containsExactly("KeyResolver: API key store answers again");
    }
  }

  @Test
  void hostDecoratorOverTheCache_wrappingTheFailure_doesNotMakeASecondWarning() {
    CachingApiKeyStore cache = CachingApiKeyStore.builder(database).clock(clock).build();
    ApiKeyStore wrapping = digest -> {
      try {
        return cache.findByDigest(digest);
      } catch (RuntimeException e) {
        throw new IllegalStateException("lookup failed", e);
      }
    };
    AccessGuard guard = guard(wrapping);
    try (LogCapture logs = capture()) {
      down.set(true);
      assertThat(call(guard, "key-a")).isEqualTo(UNAVAILABLE);
      assertThat(call(guard, "key-b")).isEqualTo(UNAVAILABLE);
      assertThat(logs.warnings()).hasSize(1).allSatisfy(line -> assertThat(line).startsWith("CachingApiKeyStore: "));
    }
  }
}
