package dev.keywarden.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keywarden.ApiKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * Many threads resolve keys through a cache while a writer deactivates them one by one. Each
 * reader records when it started a resolution; a resolution that started after the
 * deactivation call returned must never be valid.
 */
class RevocationConcurrencyTest {
  private static final int KEYS = 200;
  private static final int READERS = 8;

  @Test
  void deactivatedKey_isNeverValidOnceDeactivationReturned() throws Exception {
    InMemoryApiKeyStore backing = InMemoryApiKeyStore.empty();
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      String secret = "secret-" + i;
      secrets.add(secret);
      backing.create(ApiKey.builder().secret(secret).clientType("web").id("k" + i).build());
    }
    KeyResolver resolver = KeyResolver.of(CachingApiKeyStore.of(backing));
    // revokedAt[i]: System.nanoTime() when deactivate(k_i) returned, or Long.MAX_VALUE before.
    AtomicLongArray revokedAt = new AtomicLongArray(KEYS);
    for (int i = 0; i < KEYS; i++) {
      revokedAt.set(i, Long.MAX_VALUE);
    }
    AtomicBoolean stop = new AtomicBoolean();
    // progress[r]: resolutions reader r has finished.
    AtomicLongArray progress = new AtomicLongArray(READERS);
    Queue<String> violations = new ConcurrentLinkedQueue<>();
    CountDownLatch started = new CountDownLatch(READERS);
    ExecutorService pool = Executors.newFixedThreadPool(READERS);
    List<Future<Long>> readers = new ArrayList<>();
    for (int r = 0; r < READERS; r++) {
      int offset = r;
      readers.add(pool.submit(() -> {
        started.countDown();
        long resolutions = 0;
        int i = offset;
        while (!stop.get()) {
          i = (i + 7) % KEYS;
          long before = System.nanoTime();
          boolean revokedBefore = revokedAt.get(i) <= before;
          KeyResolution resolution = resolver.resolve(secrets.get(i));
          if (revokedBefore && resolution instanceof KeyResolution.Valid) {
            violations.add("key " + i + " valid after its deactivation returned");
          }
          resolutions++;
          progress.incrementAndGet(offset);
        }
        return resolutions;
      }));
    }
    started.await();
    for (int i = 0; i < KEYS; i++) {
      assertThat(backing.deactivate("k" + i)).isTrue();
      revokedAt.set(i, System.nanoTime());
      Thread.onSpinWait();
    }
    // Counted, not timed: every reader steps through all KEYS keys (7 and KEYS are coprime) once
    // more after the last deactivation returned, however busy the machine.
    long[] atLastRevocation = new long[READERS];
    for (int r = 0; r < READERS; r++) {
      atLastRevocation[r] = progress.get(r);
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      for (int r = 0; r < READERS; r++) {
        if (progress.get(r) < atLastRevocation[r] + KEYS) {
          return false;
        }
      }
      return true;
    });
    stop.set(true);
    long total = 0;
    for (Future<Long> reader : readers) {
      total += reader.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(violations).isEmpty();
    assertThat(total).as("resolutions performed").isGreaterThan(KEYS);
    for (int i = 0; i < KEYS; i++) {
      assertThat(resolver.resolve(secrets.get(i))).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.INACTIVE, "k" + i));
    }
  }
}
