package dev.keywarden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Generator tests, with seeded property checks (the seed is printed in every failure message). */
class ApiKeyGeneratorTest {
  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private final ApiKeyGenerator generator = ApiKeyGenerator.defaultGenerator();

  @Test
  void generate_hasTheDocumentedForm() {
    String key = generator.generate();
    assertThat(key).matches("kw_[A-Za-z0-9]{33}");
    assertThat(generator.hasValidChecksum(key)).isTrue();
    assertThat(ApiKey.isWellFormedSecret(key)).isTrue();
  }

  @Test
  void generate_randomPartCarriesAtLeast160Bits() {
    assertThat(ApiKeyGenerator.RANDOM_LENGTH * (Math.log(62) / Math.log(2))).isGreaterThanOrEqualTo(160);
  }

  @Test
  void withPrefix_usesThePrefix_andOnlyItsOwnKeysLookGenerated() {
    ApiKeyGenerator acme = ApiKeyGenerator.withPrefix("acme");
    String key = acme.generate();
    assertThat(key).startsWith("acme_");
    assertThat(acme.hasValidChecksum(key)).isTrue();
    assertThat(generator.looksGenerated(key)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a_b", "has space", "xxxxxxxxxxxxxxxxxxxxx", "dash-ed"})
  void withPrefix_malformed_isRefused(String prefix) {
    assertThatThrownBy(() -> ApiKeyGenerator.withPrefix(prefix))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("prefix must be 1 to 20 characters from [A-Za-z0-9]");
  }

  @Test
  void hasValidChecksum_handMadeOrTruncated_isFalse() {
    String key = generator.generate();
    assertThat(generator.hasValidChecksum(null)).isFalse();
    assertThat(generator.hasValidChecksum("demo-web-key-1")).isFalse();
    assertThat(generator.hasValidChecksum(key.substring(0, key.length() - 1))).isFalse();
    assertThat(generator.hasValidChecksum(key + "a")).isFalse();
  }

  @Test
  void property_everyGeneratedKeyValidates_andAnySingleCharacterChangeFails() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int n = 0; n < 2_000; n++) {
      String key = generator.generate();
      assertThat(generator.hasValidChecksum(key)).as("seed %d, key %d", seed, n).isTrue();
      int position = random.nextInt(key.length());
      char replacement;
      do {
        replacement = random.nextInt(10) == 0 ? "_-. !".charAt(random.nextInt(5)) : ALPHABET.charAt(random.nextInt(62));
      } while (replacement == key.charAt(position));
      String changed = key.substring(0, position) + replacement + key.substring(position + 1);
      assertThat(generator.hasValidChecksum(changed))
          .as("seed %d: changing position %d to '%s' must break the checksum", seed, position, replacement)
          .isFalse();
    }
  }

  @Test
  void property_everyPositionAndEveryReplacement_failsTheChecksum() {
    String key = generator.generate();
    for (int position = 0; position < key.length(); position++) {
      for (char c : ALPHABET.toCharArray()) {
        if (c == key.charAt(position)) {
          continue;
        }
        String changed = key.substring(0, position) + c + key.substring(position + 1);
        assertThat(generator.hasValidChecksum(changed)).as("key %s position %d to %s", key, position, c).isFalse();
      }
    }
  }

  @Test
  void property_100000GeneratedKeys_haveNoDuplicate() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(generator.generate())).as("duplicate after %d keys", i).isTrue();
    }
  }
}
