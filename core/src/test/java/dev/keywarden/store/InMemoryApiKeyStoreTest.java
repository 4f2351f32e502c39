package dev.keywarden.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keywarden.ApiKey;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.KeyDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryApiKeyStoreTest {
  private static ApiKey key(String secret, String clientType) {
    return ApiKey.builder().secret(secret).clientType(clientType).build();
  }

  @Test
  void findByDigest_findsByDigestOnly() {
    InMemoryApiKeyStore store = InMemoryApiKeyStore.of(List.of(key("one", "web"), key("two", "mobile")));
    assertThat(store.findByDigest(KeyDigest.of("one"))).map(ApiKey::clientType).contains("web");
    assertThat(store.findByDigest(KeyDigest.of("three"))).isEmpty();
    assertThat(store.size()).isEqualTo(2);
  }

  @Test
  void of_duplicateSecret_isAConfigurationErrorNamingBothKeys() {
    assertThatThrownBy(() -> InMemoryApiKeyStore.of(List.of(key("same", "web"), key("other", "web"), key("same", "mobile"))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("invalid configuration: apiKeys[0] and apiKeys[2] have the same secret")
        .hasMessageNotContaining("same\"");
  }

  @Test
  void of_duplicateId_isAConfigurationError() {
    ApiKey a = ApiKey.builder().secret("a").clientType("web").id("k1").build();
    ApiKey b = ApiKey.builder().secret("b").clientType("web").id("k1").build();
    assertThatThrownBy(() -> InMemoryApiKeyStore.of(List.of(a, b)))
        .hasMessage("invalid configuration: apiKeys[0] and apiKeys[1] have the same id k1");
  }

  @Test
  void create_duplicateSecretOrId_isRefusedWithoutTheSecret() {
    InMemoryApiKeyStore store = InMemoryApiKeyStore.empty();
    ApiKey first = key("secret-1", "web");
    store.create(first);
    assertThatThrownBy(() -> store.create(key("secret-1", "mobile")))
        .isInstanceOf(DuplicateApiKeyException.class)
        .hasMessage("a key with the same secret already exists (id " + first.id() + ")");
    assertThatThrownBy(() -> store.create(ApiKey.builder().secret("secret-2").clientType("web").id(first.id()).build()))
        .isInstanceOf(DuplicateApiKeyException.class)
        .hasMessage("a key with id " + first.id() + " already exists");
    assertThat(store.list()).containsExactly(first);
  }

  @Test
  void management_updateActivateDeactivateDelete() {
    InMemoryApiKeyStore store = InMemoryApiKeyStore.empty();
    ApiKey key = ApiKey.builder().secret("k").clientType("web").id("k1").build();
    store.create(key);

    assertThat(store.deactivate("k1")).isTrue();
    assertThat(store.findByDigest(key.digest())).map(ApiKey::active).contains(false);
    assertThat(store.activate("k1")).isTrue();
    assertThat(store.findById("k1")).map(ApiKey::active).contains(true);

    assertThat(store.update(key.toBuilder().description("renamed").clientType("mobile").build())).isTrue();
    assertThat(store.findByDigest(key.digest())).flatMap(ApiKey::description).contains("renamed");
    assertThat(store.listByClientType("mobile")).hasSize(1);
    assertThat(store.listByClientType("web")).isEmpty();

    assertThat(store.delete("k1")).isTrue();
    assertThat(store.findByDigest(key.digest())).isEmpty();
    assertThat(store.findById("k1")).isEmpty();

    assertThat(store.delete("k1")).isFalse();
    assertThat(store.deactivate("nope")).isFalse();
    assertThat(store.update(key)).isFalse();
  }

  @Test
  void update_toAnotherKeysSecret_isRefused() {
    InMemoryApiKeyStore store = InMemoryApiKeyStore.empty();
    store.create(ApiKey.builder().secret("a").clientType("web").id("a").build());
    store.create(ApiKey.builder().secret("b").clientType("web").id("b").build());
    assertThatThrownBy(() -> store.update(ApiKey.builder().secret("b").clientType("web").id("a").build()))
        .isInstanceOf(DuplicateApiKeyException.class);
    assertThat(store.findById("a")).map(ApiKey::digest).contains(KeyDigest.of("a"));
  }

  @Test
  void update_newSecret_removesTheOldDigest() {
    InMemoryApiKeyStore store = InMemoryApiKeyStore.empty();
    store.create(ApiKey.builder().secret("old").clientType("web").id("k").build());
    store.update(ApiKey.builder().secret("new").clientType("web").id("k").build());
    assertThat(store.findByDigest(KeyDigest.of("old"))).isEmpty();
    assertThat(store.findByDigest(KeyDigest.of("new"))).isPresent();
  }

  @Test
  void listByClientType_isOrderedById() {
    InMemoryApiKeyStore store = InMemoryApiKeyStore.empty();
    store.create(ApiKey.builder().secret("1").clientType("web").id("b").build());
    store.create(ApiKey.builder().secret("2").clientType("web").id("a").build());
    store.create(ApiKey.builder().secret("3").clientType("mobile").id("c").build());
    assertThat(store.listByClientType("web")).extracting(ApiKey::id).containsExactly("a", "b");
    assertThat(store.list()).extracting(ApiKey::id).containsExactly("a", "b", "c");
  }

  @Test
  void listeners_hearEveryChangeBeforeTheCallReturns() {
    InMemoryApiKeyStore store = InMemoryApiKeyStore.empty();
    List<KeyDigest> heard = new ArrayList<>();
    store.addChangeListener(new KeyChangeListener() {
      @Override
      public void keyChanged(KeyDigest digest) {
        heard.add(digest);
      }

      @Override
      public void allKeysChanged() {}
    });
    ApiKey key = ApiKey.builder().secret("k").clientType("web").id("k").build();
    store.create(key);
    store.deactivate("k");
    store.delete("k");
    assertThat(heard).containsExactly(key.digest(), key.digest(), key.digest());
  }
}
