package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.KeyDigest;
import dev.keywarden.Problem;
import dev.keywarden.extract.RequestView;
import org.junit.jupiter.api.Test;

class KeywardenConfigTest {
  private final ObjectMapper mapper = new ObjectMapper();

  private static final String SPEC_EXAMPLE = """
      {
        "apiKeys": [
          { "secret": "demo-web-key-1", "clientType": "web", "active": true, "description": "demo" },
          { "secret": "demo-old-key-2", "clientType": "web", "active": true, "expiresAt": "2030-01-01T00:00:00Z" },
          { "secretSha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "clientType": "partner", "active": false }
        ],
        "endpoints": [
          { "method": "GET", "path": "/orders/**", "public": true, "apiKeyRequired": true,
            "userGroupPermission": "clientType == 'web' || groups.admin" }
        ]
      }
      """;

  @Test
  void rules_listsCodeRulesThenConfigurationEndpoints_withoutTheDefaultRule() throws Exception {
    KeywardenConfig config = mapper.readValue(SPEC_EXAMPLE, KeywardenConfig.class);
    AccessGuard guard = AccessGuard.builder().config(config)
        .rule(EndpointRule.builder("POST", "/in-code").build())
        .defaultRule(EndpointRule.builder("ALL", "/").isPublic(true).build())
        .build();
    assertThat(guard.rules()).extracting(rule -> rule.method() + " " + rule.path())
        .containsExactly("POST /in-code", "GET /orders/**");
    assertThatThrownBy(() -> guard.rules().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void specExample_bindsWithAPlainObjectMapper_andBuildsAGuard() throws Exception {
    KeywardenConfig config = mapper.readValue(SPEC_EXAMPLE, KeywardenConfig.class);
    assertThat(config.check().problems()).isEmpty();
    assertThat(config.keys()).hasSize(3);
    assertThat(config.keys().get(2).digest()).isEqualTo(KeyDigest.of("test"));
    EndpointRule rule = config.rules().get(0);
    assertThat(rule.isPublic()).isTrue();
    assertThat(rule.apiKeyRequired()).isTrue();
    assertThat(rule.userGroupPermission().toString()).isEqualTo("clientType == \"web\" || groups.admin");

    AccessGuard guard = AccessGuard.builder().config(config).build();
    assertThat(guard.decide(RequestView.builder("GET", "/orders/1").header("client-key", "demo-web-key-1").build()))
        .isInstanceOf(AccessDecision.Allow.class);
    assertThat(guard.decide(RequestView.builder("GET", "/orders/1").header("client-key", "test").build()))
        .isEqualTo(new AccessDecision.Deny(DenyCode.INVALID_API_KEY, 401));
    assertThat(guard.decide(RequestView.builder("GET", "/orders/1").build()))
        .isEqualTo(new AccessDecision.Deny(DenyCode.MISSING_API_KEY, 401));
  }

  @Test
  void defaults_forAbsentEndpointFields() throws Exception {
    EndpointRule rule = mapper.readValue("{\"path\": \"/x\"}", EndpointRule.class);
    assertThat(rule.method()).isEqualTo(HttpMethod.ALL);
    assertThat(rule.isPublic()).isFalse();
    assertThat(rule.apiKeyRequired()).isFalse();
    assertThat(rule.userGroupPermission()).isEqualTo(dev.keywarden.expression.GroupExpression.parse("true"));
    assertThat(rule.backofficeUserGroupPermission()).isEmpty();
  }

  @Test
  void rule_roundTripsThroughJson() throws Exception {
    EndpointRule rule = EndpointRule.builder("POST", "/orders/{id}").isPublic(true)
        .userGroupPermission("groups.a").backofficeUserGroupPermission("groups.b").build();
    String json = mapper.writeValueAsString(rule);
    assertThat(json).contains("\"public\":true");
    assertThat(mapper.readValue(json, EndpointRule.class)).isEqualTo(rule);
  }

  @Test
  void configuredKeyIds_thatAreDotSegments_areConfigurationErrors() throws Exception {
    KeywardenConfig config = mapper.readValue("""
        { "apiKeys": [
            { "secret": "s-1", "clientType": "web", "id": ".." },
            { "secret": "s-2", "clientType": "web", "id": "." },
            { "secret": "s-3", "clientType": "web", "id": "-x" },
            { "secret": "s-4", "clientType": "web", "id": "ok.1" } ] }
        """, KeywardenConfig.class);
    assertThatThrownBy(() -> AccessGuard.builder().config(config).build())
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
            .map(Problem::toString).containsExactly(
            "apiKeys[0] (id \"..\"): id must start with a letter, a digit or _ (was \"..\"): an id is a URL path segment,"
                + " and one starting with . (like . or ..) cannot be addressed",
            "apiKeys[1] (id \".\"): id must start with a letter, a digit or _ (was \".\"): an id is a URL path segment,"
                + " and one starting with . (like . or ..) cannot be addressed",
            "apiKeys[2] (id \"-x\"): id must start with a letter, a digit or _ (was \"-x\"): an id is a URL path segment,"
                + " and one starting with . (like . or ..) cannot be addressed"));
  }

  @Test
  void invalidConfiguration_namesEveryProblemAndWhereItIs() throws Exception {
    KeywardenConfig config = mapper.readValue("""
        {
          "apiKeys": [
            { "secret": "same-secret", "clientType": "web" },
            { "secret": "has space", "clientType": "bad type" },
            { "secret": "same-secret", "clientType": "mobile" },
            null
          ],
          "endpoints": [
            { "method": "GET", "path": "/orders/**", "userGroupPermission": "group.admin" },
            { "method": "FETCH", "path": "orders" },
            { "method": "GET", "path": "/orders/**/" },
            { "method": "GET", "path": "/x", "backofficeUserGroupPermission": "['a','b'] in groups" },
            { "method": "GET", "path": "/x" }
          ]
        }
        """, KeywardenConfig.class);
    assertThatThrownBy(() -> AccessGuard.builder().config(config).build())
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
          assertThat(e.problems()).hasSize(10);
          assertThat(e.problems().get(0)).hasToString("apiKeys[1]: secret must not contain whitespace (found some at index 3)");
          assertThat(e.problems().get(1)).hasToString(
              "apiKeys[1]: clientType must match ^[A-Za-z_][A-Za-z0-9_]*$ (was \"bad type\")");
          assertThat(e.problems().get(2)).hasToString("apiKeys[0] and apiKeys[2] have the same secret; each key needs its own");
          assertThat(e.problems().get(3)).hasToString("apiKeys[3]: must be an object, not null");
          assertThat(e.problems().get(4).toString()).startsWith(
              "endpoints[0] (GET /orders/**): userGroupPermission: unknown identifier 'group'").contains("^");
          assertThat(e.problems().get(5).toString()).startsWith("endpoints[1] (FETCH orders): method must be GET, POST");
          assertThat(e.problems().get(6)).hasToString("endpoints[1] (FETCH orders): path must start with '/' (was \"orders\")");
          assertThat(e.problems().get(7).toString()).startsWith("endpoints[3] (GET /x): backofficeUserGroupPermission: "
              + "the array form [...] in groups is not supported; write \"a\" in groups || \"b\" in groups");
          assertThat(e.problems().get(8)).hasToString("endpoints[0] (GET /orders/**) and endpoints[2] (GET /orders/**/)"
              + " are the same rule: a method and path pattern may have only one rule");
          assertThat(e.problems().get(9)).hasToString("endpoints[3] (GET /x) and endpoints[4] (GET /x)"
              + " are the same rule: a method and path pattern may have only one rule");
          assertThat(e.getMessage()).startsWith("invalid configuration, 10 problems:").doesNotContain("same-secret")
              .doesNotContain("has space");
        });
  }

  @Test
  void duplicateRules_acrossCodeAndConfig_nameEachRuleByItsRealOrigin() throws Exception {
    KeywardenConfig config = mapper.readValue("""
        { "endpoints": [ { "method": "GET", "path": "/a" }, { "method": "POST", "path": "/b/{id}" } ] }
        """, KeywardenConfig.class);
    assertThatThrownBy(() -> AccessGuard.builder()
        .rule(EndpointRule.builder("GET", "/a").build())
        .rule(EndpointRule.builder("GET", "/c").build())
        .rule(EndpointRule.builder("POST", "/b/*").build())
        .rule(EndpointRule.builder("GET", "/c/").build())
        .config(config).build())
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
            .map(Problem::toString).containsExactly(
            "rule added in code #2 (GET /c) and rule added in code #4 (GET /c/) are the same rule: "
                + "a method and path pattern may have only one rule",
            "rule added in code #1 (GET /a) and endpoints[0] (GET /a) are the same rule: "
                + "a method and path pattern may have only one rule",
            "rule added in code #3 (POST /b/*) and endpoints[1] (POST /b/{id}) are the same rule: "
                + "a method and path pattern may have only one rule"));
  }

  @Test
  void duplicateRules_withinTheConfiguration_nameTheirEntries() throws Exception {
    KeywardenConfig config = mapper.readValue("""
        { "endpoints": [ { "method": "GET", "path": "/a" }, { "path": "/x" }, { "method": "GET", "path": "/a/" } ] }
        """, KeywardenConfig.class);
    assertThatThrownBy(() -> AccessGuard.builder().rule(EndpointRule.builder("GET", "/z").build()).config(config).build())
        .hasMessage("invalid configuration: endpoints[0] (GET /a) and endpoints[2] (GET /a/) are the same rule: "
            + "a method and path pattern may have only one rule");
  }

  @Test
  void keysInConfigAndAStore_isAConfigurationError() throws Exception {
    KeywardenConfig config = mapper.readValue(SPEC_EXAMPLE, KeywardenConfig.class);
    assertThatThrownBy(() -> AccessGuard.builder().config(config)
        .keyStore(dev.keywarden.store.InMemoryApiKeyStore.empty()).build())
        .hasMessage("invalid configuration: apiKeys are given in the configuration and a key store is set too; "
            + "put the keys in the store");
  }

  @Test
  void toString_neverShowsSecrets() throws Exception {
    KeywardenConfig config = mapper.readValue(SPEC_EXAMPLE, KeywardenConfig.class);
    assertThat(config.toString()).doesNotContain("demo-web-key-1").doesNotContain("9f86d0");
  }
}
