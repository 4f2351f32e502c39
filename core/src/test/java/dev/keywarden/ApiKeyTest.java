package dev.keywarden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ApiKeyTest {
  private static final String SECRET = "s3cr3t-Value-42";
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void build_validKey_keepsOnlyTheDigest() {
    ApiKey key = ApiKey.builder().secret(SECRET).clientType("web").description("demo").build();
    assertThat(key.digest()).isEqualTo(KeyDigest.of(SECRET));
    assertThat(key.clientType()).isEqualTo("web");
    assertThat(key.active()).isTrue();
    assertThat(key.description()).contains("demo");
    assertThat(key.expiresAt()).isEmpty();
    assertThat(key.id()).isEqualTo(KeyDigest.of(SECRET).hex().substring(0, 12));
  }

  @Test
  void toString_redactsTheDigestAndNeverShowsTheSecret() {
    ApiKey key = ApiKey.builder().secret(SECRET).clientType("web").build();
    assertThat(key.toString())
        .contains("<redacted>", "clientType=web", "id=" + key.id())
        .doesNotContain(SECRET)
        .doesNotContain(key.digest().hex());
    assertThat(ApiKey.builder().secret(SECRET).toString()).doesNotContain(SECRET);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "empty secret                | ''                        | web      | secret must not be empty",
      "secret with a space         | 'ab cd'                   | web      | secret must not contain whitespace (found some at index 2)",
      "secret with a tab           | 'ab\tcd'                  | web      | secret must not contain control characters (found one at index 2)",
      "client type with a space    | abc                       | 'we b'   | clientType must match ^[A-Za-z_][A-Za-z0-9_]*$ (was \"we b\")",
      "client type with a digit first | abc                    | 9web     | clientType must match ^[A-Za-z_][A-Za-z0-9_]*$ (was \"9web\")",
      "client type with a dash     | abc                       | web-app  | clientType must match ^[A-Za-z_][A-Za-z0-9_]*$ (was \"web-app\")",
      "empty client type           | abc                       | ''       | clientType must match ^[A-Za-z_][A-Za-z0-9_]*$ (was \"\")",
  })
  void build_brokenRule_isRefusedWithASpecificMessage(String name, String secret, String clientType, String expected) {
    String realSecret = secret.replace("\\t", "\t");
    assertThatThrownBy(() -> ApiKey.builder().secret(realSecret).clientType(clientType).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("invalid configuration: " + expected);
  }

  @Test
  void build_secretOf513Characters_isRefused_512IsAccepted() {
    assertThat(ApiKey.builder().secret("a".repeat(512)).clientType("web").build()).isNotNull();
    assertThatThrownBy(() -> ApiKey.builder().secret("b".repeat(513)).clientType("web").build())
        .hasMessage("invalid configuration: secret is 513 characters long; at most 512 are allowed")
        .hasMessageNotContaining("bbbb");
  }

  @Test
  void build_unicodeSpaceOrLineBreakInSecret_isRefused() {
    assertThat(ApiKey.isWellFormedSecret("a\u00a0b")).isFalse();
    assertThat(ApiKey.isWellFormedSecret("a\u2003b")).isFalse();
    assertThat(ApiKey.isWellFormedSecret("a\nb")).isFalse();
    assertThat(ApiKey.isWellFormedSecret("a\u0000b")).isFalse();
    assertThat(ApiKey.isWellFormedSecret("a\u007fb")).isFalse();
    assertThat(ApiKey.isWellFormedSecret("p\u00e4ss-\u20ac")).isTrue();
    assertThat(ApiKey.isWellFormedSecret(null)).isFalse();
  }

  @Test
  void build_clientTypeOver64Characters_isRefused() {
    assertThat(ApiKey.builder().secret("x").clientType("a".repeat(64)).build().clientType()).hasSize(64);
    assertThatThrownBy(() -> ApiKey.builder().secret("x").clientType("a".repeat(65)).build())
        .hasMessage("invalid configuration: clientType is 65 characters long; at most 64 are allowed");
  }

  @Test
  void build_descriptionOver1024Characters_isRefused() {
    assertThat(ApiKey.builder().secret("x").clientType("web").description("d".repeat(1024)).build()).isNotNull();
    assertThatThrownBy(() -> ApiKey.builder().secret("x").clientType("web").description("d".repeat(1025)).build())
        .hasMessage("invalid configuration: description is 1025 characters long; at most 1024 are allowed");
  }

  @Test
  void build_missingEverything_listsEveryProblem() {
    assertThatThrownBy(() -> ApiKey.builder().build())
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
            .map(Problem::toString).containsExactly(
            "a secret (or its secretSha256) is required", "clientType is required"));
  }

  @Test
  void builder_secretAndDigestBoth_failsAtOnce() {
    assertThatThrownBy(() -> ApiKey.builder().secret("x").secretSha256(KeyDigest.of("y").hex()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("secret (or its digest) was already set");
  }

  @Test
  void definition_secretAndDigestBoth_isAConfigurationProblem() {
    assertThatThrownBy(() -> new ApiKeyDefinition("x", KeyDigest.of("y").hex(), "web", null, null, null, null).toApiKey())
        .hasMessage("invalid configuration: exactly one of secret and secretSha256 must be given, not both");
  }

  @Test
  void build_badExpiryAndBadId_areNamed() {
    assertThatThrownBy(() -> ApiKey.builder().secret("x").clientType("web").expiresAt("tomorrow").id("bad id").build())
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
            .map(Problem::toString).containsExactly(
            "expiresAt must be an ISO-8601 instant such as 2030-01-01T00:00:00Z (was \"tomorrow\")",
            "id must be 1 to 64 characters from [A-Za-z0-9_.:-] (was \"bad id\")"));
  }

  @Test
  void build_anIdStartingWithDotColonOrDash_isRefused_soNoIdIsADotSegment() {
    for (String id : new String[] {".", "..", ".hidden", ":x", "-x", "..."}) {
      assertThatThrownBy(() -> ApiKey.builder().secret("x").clientType("web").id(id).build()).as(id)
          .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
              .map(Problem::toString).containsExactly(
              "id must start with a letter, a digit or _ (was \"" + id + "\"): an id is a URL path segment, and one"
                  + " starting with . (like . or ..) cannot be addressed"));
    }
    for (String id : new String[] {"a", "_", "0", "a.b", "x..", "a:b-c", "_.", "Z" + ".".repeat(63)}) {
      assertThat(ApiKey.builder().secret("x").clientType("web").id(id).build().id()).isEqualTo(id);
    }
    assertThatThrownBy(() -> ApiKey.builder().secret("x").clientType("web").id("a" + ".".repeat(64)).build())
        .hasMessageContaining("id must be 1 to 64 characters from [A-Za-z0-9_.:-]");
    assertThatThrownBy(() -> ApiKey.builder().secret("x").clientType("web").id("").build())
        .hasMessageContaining("id must be 1 to 64 characters from [A-Za-z0-9_.:-] (was \"\")");
  }

  @Test
  void defaultId_isAlwaysAValidId() {
    for (int i = 0; i < 200; i++) {
      ApiKey key = ApiKey.builder().secret("secret-" + i).clientType("web").build();
      assertThat(key.id()).isEqualTo(KeyDigest.of("secret-" + i).hex().substring(0, 12));
      assertThat(ApiKey.builder().secret("again-" + i).clientType("web").id(key.id()).build().id()).isEqualTo(key.id());
    }
  }

  @Test
  void isExpiredAt_isInclusiveOfTheExpiryInstant() {
    Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
    ApiKey key = ApiKey.builder().secret("x").clientType("web").expiresAt(expiry).build();
    assertThat(key.isExpiredAt(expiry.minusNanos(1))).isFalse();
    assertThat(key.isExpiredAt(expiry)).isTrue();
    assertThat(key.isExpiredAt(expiry.plusSeconds(1))).isTrue();
  }

  @Test
  void json_plainObjectMapper_bindsSecretOrDigestAndExpiry() throws Exception {
    ApiKey fromSecret = mapper.readValue(
        "{\"secret\":\"demo-web-key-1\",\"clientType\":\"web\",\"active\":true,\"description\":\"demo\"}", ApiKey.class);
    assertThat(fromSecret.digest()).isEqualTo(KeyDigest.of("demo-web-key-1"));
    assertThat(fromSecret.description()).contains("demo");

    ApiKey fromDigest = mapper.readValue("{\"secretSha256\":\"" + KeyDigest.of("test").hex()
        + "\",\"clientType\":\"partner\",\"active\":false,\"expiresAt\":\"2030-01-01T00:00:00Z\"}", ApiKey.class);
    assertThat(fromDigest.digest()).isEqualTo(KeyDigest.of("test"));
    assertThat(fromDigest.active()).isFalse();
    assertThat(fromDigest.expiresAt()).contains(Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Test
  void json_activeAbsent_defaultsToTrue() throws Exception {
    assertThat(mapper.readValue("{\"secret\":\"abc\",\"clientType\":\"web\"}", ApiKey.class).active()).isTrue();
  }

  @Test
  void json_invalidKey_failsWithTheProblemAndNoSecret() {
    assertThatThrownBy(() -> mapper.readValue("{\"secret\":\"has space\",\"clientType\":\"we b\"}", ApiKey.class))
        .isInstanceOf(ValueInstantiationException.class)
        .hasRootCauseInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("secret must not contain whitespace")
        .hasMessageContaining("clientType must match")
        .hasMessageNotContaining("has space");
  }

  @Test
  void json_unknownProperty_isRefused() {
    assertThatThrownBy(() -> mapper.readValue("{\"secret\":\"abc\",\"clientType\":\"web\",\"scret\":\"x\"}", ApiKey.class))
        .hasRootCauseInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("unknown field \"scret\" (did you mean \"secret\"?)");
  }

  @Test
  void json_serialisedKey_holdsTheDigestButNoSecret_andRoundTrips() throws Exception {
    ApiKey key = ApiKey.builder().secret(SECRET).clientType("web").description("d")
        .expiresAt("2031-05-06T07:08:09Z").active(false).build();
    String json = mapper.writeValueAsString(key);
    assertThat(json).doesNotContain(SECRET).doesNotContain("\"secret\"").contains("\"secretSha256\":\"" + key.digest().hex() + "\"");
    assertThat(mapper.readValue(json, ApiKey.class)).isEqualTo(key);
  }

  @Test
  void definition_toString_redactsSecretAndDigest() {
    ApiKeyDefinition definition = new ApiKeyDefinition(SECRET, KeyDigest.of(SECRET).hex(), "web", true, null, null, null);
    assertThat(definition.toString()).doesNotContain(SECRET).doesNotContain(KeyDigest.of(SECRET).hex()).contains("<redacted>");
  }

  @Test
  void withActive_returnsChangedCopy() {
    ApiKey key = ApiKey.builder().secret("x").clientType("web").build();
    ApiKey inactive = key.withActive(false);
    assertThat(inactive.active()).isFalse();
    assertThat(key.active()).isTrue();
    assertThat(inactive.id()).isEqualTo(key.id());
    assertThat(key.withActive(true)).isSameAs(key);
  }
}
