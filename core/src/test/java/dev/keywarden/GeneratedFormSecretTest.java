package dev.keywarden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.KeywardenConfig;
import dev.keywarden.store.InMemoryApiKeyStore;
import dev.keywarden.store.InvalidKeyReason;
import dev.keywarden.store.KeyResolution;
import dev.keywarden.store.KeyResolver;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 6: a configured secret of a generator's exact form with a wrong checksum would
 * be refused on every request, so it is a configuration error, named without the secret.
 */
class GeneratedFormSecretTest {
  private static final String PROBLEM = "secret has the form of a generated key (kw_ and 33 base62 characters) "
      + "but its checksum does not match, so every request with it would be refused: use a key from "
      + "ApiKeyGenerator (generate-key) or a secret of another form";
  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** Changes one character (at index i) to another base62 character: the checksum no longer matches. */
  private static String typo(String key, int i) {
    char c = key.charAt(i);
    char other = BASE62.charAt((BASE62.indexOf(c) + 1) % BASE62.length());
    return key.substring(0, i) + other + key.substring(i + 1);
  }

  @Test
  void builder_generatedFormWithBadChecksum_isAConfigurationError_withoutTheSecret() {
    String good = ApiKeyGenerator.defaultGenerator().generate();
    for (int i : new int[] {3, 17, good.length() - 1}) {
      String bad = typo(good, i);
      assertThatThrownBy(() -> ApiKey.builder().secret(bad).clientType("web").build())
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessage("invalid configuration: " + PROBLEM)
          .hasMessageNotContaining(bad.substring(3));
    }
    assertThat(ApiKey.builder().secret(good).clientType("web").build().digest()).isEqualTo(KeyDigest.of(good));
  }

  @Test
  void handMadeSecretOfTheGeneratedForm_inConfiguration_isNamedWithItsPlace() throws Exception {
    // 33 'a's after kw_: hand-made, and its last six characters are not the CRC32 of the rest.
    String handMade = "kw_" + "a".repeat(33);
    KeywardenConfig config = new ObjectMapper().readValue("""
        { "apiKeys": [
            { "secret": "plain-hand-made-key", "clientType": "web" },
            { "secret": "%s", "clientType": "partner", "id": "p1" } ] }
        """.formatted(handMade), KeywardenConfig.class);
    assertThat(config.check().problems()).map(Problem::toString).containsExactly("apiKeys[1] (id \"p1\"): " + PROBLEM);
    assertThatThrownBy(() -> AccessGuard.builder().config(config).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("invalid configuration: apiKeys[1] (id \"p1\"): " + PROBLEM)
        .hasMessageNotContaining("aaaaaaaa");
  }

  @Test
  void otherForms_areNotChecked() {
    String good = ApiKeyGenerator.defaultGenerator().generate();
    for (String secret : List.of(
        "kw_" + "a".repeat(32),           // one character short
        "kw_" + "a".repeat(34),           // one too many
        "kw-" + "a".repeat(33),           // another separator
        "KW_" + "a".repeat(33),           // another prefix (case matters)
        "acme_" + "a".repeat(33),         // a prefix no generator here uses
        typo(good, 5) + "!")) {           // not base62
      assertThat(ApiKey.builder().secret(secret).clientType("web").build()).isNotNull();
    }
  }

  @Test
  void customPrefix_isCheckedWhenItsGeneratorIsConfigured() {
    ApiKeyGenerator acme = ApiKeyGenerator.withPrefix("acme");
    String bad = typo(acme.generate(), 10);
    assertThat(ApiKey.builder().secret(bad).clientType("web").build()).isNotNull();
    assertThatThrownBy(() -> ApiKey.builder().checksumGenerators(acme).secret(bad).clientType("web").build())
        .hasMessage("invalid configuration: " + PROBLEM.replace("kw_", "acme_"));
    // Order does not matter: the form is remembered, never the secret.
    assertThatThrownBy(() -> ApiKey.builder().secret(bad).checksumGenerators(acme).clientType("web").build())
        .isInstanceOf(InvalidConfigurationException.class);
    // No generators: nothing is checked, as with a resolver built with none.
    assertThat(ApiKey.builder().checksumGenerators().secret(typo(ApiKeyGenerator.defaultGenerator().generate(), 4))
        .clientType("web").build()).isNotNull();
  }

  @Test
  void theBuilderRefusesExactlyWhatTheResolverRefusesForABadChecksum() {
    // The oracle is the resolver's own check, a separate code path from the builder's.
    Random random = new Random(11);
    ApiKeyGenerator acme = ApiKeyGenerator.withPrefix("acme");
    for (int n = 0; n < 500; n++) {
      ApiKeyGenerator generator = random.nextBoolean() ? ApiKeyGenerator.defaultGenerator() : acme;
      String key = generator.generate();
      String secret = switch (random.nextInt(3)) {
        case 0 -> key;
        case 1 -> typo(key, generator.prefix().length() + 1 + random.nextInt(33));
        default -> key.substring(0, key.length() - 1 - random.nextInt(2));
      };
      KeyResolver resolver = KeyResolver.builder(InMemoryApiKeyStore.empty()).checksumGenerators(generator).build();
      boolean resolverRefuses = resolver.resolve(secret).equals(new KeyResolution.Invalid(InvalidKeyReason.BAD_CHECKSUM));
      boolean builderRefuses = !ApiKey.builder().checksumGenerators(generator).secret(secret).clientType("web")
          .problems().isEmpty();
      assertThat(builderRefuses).as("seed 11, case %d", n).isEqualTo(resolverRefuses);
    }
  }
}
