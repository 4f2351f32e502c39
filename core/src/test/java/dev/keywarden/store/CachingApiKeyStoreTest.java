package dev.keywarden.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingApiKeyStoreTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryApiKeyStore backing = InMemoryApiKeyStore.empty();
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicBoolean down = new AtomicBoolean();
  /** A plain store over the in-memory one: counts lookups, can fail, and does not notify. */
  private final ApiKeyStore counting = digest -> {
    lookups.incrementAndGet();
    if (down.get()) {
      throw new ApiKeyStoreException("backing store down");
    }
    return backing.findByDigest(digest);
  };
  private final ApiKey key = ApiKey.builder().secret("cached").clientType("web").id("k").build();

  @Test
  void findByDigest_hit_doesNotReachTheBackingStore() {
    backing.create(key);
    CachingApiKeyStore cache = CachingApiKeyStore.builder(counting).clock(clock).build();
    assertThat(cache.findByDigest(key.digest())).contains(key);
    assertThat(cache.findByDigest(key.digest())).contains(key);
    assertThat(lookups).hasValue(1);
  }

  @Test
  void findByDigest_unknownDigest_isCachedNegatively() {
    CachingApiKeyStore cache = CachingApiKeyStore.builder(counting).clock(clock).build();
    assertThat(cache.findByDigest(KeyDigest.of("nope"))).isEmpty();
    assertThat(cache.findByDigest(KeyDigest.of("nope"))).isEmpty();
    assertThat(lookups).hasValue(1);
  }

  @Test
  void entries_expireAfterTheTtl_defaultTenSeconds() {
    backing.create(key);
    CachingApiKeyStore cache = CachingApiKeyStore.builder(counting).clock(clock).build();
    cache.findByDigest(key.digest());
    clock.advance(Duration.ofMillis(9_999));
    cache.findByDigest(key.digest());
    assertThat(lookups).hasValue(1);
    clock.advance(Duration.ofMillis(2));
    cache.findByDigest(key.digest());
    assertThat(lookups).hasValue(2);
  }

  @Test
  void negativeTtl_canDifferFromPositiveTtl() {
    backing.create(key);
    CachingApiKeyStore cache = CachingApiKeyStore.builder(counting).clock(clock)
        .ttl(Duration.ofSeconds(60)).negativeTtl(Duration.ofSeconds(1)).build();
    cache.findByDigest(key.digest());
    cache.findByDigest(KeyDigest.of("nope"));
    clock.advance(Duration.ofSeconds(2));
    cache.findByDigest(key.digest());
    cache.findByDigest(KeyDigest.of("nope"));
    assertThat(lookups).hasValue(3);
  }

  @Test
  void staleness_withoutNotification_isBoundedByTheTtl() {
    backing.create(key);
    CachingApiKeyStore cache = CachingApiKeyStore.builder(counting).clock(clock).ttl(Duration.ofSeconds(5)).build();
    cache.findByDigest(key.digest());
    backing.deactivate("k");
    assertThat(cache.findByDigest(key.digest())).map(ApiKey::active).contains(true);
    clock.advance(Duration.ofSeconds(5));
    assertThat(cache.findByDigest(key.digest())).map(ApiKey::active).contains(false);
  }

  @Test
  void invalidate_forgetsTheEntry() {
    backing.create(key);
    CachingApiKeyStore cache = CachingApiKeyStore.builder(counting).clock(clock).build();
    cache.findByDigest(key.digest());
    backing.deactivate("k");
    cache.invalidate(key.digest());
    assertThat(cache.findByDigest(key.digest())).map(ApiKey::active).contains(false);
    cache.invalidateAll();
    cache.findByDigest(key.digest());
    assertThat(lookups).hasValue(3);
  }

  @Test
  void notifyingBackingStore_changesReachTheCacheBeforeTheCallReturns() {
    backing.create(key);
    CachingApiKeyStore cache = CachingApiKeyStore.builder(backing).clock(clock).build();
    assertThat(cache.findByDigest(key.digest())).map(ApiKey::active).contains(true);
    backing.deactivate("k");
    assertThat(cache.findByDigest(key.digest())).map(ApiKey::active).contains(false);
    backing.delete("k");
    assertThat(cache.findByDigest(key.digest())).isEmpty();
    ApiKey created = ApiKey.builder().secret("new").clientType("web").build();
    assertThat(cache.findByDigest(created.digest())).isEmpty();
    backing.create(created);
    assertThat(cache.findByDigest(created.digest())).contains(created);
  }

  @Test
  void failingStore_withoutLastKnown_throwsAndCachesNothing() {
    CachingApiKeyStore cache = CachingApiKeyStore.builder(counting).clock(clock).build();
    down.set(true);
    assertThatThrownBy(() -> cache.findByDigest(key.digest()))
        .isInstanceOf(ApiKeyStoreException.class).hasMessage("backing store down");
    down.set(false);
    backing.create(key);
    assertThat(cache.findByDigest(key.digest())).contains(key);
  }

  @Test
  void failingStore_withLastKnown_servesTheLastAnswerWithinItsAge() {
    backing.create(key);
    CachingApiKeyStore cache = CachingApiKeyStore.builder(counting).clock(clock)
        .ttl(Duration.ofSeconds(10)).serveLastKnownOnFailure(Duration.ofMinutes(5)).build();
    assertThat(cache.findByDigest(key.digest())).contains(key);
    assertThat(cache.findByDigest(KeyDigest.of("nope"))).isEmpty();
    down.set(true);
    clock.advance(Duration.ofSeconds(11));
    assertThat(cache.findByDigest(key.digest())).contains(key);
    assertThat(cache.findByDigest(KeyDigest.of("nope"))).isEmpty();
    assertThatThrownBy(() -> cache.findByDigest(KeyDigest.of("never-seen"))).isInstanceOf(ApiKeyStoreException.class);
    clock.advance(Duration.ofMinutes(5));
    assertThatThrownBy(() -> cache.findByDigest(key.digest())).isInstanceOf(ApiKeyStoreException.class);
  }

  @Test
  void invalidate_alsoForgetsTheLastKnownAnswer() {
    backing.create(key);
    CachingApiKeyStore cache = CachingApiKeyStore.builder(counting).clock(clock)
        .serveLastKnownOnFailure(Duration.ofMinutes(5)).build();
    cache.findByDigest(key.digest());
    cache.invalidate(key.digest());
    down.set(true);
    assertThatThrownBy(() -> cache.findByDigest(key.digest())).isInstanceOf(ApiKeyStoreException.class);
  }

  @Test
  void runtimeExceptionFromTheStore_isWrappedAsAStoreException() {
    CachingApiKeyStore cache = CachingApiKeyStore.of(digest -> {
      throw new IllegalStateException("bug");
    });
    assertThatThrownBy(() -> cache.findByDigest(key.digest()))
        .isInstanceOf(ApiKeyStoreException.class).hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void nullFromTheStore_isUnknown() {
    assertThat(CachingApiKeyStore.of(digest -> null).findByDigest(key.digest())).isEqualTo(Optional.empty());
  }

  @Test
  void builder_rejectsNonPositiveSettings() {
    CachingApiKeyStore.Builder builder = CachingApiKeyStore.builder(counting);
    assertThatThrownBy(() -> builder.ttl(Duration.ZERO)).hasMessage("ttl must be positive (was PT0S)");
    assertThatThrownBy(() -> builder.negativeTtl(Duration.ofSeconds(-1))).hasMessage("negative ttl must be positive (was PT-1S)");
    assertThatThrownBy(() -> builder.maximumSize(0)).hasMessage("maximum size must be at least 1 (was 0)");
    assertThatThrownBy(() -> builder.serveLastKnownOnFailure(Duration.ZERO))
        .hasMessage("last known answer age must be positive (was PT0S)");
  }
}
