package dev.keywarden.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rotation: the old secret works until the grace ends (the resolver's clock), then only the new one. */
class InMemoryApiKeyStoreRotationTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final InMemoryApiKeyStore store = InMemoryApiKeyStore.of(List.of(
      ApiKey.builder().secret("old-secret").clientType("web").id("k1").description("d").build()));
  private final KeyResolver resolver = KeyResolver.builder(store).clock(clock).build();

  private String resolvedId(String secret) {
    return resolver.resolve(secret) instanceof KeyResolution.Valid valid ? valid.key().id() : null;
  }

  @Test
  void rotate_bothSecretsUntilGraceEnds_thenOnlyTheNew() {
    ApiKey rotated = store.rotate("k1", KeyDigest.of("new-secret"), clock.instant().plus(Duration.ofHours(1))).orElseThrow();
    assertThat(rotated.id()).isEqualTo("k1");
    assertThat(rotated.clientType()).isEqualTo("web");
    assertThat(rotated.description()).hasValue("d");
    assertThat(rotated.digest()).isEqualTo(KeyDigest.of("new-secret"));
    assertThat(store.findById("k1")).contains(rotated);
    assertThat(resolvedId("old-secret")).isEqualTo("k1");
    assertThat(resolvedId("new-secret")).isEqualTo("k1");
    clock.advance(Duration.ofMinutes(59));
    assertThat(resolvedId("old-secret")).isEqualTo("k1");
    clock.advance(Duration.ofMinutes(1));
    assertThat(resolver.resolve("old-secret")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.EXPIRED, "k1"));
    assertThat(resolvedId("new-secret")).isEqualTo("k1");
  }

  @Test
  void rotate_deactivatingOrDeletingTheKey_endsTheOldSecretToo() {
    store.rotate("k1", KeyDigest.of("new-secret"), clock.instant().plus(Duration.ofDays(1)));
    store.deactivate("k1");
    assertThat(resolver.resolve("old-secret")).isInstanceOf(KeyResolution.Invalid.class);
    assertThat(resolver.resolve("new-secret")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.INACTIVE, "k1"));
    store.activate("k1");
    // Reactivation brings back only the current secret: the old one ended with the deactivation.
    assertThat(resolver.resolve("old-secret")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(resolvedId("new-secret")).isEqualTo("k1");
    store.delete("k1");
    assertThat(resolver.resolve("old-secret")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(resolver.resolve("new-secret")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
  }

  @Test
  void rotate_deactivatingThroughUpdate_endsTheOldSecretForGood() {
    store.rotate("k1", KeyDigest.of("new-secret"), clock.instant().plus(Duration.ofDays(1)));
    ApiKey current = store.findById("k1").orElseThrow();
    store.update(current.withActive(false));
    store.update(current.withActive(true));
    assertThat(resolver.resolve("old-secret")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(resolvedId("new-secret")).isEqualTo("k1");
    // the old secret is free again: nothing holds it any more
    store.create(ApiKey.builder().secret("old-secret").clientType("web").id("k2").build());
    assertThat(resolvedId("old-secret")).isEqualTo("k2");
  }

  @Test
  void rotate_expiringThroughUpdate_thenUnexpiring_endsTheOldSecretForGood_andCachesHearOfIt() {
    CachingApiKeyStore cache = CachingApiKeyStore.builder(store).build();
    KeyResolver cached = KeyResolver.builder(cache).clock(clock).build();
    store.rotate("k1", KeyDigest.of("new-secret"), clock.instant().plus(Duration.ofHours(1)));
    assertThat(cached.resolve("old-secret")).isInstanceOf(KeyResolution.Valid.class); // now cached
    List<KeyDigest> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    store.addChangeListener(new KeyChangeListener() {
      @Override
      public void keyChanged(KeyDigest digest) {
        told.add(digest);
      }

      @Override
      public void allKeysChanged() {
        throw new AssertionError("a single key changed");
      }
    });
    ApiKey current = store.findById("k1").orElseThrow();
    // past for the resolver's clock and for the wall clock the store goes by
    store.update(current.toBuilder().expiresAt(Instant.parse("2020-01-01T00:00:00Z")).build());
    assertThat(told).contains(KeyDigest.of("old-secret"), KeyDigest.of("new-secret"));
    assertThat(cached.resolve("old-secret")).isInstanceOf(KeyResolution.Invalid.class);
    assertThat(cached.resolve("new-secret")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.EXPIRED, "k1"));
    store.update(current.toBuilder().expiresAt((Instant) null).build());
    assertThat(cached.resolve("old-secret")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(resolver.resolve("old-secret")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(cached.resolve("new-secret")).isInstanceOf(KeyResolution.Valid.class);
  }

  @Test
  void rotate_extendingTheExpiryOfAValidKey_keepsTheGrace() {
    store.update(store.findById("k1").orElseThrow().toBuilder().expiresAt(Instant.now().plus(Duration.ofDays(3650))).build());
    store.rotate("k1", KeyDigest.of("new-secret"), clock.instant().plus(Duration.ofHours(1)));
    ApiKey current = store.findById("k1").orElseThrow();
    store.update(current.toBuilder().expiresAt(Instant.now().plus(Duration.ofDays(7300))).build());
    assertThat(resolvedId("old-secret")).isEqualTo("k1");
    assertThat(resolvedId("new-secret")).isEqualTo("k1");
    store.update(current.toBuilder().expiresAt((Instant) null).build());
    assertThat(resolvedId("old-secret")).isEqualTo("k1");
  }

  @Test
  void rotate_ofAnExpiredKey_keepsNoOldSecret() {
    store.update(store.findById("k1").orElseThrow().toBuilder().expiresAt(Instant.parse("2020-01-01T00:00:00Z")).build());
    store.rotate("k1", KeyDigest.of("new-secret"), clock.instant().plus(Duration.ofDays(1)));
    store.update(store.findById("k1").orElseThrow().toBuilder().expiresAt((Instant) null).build());
    assertThat(resolver.resolve("old-secret")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(resolvedId("new-secret")).isEqualTo("k1");
  }

  @Test
  void rotate_ofAnInactiveKey_keepsNoOldSecret() {
    store.deactivate("k1");
    store.rotate("k1", KeyDigest.of("new-secret"), clock.instant().plus(Duration.ofDays(1)));
    store.activate("k1");
    assertThat(resolver.resolve("old-secret")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(resolvedId("new-secret")).isEqualTo("k1");
  }

  @Test
  void rotate_deactivating_tellsCachesAboutTheOldSecret_soACachedAnswerNeverComesBack() {
    CachingApiKeyStore cache = CachingApiKeyStore.builder(store).build();
    KeyResolver cached = KeyResolver.builder(cache).clock(clock).build();
    store.rotate("k1", KeyDigest.of("new-secret"), clock.instant().plus(Duration.ofDays(1)));
    assertThat(cached.resolve("old-secret")).isInstanceOf(KeyResolution.Valid.class); // now cached
    List<KeyDigest> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    store.addChangeListener(new KeyChangeListener() {
      @Override
      public void keyChanged(KeyDigest digest) {
        told.add(digest);
      }

      @Override
      public void allKeysChanged() {
        throw new AssertionError("a single key changed");
      }
    });
    store.deactivate("k1");
    assertThat(told).contains(KeyDigest.of("old-secret"), KeyDigest.of("new-secret"));
    store.activate("k1");
    assertThat(cached.resolve("old-secret")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(cached.resolve("new-secret")).isInstanceOf(KeyResolution.Valid.class);
  }

  @Test
  void rotate_again_forgetsTheFirstSecret_andCachesAreTold() {
    CachingApiKeyStore cache = CachingApiKeyStore.builder(store).build();
    KeyResolver cached = KeyResolver.builder(cache).clock(clock).build();
    assertThat(cached.resolve("old-secret")).isInstanceOf(KeyResolution.Valid.class);
    store.rotate("k1", KeyDigest.of("second"), clock.instant().plus(Duration.ofDays(1)));
    assertThat(cached.resolve("second")).isInstanceOf(KeyResolution.Valid.class);
    store.rotate("k1", KeyDigest.of("third"), clock.instant().plus(Duration.ofDays(1)));
    assertThat(cached.resolve("old-secret")).isInstanceOf(KeyResolution.Invalid.class);
    assertThat(cached.resolve("second")).isInstanceOf(KeyResolution.Valid.class);
    assertThat(cached.resolve("third")).isInstanceOf(KeyResolution.Valid.class);
    store.rotate("k1", KeyDigest.of("fourth"), clock.instant()); // no grace at all
    assertThat(cached.resolve("third")).isInstanceOf(KeyResolution.Invalid.class);
  }

  @Test
  void rotate_unknownId_isEmpty_andAnotherKeysSecret_isADuplicate() {
    assertThat(store.rotate("nope", KeyDigest.of("x"), clock.instant())).isEmpty();
    store.create(ApiKey.builder().secret("other").clientType("web").id("k2").build());
    assertThatThrownBy(() -> store.rotate("k1", KeyDigest.of("other"), clock.instant()))
        .isInstanceOf(DuplicateApiKeyException.class);
    store.rotate("k1", KeyDigest.of("new-secret"), clock.instant().plus(Duration.ofDays(1)));
    assertThatThrownBy(() -> store.create(ApiKey.builder().secret("old-secret").clientType("web").build()))
        .isInstanceOf(DuplicateApiKeyException.class);
  }

  @Test
  void timestamps_createdStays_updatedFollowsChanges_deletedKeysAreGone() {
    ApiKeyManagement.Timestamps before = store.timestamps(List.of("k1")).get("k1");
    assertThat(before.updated()).isEqualTo(before.created());
    store.rotate("k1", KeyDigest.of("new-secret"), clock.instant());
    ApiKeyManagement.Timestamps after = store.timestamps(List.of("k1", "nope")).get("k1");
    assertThat(store.timestamps(List.of("k1", "nope"))).containsOnlyKeys("k1");
    assertThat(after.created()).isEqualTo(before.created());
    assertThat(after.updated()).isAfterOrEqualTo(before.updated());
    store.delete("k1");
    assertThat(store.timestamps(List.of("k1"))).isEmpty();
  }
}
