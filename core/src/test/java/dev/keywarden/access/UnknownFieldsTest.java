package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyDefinition;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.Problem;
import dev.keywarden.extract.RequestView;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 2: a misspelt field is a configuration error whatever the host's ObjectMapper
 * settings, so a lenient mapper (Spring Boot's default) cannot turn a typo into an open route.
 */
class UnknownFieldsTest {
  private static final String TYPO_CONFIG = """
      {
        "endpoints": [
          { "method": "GET", "path": "/partner/**", "public": true, "userGroupPermision": "groups.partner" }
        ]
      }
      """;
  private static final String TYPO_PROBLEM =
      "endpoints[0] (GET /partner/**): unknown field \"userGroupPermision\" (did you mean \"userGroupPermission\"?)";

  static Stream<Arguments> mappers() {
    return Stream.of(
        Arguments.of("strict (a plain ObjectMapper)", new ObjectMapper()),
        Arguments.of("lenient (FAIL_ON_UNKNOWN_PROPERTIES off, as Spring Boot configures it)",
            JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mappers")
  void misspeltExpressionField_isAConfigurationError_withEveryMapper(String name, ObjectMapper mapper) throws Exception {
    KeywardenConfig config = mapper.readValue(TYPO_CONFIG, KeywardenConfig.class);
    assertThat(config.endpoints().get(0).unknownFields()).containsExactly("userGroupPermision");
    assertThat(config.check().problems()).map(Problem::toString).containsExactly(TYPO_PROBLEM);
    assertThatThrownBy(() -> AccessGuard.builder().config(config).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("invalid configuration: " + TYPO_PROBLEM);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mappers")
  void misspeltExpressionField_neverYieldsARule(String name, ObjectMapper mapper) throws Exception {
    KeywardenConfig config = mapper.readValue(TYPO_CONFIG, KeywardenConfig.class);
    // No path of the model builds the open rule the typo would have made.
    assertThatThrownBy(config::rules).isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> config.endpoints().get(0).toRule()).hasMessage("invalid configuration: "
        + "unknown field \"userGroupPermision\" (did you mean \"userGroupPermission\"?)");
    assertThatThrownBy(() -> mapper.readValue(
        "{ \"method\": \"GET\", \"path\": \"/partner/**\", \"public\": true, \"userGroupPermision\": \"groups.partner\" }",
        EndpointRule.class))
        .hasRootCauseInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("unknown field \"userGroupPermision\"");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mappers")
  void correctlySpeltField_stillGuardsTheRoute(String name, ObjectMapper mapper) throws Exception {
    // The control: with the field spelt right, an anonymous caller is refused.
    KeywardenConfig config = mapper.readValue(TYPO_CONFIG.replace("Permision", "Permission"), KeywardenConfig.class);
    AccessGuard guard = AccessGuard.builder().config(config).build();
    assertThat(guard.decide(RequestView.builder("GET", "/partner/x").build()))
        .isEqualTo(new AccessDecision.Deny(DenyCode.UNAUTHORIZED, 401));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mappers")
  void unknownFields_everywhere_areAllReportedWithTheirPlace(String name, ObjectMapper mapper) throws Exception {
    KeywardenConfig config = mapper.readValue("""
        {
          "apikeys": [],
          "apiKeys": [
            { "secert": "Canary-secret-0042", "clientType": "web", "id": "web1" },
            { "secret": "ok-secret-1", "clientType": "web", "expires": "2030-01-01T00:00:00Z" }
          ],
          "endpoints": [
            { "method": "GET", "path": "/a", "user-group-permission": "groups.a", "isPublic": true },
            { "method": "GET", "path": "/b", "apiKeyRequired": true, "colour": "blue" }
          ]
        }
        """, KeywardenConfig.class);
    assertThat(config.check().problems()).map(Problem::toString).containsExactly(
        "top level: unknown field \"apikeys\" (did you mean \"apiKeys\"?)",
        "apiKeys[0] (id \"web1\"): unknown field \"secert\" (did you mean \"secret\"?)",
        "apiKeys[0] (id \"web1\"): a secret (or its secretSha256) is required",
        "apiKeys[1]: unknown field \"expires\" (did you mean \"expiresAt\"?)",
        "endpoints[0] (GET /a): unknown field \"isPublic\" (did you mean \"public\"?)",
        "endpoints[0] (GET /a): unknown field \"user-group-permission\" (did you mean \"userGroupPermission\"?)",
        "endpoints[1] (GET /b): unknown field \"colour\"; known fields: method, path, public, apiKeyRequired, "
            + "userGroupPermission, backofficeUserGroupPermission");
    // The value of a misspelt secret field is a secret: it is not kept, so it cannot leak.
    assertThatThrownBy(config::validate).hasMessageNotContaining("Canary-secret-0042");
    assertThat(config.apiKeys().get(0).toString()).doesNotContain("Canary-secret-0042").contains("unknownFields=[secert]");
    assertThat(config.toString()).doesNotContain("Canary-secret-0042");
    assertThat(mapper.writeValueAsString(config)).doesNotContain("Canary-secret-0042").doesNotContain("unknownFields");
  }

  @Test
  void apiKey_boundDirectly_refusesUnknownFields_withALenientMapper() {
    ObjectMapper lenient = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    assertThatThrownBy(() -> lenient.readValue(
        "{\"secret\": \"abc-secret\", \"clientType\": \"web\", \"actve\": false}", ApiKey.class))
        .hasRootCauseInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("unknown field \"actve\" (did you mean \"active\"?)");
  }

  @Test
  void aFieldNamedUnknownFields_isItselfUnknown() throws Exception {
    EndpointDefinition definition = new ObjectMapper().readValue(
        "{\"path\": \"/a\", \"unknownFields\": []}", EndpointDefinition.class);
    assertThat(definition.check().problems()).hasSize(1)
        .allSatisfy(p -> assertThat(p.toString()).startsWith("unknown field \"unknownFields\""));
  }

  @Test
  void serialisedDefinitions_holdOnlyTheirOwnFields_andRoundTrip() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    KeywardenConfig config = mapper.readValue(TYPO_CONFIG.replace("Permision", "Permission"), KeywardenConfig.class);
    String json = mapper.writeValueAsString(config);
    assertThat(json).isEqualTo("{\"apiKeys\":[],\"endpoints\":[{\"method\":\"GET\",\"path\":\"/partner/**\","
        + "\"public\":true,\"userGroupPermission\":\"groups.partner\"}]}");
    assertThat(mapper.readValue(json, KeywardenConfig.class)).isEqualTo(config);
    assertThat(mapper.writeValueAsString(new ApiKeyDefinition(null, "ab".repeat(32), "web", null, null, null, null)))
        .isEqualTo("{\"secretSha256\":\"" + "ab".repeat(32) + "\",\"clientType\":\"web\"}");
  }

  @Test
  void omittedUserGroupPermission_staysVisible_andMeansTrue() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    EndpointDefinition omitted = mapper.readValue("{\"path\": \"/open\", \"public\": true}", EndpointDefinition.class);
    EndpointDefinition written = mapper.readValue(
        "{\"path\": \"/open\", \"public\": true, \"userGroupPermission\": \"true\"}", EndpointDefinition.class);
    // Tools (check-config) can tell the two apart and point the first out...
    assertThat(omitted.userGroupPermission()).isNull();
    assertThat(omitted.hasDefaultUserGroupPermission()).isTrue();
    assertThat(written.userGroupPermission()).isEqualTo("true");
    assertThat(written.hasDefaultUserGroupPermission()).isFalse();
    // ...and both mean true, as SPEC §5 says: an anonymous caller passes a public rule.
    for (EndpointDefinition definition : new EndpointDefinition[] {omitted, written}) {
      AccessGuard guard = AccessGuard.builder().rule(definition.toRule()).build();
      assertThat(guard.decide(RequestView.builder("GET", "/open").build())).isInstanceOf(AccessDecision.Allow.class);
    }
  }
}
