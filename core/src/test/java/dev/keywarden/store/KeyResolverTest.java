package dev.keywarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyResolverTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2029-12-31T23:59:59Z"));
  private final AtomicInteger lookups = new AtomicInteger();
  private final InMemoryApiKeyStore keys = InMemoryApiKeyStore.of(List.of(
      ApiKey.builder().secret("good").clientType("web").build(),
      ApiKey.builder().secret("off").clientType("web").active(false).id("off1").build(),
      ApiKey.builder().secret("dated").clientType("web").expiresAt("2030-01-01T00:00:00Z").id("dated1").build()));
  private final KeyResolver resolver = KeyResolver.builder(digest -> {
    lookups.incrementAndGet();
    return keys.findByDigest(digest);
  }).clock(clock).build();

  @Test
  void resolve_activeKey_isValid() {
    assertThat(resolver.resolve("good")).isInstanceOfSatisfying(KeyResolution.Valid.class,
        valid -> assertThat(valid.key().clientType()).isEqualTo("web"));
  }

  @Test
  void resolve_unknownInactiveExpired_areInvalidWithTheirReason_andTheKeyIdWhenFound() {
    assertThat(resolver.resolve("nope")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN, null));
    assertThat(resolver.resolve("off")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.INACTIVE, "off1"));
    assertThat(resolver.resolve("dated")).isInstanceOf(KeyResolution.Valid.class);
    clock.advance(Duration.ofSeconds(1));
    assertThat(resolver.resolve("dated")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.EXPIRED, "dated1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "tab\there", "nul\u0000", "line\nbreak"})
  void resolve_malformedValue_isRefusedWithoutLookup(String value) {
    assertThat(resolver.resolve(value)).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.MALFORMED));
    assertThat(lookups).hasValue(0);
  }

  @Test
  void resolve_over512Characters_isMalformedWithoutLookup() {
    assertThat(resolver.resolve("a".repeat(513))).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.MALFORMED));
    assertThat(lookups).hasValue(0);
  }

  @Test
  void resolve_generatedKeyWithBadChecksum_isRefusedWithoutLookup() {
    String key = ApiKeyGenerator.defaultGenerator().generate();
    char last = key.charAt(key.length() - 1);
    String typo = key.substring(0, key.length() - 1) + (last == 'a' ? 'b' : 'a');
    assertThat(resolver.resolve(typo)).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.BAD_CHECKSUM));
    assertThat(lookups).hasValue(0);
    assertThat(resolver.resolve(key)).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(lookups).hasValue(1);
  }

  @Test
  void resolve_storeThrows_isUnavailable() {
    KeyResolver failing = KeyResolver.of(digest -> {
      throw new ApiKeyStoreException("database down");
    });
    assertThat(failing.resolve("good")).isInstanceOfSatisfying(KeyResolution.Unavailable.class,
        u -> assertThat(u.cause()).hasMessage("database down"));
    KeyResolver buggy = KeyResolver.of(digest -> {
      throw new IllegalStateException("bug");
    });
    assertThat(buggy.resolve("good")).isInstanceOf(KeyResolution.Unavailable.class);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable throwable) throws T {
    throw (T) throwable;
  }

  /** A sneaky checked exception or an Error from a store is an outage, directly and under a cache. */
  @Test
  void resolve_storeThrowsCheckedOrError_isUnavailable_evenUnderACache() {
    List<Throwable> failures = List.of(new java.io.IOException("socket closed"), new AssertionError("bug"),
        new NoClassDefFoundError("org/postgresql/Driver"));
    for (Throwable failure : failures) {
      ApiKeyStore store = digest -> {
        KeyResolverTest.<RuntimeException>sneakyThrow(failure);
        return Optional.empty();
      };
      for (ApiKeyStore layered : List.of(store, CachingApiKeyStore.builder(store).build())) {
        assertThat(KeyResolver.of(layered).resolve("good")).as(failure.toString())
            .isInstanceOfSatisfying(KeyResolution.Unavailable.class, u -> assertThat(u.cause())
                .isInstanceOf(ApiKeyStoreException.class).hasRootCause(failure));
      }
    }
    ApiKeyStore exhausted = digest -> {
      throw new OutOfMemoryError("test");
    };
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyResolver.of(exhausted).resolve("good"))
        .isInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void failingStore_logsOneWarningPerOutage_notOnePerRequest() {
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(KeyResolver.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new ch.qos.logback.core.read.ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
      KeyResolver flaky = KeyResolver.of(digest -> {
        if (down.get()) {
          throw new ApiKeyStoreException("down");
        }
        return keys.findByDigest(digest);
      });
      for (int i = 0; i < 10; i++) {
        assertThat(flaky.resolve("good")).isInstanceOf(KeyResolution.Unavailable.class);
      }
      down.set(false);
      assertThat(flaky.resolve("good")).isInstanceOf(KeyResolution.Valid.class);
      assertThat(appender.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN).hasSize(1);
      assertThat(appender.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO)
          .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .containsExactly("API key store answers again");
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void resolve_storeReturnsNull_isTreatedAsUnknown() {
    assertThat(KeyResolver.of(digest -> null).resolve("good"))
        .isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
  }
}
