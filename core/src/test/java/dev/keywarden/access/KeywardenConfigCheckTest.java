package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyDefinition;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.Problem;
import dev.keywarden.Validated;
import dev.keywarden.expression.Subject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: {@code check()} validates and builds in one pass, with structured problems. The
 * single pass is not observable from outside (hashing and parsing leave no trace), so these tests
 * pin what it must give: every problem, located, in order, and the same values the one-liners
 * ({@code keys()}, {@code rules()}, {@code toApiKey()}, {@code toRule()}) return.
 */
class KeywardenConfigCheckTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void check_duplicateSecretOrId_isFound_whenOneOfThePairHasAnotherProblem() throws Exception {
    KeywardenConfig unknownField = mapper.readValue("""
        { "apiKeys": [ { "secret": "dup-secret-1", "clientType": "web", "Secret": "y" },
                       { "secret": "dup-secret-1", "clientType": "web" } ] }
        """, KeywardenConfig.class);
    assertThat(unknownField.check().problems()).extracting(Problem::toString).containsExactly(
        "apiKeys[0]: unknown field \"Secret\" (did you mean \"secret\"?)",
        "apiKeys[0] and apiKeys[1] have the same secret; each key needs its own");

    KeywardenConfig badClientType = new KeywardenConfig(List.of(
        new ApiKeyDefinition("dup-secret-2", null, "bad type", null, null, null, null),
        new ApiKeyDefinition(null, ApiKey.builder().secret("dup-secret-2").clientType("web").build().digest().hex(),
            "web", null, null, null, null)), List.of());
    assertThat(badClientType.check().problems()).extracting(Problem::message)
        .contains("apiKeys[0] and apiKeys[1] have the same secret; each key needs its own");

    KeywardenConfig sameId = new KeywardenConfig(List.of(
        new ApiKeyDefinition("id-secret-1", null, "web", null, null, "not a date", "k1"),
        new ApiKeyDefinition("id-secret-2", null, "web", null, null, null, "k1")), List.of());
    assertThat(sameId.check().problems()).extracting(Problem::message)
        .contains("apiKeys[0] and apiKeys[1] have the same id k1");
  }

  @Test
  void check_malformedSecretOrId_isNotComparedForDuplicates() {
    KeywardenConfig config = new KeywardenConfig(List.of(
        new ApiKeyDefinition("has space", null, "web", null, null, null, "bad id!"),
        new ApiKeyDefinition("has space", null, "web", null, null, null, "bad id!")), List.of());
    assertThat(config.check().problems()).extracting(Problem::message)
        .noneMatch(message -> message.contains("have the same"));
  }

  @Test
  void check_manyFaults_everyProblemLocatedInOrder() throws Exception {
    KeywardenConfig config = mapper.readValue("""
        {
          "apiKeys": [
            { "secret": "same-secret", "clientType": "web", "id": "a" },
            { "secret": "has space", "clientType": "bad type", "id": "b", "secert": "x" },
            { "secret": "same-secret", "clientType": "mobile" },
            null,
            { "secret": "other-secret", "clientType": "web", "id": "a" },
            { "secret": "s", "secretSha256": "00", "clientType": "web" }
          ],
          "endpoints": [
            { "method": "GET", "path": "/orders/**", "userGroupPermission": "group.admin" },
            { "method": "FETCH", "path": "orders" },
            null,
            { "method": "GET", "path": "/orders/**/", "backofficeUserGroupPermission": "groups." },
            { "method": "GET", "path": "/x", "public": true, "pubic": true }
          ],
          "apikeys": []
        }
        """, KeywardenConfig.class);
    Validated<KeywardenConfig.Contents> checked = config.check();

    assertThat(checked.isValid()).isFalse();
    assertThat(checked.problems()).extracting(Problem::location).containsExactly(
        "top level",
        "apiKeys[1] (id \"b\")", "apiKeys[1] (id \"b\")", "apiKeys[1] (id \"b\")",
        "",
        "apiKeys[3]",
        "",
        "apiKeys[5]",
        "endpoints[0] (GET /orders/**)",
        "endpoints[1] (FETCH orders)", "endpoints[1] (FETCH orders)",
        "endpoints[2]",
        "endpoints[3] (GET /orders/**/)",
        "endpoints[4] (GET /x)",
        "");
    List<Problem> problems = checked.problems();
    assertThat(problems.get(0).message()).isEqualTo("unknown field \"apikeys\" (did you mean \"apiKeys\"?)");
    assertThat(problems.get(1).message()).isEqualTo("unknown field \"secert\" (did you mean \"secret\"?)");
    assertThat(problems.get(2).message()).isEqualTo("secret must not contain whitespace (found some at index 3)");
    assertThat(problems.get(3).message()).startsWith("clientType must match");
    assertThat(problems.get(4).message()).isEqualTo("apiKeys[0] and apiKeys[2] have the same secret; each key needs its own");
    assertThat(problems.get(5).message()).isEqualTo("must be an object, not null");
    assertThat(problems.get(6).message()).isEqualTo("apiKeys[0] and apiKeys[4] have the same id a");
    assertThat(problems.get(7).message()).isEqualTo("exactly one of secret and secretSha256 must be given, not both");
    assertThat(problems.get(8).message()).startsWith("userGroupPermission: unknown identifier 'group'");
    assertThat(problems.get(9).message()).startsWith("method must be GET, POST");
    assertThat(problems.get(10).message()).isEqualTo("path must start with '/' (was \"orders\")");
    assertThat(problems.get(11).message()).isEqualTo("must be an object, not null");
    assertThat(problems.get(12).message()).startsWith("backofficeUserGroupPermission: ");
    assertThat(problems.get(13).message()).startsWith("unknown field \"pubic\" (did you mean \"public\"?)");
    // The rule with a bad expression still takes part in duplicate detection.
    assertThat(problems.get(14).message()).isEqualTo("endpoints[0] (GET /orders/**) and endpoints[3] (GET /orders/**/)"
        + " are the same rule: a method and path pattern may have only one rule");
    assertThatThrownBy(checked::value).isInstanceOfSatisfying(InvalidConfigurationException.class,
        e -> assertThat(e.problems()).isEqualTo(problems));
    // The same problems, in the same order, whichever entry point is used.
    for (Runnable entry : List.<Runnable>of(config::validate, config::keys, config::rules,
        () -> AccessGuard.builder().config(config).build())) {
      assertThatThrownBy(entry::run).isInstanceOfSatisfying(InvalidConfigurationException.class,
          e -> assertThat(e.problems()).isEqualTo(problems));
    }
  }

  @Test
  void check_valid_buildsTheKeysAndRulesInOrder() throws Exception {
    KeywardenConfig config = mapper.readValue("""
        { "apiKeys": [ { "secret": "web-secret-1", "clientType": "web", "id": "w" },
                       { "secretSha256": "%s", "clientType": "partner", "active": false } ],
          "endpoints": [ { "method": "GET", "path": "/a/{id}", "userGroupPermission": "groups.x" },
                         { "path": "/b/**", "public": true, "backofficeUserGroupPermission": "groups.support" } ] }
        """.formatted("0".repeat(64)), KeywardenConfig.class);
    Validated<KeywardenConfig.Contents> checked = config.check();
    assertThat(checked.isValid()).isTrue();
    assertThat(checked.problems()).isEmpty();
    List<ApiKey> keys = checked.value().keys();
    assertThat(keys).extracting(ApiKey::id).containsExactly("w", "000000000000");
    assertThat(keys).extracting(ApiKey::clientType).containsExactly("web", "partner");
    assertThat(keys.get(1).active()).isFalse();
    assertThat(keys).isEqualTo(config.keys());
    List<EndpointRule> rules = checked.value().rules();
    assertThat(rules).extracting(EndpointRule::path).containsExactly("/a/{id}", "/b/**");
    assertThat(rules.get(0).userGroupPermission().test(Subject.of(Set.of("x"), Set.of(), null,
        false))).isTrue();
    assertThat(rules.get(1).backofficeUserGroupPermission()).isPresent();
    assertThat(config.rules()).extracting(EndpointRule::path).containsExactly("/a/{id}", "/b/**");
  }

  @Test
  void aGeneratedKeyPastedIntoARule_isMaskedInEveryProblem() {
    String key = dev.keywarden.ApiKeyGenerator.defaultGenerator().generate();
    KeywardenConfig config = new KeywardenConfig(
        List.of(new ApiKeyDefinition("a-secret-0001", null, "web", null, null, key, null)),
        List.of(new EndpointDefinition(key, "/a", true, null, null, null),
            new EndpointDefinition("GET", key, true, null, null, null),
            new EndpointDefinition("GET", "/b", true, null, "groups.a || " + key, null)));
    List<Problem> problems = config.check().problems();
    assertThat(problems).hasSize(4);
    assertThat(problems).allSatisfy(problem -> assertThat(problem.toString()).doesNotContain(key)
        .doesNotContain(key.substring(3, 20)));
  }

  @Test
  void aRuleWithoutAPath_isNamedSo_neverAsNull() {
    KeywardenConfig config = new KeywardenConfig(List.of(),
        List.of(new EndpointDefinition("GET", null, true, null, null, null)));
    assertThat(config.endpoints().get(0).label()).isEqualTo("GET, no path");
    assertThat(config.check().problems()).extracting(Problem::location).containsExactly("endpoints[0] (GET, no path)");
  }

  @Test
  void definitions_checkAlone_problemsHaveNoEntryLocation_expressionsTheirField() {
    Validated<ApiKey> key = new ApiKeyDefinition(null, null, "bad type", null, null, null, null).check();
    assertThat(key.problems()).containsExactly(
        Problem.of("a secret (or its secretSha256) is required"),
        Problem.of("clientType must match ^[A-Za-z_][A-Za-z0-9_]*$ (was \"bad type\")"));
    Validated<EndpointRule> rule = new EndpointDefinition("GET", "/a", null, null, "group.x", "groups.").check();
    assertThat(rule.problems()).extracting(Problem::location)
        .containsExactly("userGroupPermission", "backofficeUserGroupPermission");
    assertThatThrownBy(rule::value).isInstanceOf(InvalidConfigurationException.class);

    assertThat(new ApiKeyDefinition("a-secret-1", null, "web", null, null, null, "k").check().value().id())
        .isEqualTo("k");
    assertThat(new EndpointDefinition("GET", "/a", true, null, null, null).check().value().path()).isEqualTo("/a");
  }

  @Test
  void empty_isValid() {
    assertThat(KeywardenConfig.empty().check().value().keys()).isEmpty();
    assertThat(KeywardenConfig.empty().check().value().rules()).isEmpty();
  }
}
