package dev.keywarden.spring;

import static dev.keywarden.spring.ConfigFixtures.endpoint;
import static dev.keywarden.spring.ConfigFixtures.holding;
import static dev.keywarden.spring.ConfigFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * Every problem of the starter's configuration is a {@link Problem} located at the property, or
 * the place in the {@code keywarden.config-location} file, where the user wrote it.
 */
class ConfigurationResolverTest {

  @Test
  void resolve_everyProblem_isLocatedAtItsProperty_neverEchoingASecret() {
    KeywardenProperties properties = new KeywardenProperties();
    properties.setApiKeys(new ArrayList<>(Arrays.asList(
        key("kw_SECRET has space", "bad type", "web"),
        key("kw_SECRET_DUP", "web", null),
        key("kw_SECRET_DUP", "web", null),
        null,
        key("${kw_SECRET_PLACEHOLDER}", "web", null))));
    properties.setEndpoints(List.of(endpoint("GET", "/a", "groups.a &&"), endpoint("GET", "/a", null)));
    properties.setKeySources(List.of("header:client-key", "bogus:kw_SECRET_IN_SOURCE", "cookie:a b"));

    InvalidConfigurationException e = failure(properties);

    assertThat(e.problems()).extracting(Problem::location).containsExactly(
        "keywarden.api-keys[0] (id \"web\")", "keywarden.api-keys[0] (id \"web\")",
        "",
        "keywarden.api-keys[3]",
        "keywarden.endpoints[0] (GET /a)",
        "",
        "keywarden.api-keys[4].secret",
        "keywarden.key-sources[1]", "keywarden.key-sources[2]");
    assertThat(e.problems().get(2).message())
        .isEqualTo("keywarden.api-keys[1] and keywarden.api-keys[2] have the same secret; each key needs its own");
    assertThat(e.problems().get(5).message()).startsWith(
        "keywarden.endpoints[0] (GET /a) and keywarden.endpoints[1] (GET /a) are the same rule");
    assertThat(e.getMessage()).contains("keywarden.api-keys[0] (id \"web\"): clientType must match")
        .contains("keywarden.key-sources[2]: key source name must be");
    assertThat(e.getMessage().toLowerCase(java.util.Locale.ROOT)).doesNotContain("kw_secret");
    assertThat(e.problems()).allSatisfy(problem ->
        assertThat(problem.toString().toLowerCase(java.util.Locale.ROOT)).doesNotContain("kw_secret"));
  }

  @Test
  void resolve_otherSettings_areLocatedAtTheirProperty() {
    KeywardenProperties properties = new KeywardenProperties();
    properties.setStatuses(java.util.Map.of("forbidden", 200));
    properties.setRealm("a\"b");
    KeywardenProperties.Rule rule = new KeywardenProperties.Rule();
    rule.setUserGroupPermission("group.a");
    properties.setDefaultRule(rule);

    assertThat(failure(properties).problems()).extracting(Problem::location)
        .containsExactlyInAnyOrder("keywarden.default-rule", "keywarden.statuses.forbidden", "keywarden.realm");
  }

  @Test
  void resolve_fileAndProperties_nameEachEntryWhereItWasWritten() {
    String file = """
        { "apiKeys": [ { "secret": "file-key-0001", "clientType": "web" },
                       { "secret": "shared-key-0001", "clientType": "web" } ],
          "endpoints": [ { "method": "GET", "path": "/x", "public": true },
                         { "method": "GET", "path": "/orders/**", "public": true } ] }
        """;
    KeywardenProperties properties = new KeywardenProperties();
    properties.setConfigLocation("classpath:rules");
    properties.setApiKeys(List.of(key("shared-key-0001", "mobile", null)));
    properties.setEndpoints(List.of(endpoint("GET", "/orders/**/", "true")));

    InvalidConfigurationException e = failure(properties, holding("rules", file));

    String where = "keywarden.config-location (Byte array resource [rules])";
    assertThat(e.problems()).extracting(Problem::toString).containsExactly(
        where + " apiKeys[1] and keywarden.api-keys[0] have the same secret; each key needs its own",
        where + " endpoints[1] (GET /orders/**) and keywarden.endpoints[0] (GET /orders/**/) are the same rule: "
            + "a method and path pattern may have only one rule");
    assertThat(e.getMessage()).doesNotContain("shared-key-0001").doesNotContain("file entries first");
  }

  @Test
  void resolve_problemsInTheFile_areLocatedInTheFile() {
    String file = """
        { "apiKeys": [ { "secret": "file-key-0001", "clientType": "bad type" } ],
          "endpoints": [ { "method": "GET", "path": "/x", "userGroupPermission": "group.a" } ] }
        """;
    KeywardenProperties properties = new KeywardenProperties();
    properties.setConfigLocation("classpath:rules");

    String where = "keywarden.config-location (Byte array resource [rules])";
    assertThat(failure(properties, holding("rules", file)).problems()).extracting(Problem::location)
        .containsExactly(where + " apiKeys[0]", where + " endpoints[0] (GET /x)");
  }

  @Test
  void resolve_unreadableFile_isLocatedAtTheFileProperty() {
    KeywardenProperties properties = new KeywardenProperties();
    properties.setConfigLocation("classpath:rules");

    List<Problem> problems = failure(properties, holding("rules", "{\"apiKeys\": [")).problems();
    assertThat(problems).singleElement().satisfies(problem -> {
      assertThat(problem.location()).isEqualTo("keywarden.config-location (Byte array resource [rules])");
      assertThat(problem.message()).contains("malformed JSON (line 1");
    });
  }

  private static InvalidConfigurationException failure(KeywardenProperties properties) {
    return failure(properties, new DefaultResourceLoader());
  }

  private static InvalidConfigurationException failure(KeywardenProperties properties, ResourceLoader loader) {
    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
        () -> ConfigurationResolver.resolve(properties, loader));
    assertThat(e).as("the configuration is refused").isNotNull();
    return e;
  }
}
