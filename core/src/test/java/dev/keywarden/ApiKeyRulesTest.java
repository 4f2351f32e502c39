package dev.keywarden;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules one by one, and how the builder collects them after a key's values were copied. */
class ApiKeyRulesTest {
  private static final List<ApiKeyGenerator> DEFAULT = List.of(ApiKeyGenerator.defaultGenerator());

  @Test
  void validValues_haveNoProblem() {
    assertThat(ApiKeyRules.secretProblem("abc-secret")).isNull();
    assertThat(ApiKeyRules.digestProblem(KeyDigest.of("abc"), null, null, DEFAULT)).isNull();
    assertThat(ApiKeyRules.clientTypeProblem("web_2")).isNull();
    assertThat(ApiKeyRules.descriptionProblem(null)).isNull();
    assertThat(ApiKeyRules.descriptionProblem("x".repeat(ApiKey.MAX_DESCRIPTION_LENGTH))).isNull();
    assertThat(ApiKeyRules.idProblem(null)).isNull();
    assertThat(ApiKeyRules.idProblem("_a.b:c-d")).isNull();
    assertThat(ApiKeyRules.badChecksumPrefix(ApiKeyGenerator.defaultGenerator().generate())).isNull();
    assertThat(ApiKeyRules.badChecksumPrefix("plain-secret")).isNull();
  }

  @Test
  void digestProblem_sourceProblemFirst_thenMissing_thenChecksumOfAConfiguredGeneratorOnly() {
    assertThat(ApiKeyRules.digestProblem(null, "secretSha256: bad", null, DEFAULT)).isEqualTo("secretSha256: bad");
    assertThat(ApiKeyRules.digestProblem(null, null, null, DEFAULT)).isEqualTo("a secret (or its secretSha256) is required");
    String badChecksum = "kw_" + "a".repeat(33);
    assertThat(ApiKeyRules.badChecksumPrefix(badChecksum)).isEqualTo("kw");
    assertThat(ApiKeyRules.digestProblem(KeyDigest.of(badChecksum), null, "kw", DEFAULT)).startsWith(
        "secret has the form of a generated key (kw_ and 33 base62 characters)");
    assertThat(ApiKeyRules.digestProblem(KeyDigest.of(badChecksum), null, "kw", List.of())).isNull();
    assertThat(ApiKeyRules.digestProblem(KeyDigest.of(badChecksum), null, "kw",
        List.of(ApiKeyGenerator.withPrefix("acme")))).isNull();
  }

  @Test
  void toBuilder_thenAnotherDigestSource_isCheckedLikeAFreshOne() {
    ApiKey key = ApiKey.builder().secret("abc-secret").clientType("web").id("k1").build();
    assertThat(key.toBuilder().secret("has space").problems())
        .containsExactly("secret must not contain whitespace (found some at index 3)");
    assertThat(key.toBuilder().secretSha256("zz").problems()).singleElement().asString().startsWith("secretSha256: ");
    assertThat(key.toBuilder().digest(KeyDigest.of("other")).clientType("we b").problems())
        .containsExactly("clientType must match ^[A-Za-z_][A-Za-z0-9_]*$ (was \"we b\")");
    assertThat(key.toBuilder().secret("kw_" + "a".repeat(33)).problems()).singleElement().asString()
        .startsWith("secret has the form of a generated key");
    assertThat(key.toBuilder().secret("another-secret").build().digest()).isEqualTo(KeyDigest.of("another-secret"));
  }
}
