package dev.keywarden.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimeLimitedApiKeyStoreTest {
  private final ApiKey key = ApiKey.builder().secret("fast").clientType("web").build();
  private final InMemoryApiKeyStore memory = InMemoryApiKeyStore.of(List.of(key));

  @Test
  void answeringStore_passesAnswersThrough() {
    try (TimeLimitedApiKeyStore store = TimeLimitedApiKeyStore.of(memory, Duration.ofSeconds(5))) {
      assertThat(store.findByDigest(key.digest())).contains(key);
      assertThat(store.findByDigest(KeyDigest.of("other"))).isEmpty();
    }
  }

  @Test
  void hungStore_failsWithinTheTimeout_andTheThreadIsInterrupted() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    ApiKeyStore hung = digest -> {
      try {
        never.await(); // hangs until the decorator interrupts it
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      return java.util.Optional.empty();
    };
    try (TimeLimitedApiKeyStore store = TimeLimitedApiKeyStore.of(hung, Duration.ofMillis(200))) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> store.findByDigest(key.digest()))
          .isInstanceOf(ApiKeyStoreException.class)
          .hasMessage("API key store did not answer within 200 ms");
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(elapsedMillis).isBetween(150L, 5_000L);
      assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void saturatedPool_failsAtOnceInsteadOfQueueing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    ApiKeyStore blocking = digest -> {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return java.util.Optional.empty();
    };
    try (TimeLimitedApiKeyStore store = TimeLimitedApiKeyStore.of(blocking, Duration.ofSeconds(30), 1)) {
      Thread first = new Thread(() -> {
        try {
          store.findByDigest(key.digest());
        } catch (ApiKeyStoreException ignored) {
          // released or closed
        }
      });
      first.start();
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> store.findByDigest(key.digest()))
          .isInstanceOf(ApiKeyStoreException.class)
          .hasMessage("API key store overloaded: 1 lookups already in flight");
      release.countDown();
      first.join(5_000);
    }
  }

  @Test
  void failingStore_keepsItsStoreException_wrapsOthers() {
    try (TimeLimitedApiKeyStore failing = TimeLimitedApiKeyStore.of(digest -> {
      throw new ApiKeyStoreException("db down");
    }, Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> failing.findByDigest(key.digest())).hasMessage("db down");
    }
    try (TimeLimitedApiKeyStore buggy = TimeLimitedApiKeyStore.of(digest -> {
      throw new IllegalStateException("bug");
    }, Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> buggy.findByDigest(key.digest()))
          .isInstanceOf(ApiKeyStoreException.class).hasCauseInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void behindACache_changeNotificationsStillArrive() {
    try (TimeLimitedApiKeyStore limited = TimeLimitedApiKeyStore.of(memory, Duration.ofSeconds(5))) {
      CachingApiKeyStore cache = CachingApiKeyStore.of(limited);
      assertThat(cache.findByDigest(key.digest())).map(ApiKey::active).contains(true);
      memory.deactivate(key.id());
      assertThat(cache.findByDigest(key.digest())).map(ApiKey::active).contains(false);
    }
  }

  @Test
  void badSettings_areRefused() {
    assertThatThrownBy(() -> TimeLimitedApiKeyStore.of(memory, Duration.ZERO))
        .hasMessage("timeout must be positive (was PT0S)");
    assertThatThrownBy(() -> TimeLimitedApiKeyStore.of(memory, Duration.ofSeconds(1), 0))
        .hasMessage("max concurrent lookups must be at least 1 (was 0)");
  }
}
