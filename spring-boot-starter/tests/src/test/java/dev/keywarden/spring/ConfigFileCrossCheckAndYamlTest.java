package dev.keywarden.spring;

import static dev.keywarden.spring.ConfigFixtures.endpoint;
import static dev.keywarden.spring.ConfigFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.Problem;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * The {@code keywarden.config-location} file with the properties: one start names every problem,
 * a duplicate between the two included (SPEC: one message naming every problem); and a YAML
 * anchor or alias in the file is refused, never bound as its name.
 */
class ConfigFileCrossCheckAndYamlTest {
  private static final String WHERE = "keywarden.config-location (Byte array resource [rules.yml])";

  @Test
  void duplicateAcrossFileAndProperties_isNamed_whenTheFileHasAnotherProblem() {
    KeywardenProperties properties = withFile("""
        endpoints:
          - method: GET
            path: /api/orders/**
            public: true
          - method: GET
            path: /api/bad
            userGroupPermission: group.admin
        """);
    properties.setEndpoints(List.of(endpoint("GET", "/api/orders/**", null)));

    List<Problem> problems = failure(properties).problems();

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0).toString()).startsWith(
        WHERE + " endpoints[1] (GET /api/bad): userGroupPermission: unknown identifier 'group'");
    assertThat(problems.get(1).toString()).isEqualTo(
        WHERE + " endpoints[0] (GET /api/orders/**) and keywarden.endpoints[0] (GET /api/orders/**) are the same "
            + "rule: a method and path pattern may have only one rule");
  }

  @Test
  void duplicateAcrossFileAndProperties_isNamed_whenThePropertiesHaveAnotherProblem() {
    KeywardenProperties properties = withFile("""
        apiKeys:
          - secret: shared-key-0001
            clientType: web
        """);
    properties.setApiKeys(List.of(key("shared-key-0001", "mobile", null), key("other-key-0001", "bad type", null)));

    InvalidConfigurationException e = failure(properties);

    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0).toString()).startsWith("keywarden.api-keys[1]: clientType must match");
    assertThat(e.problems().get(1).toString())
        .isEqualTo(WHERE + " apiKeys[0] and keywarden.api-keys[0] have the same secret; each key needs its own");
    assertThat(e.getMessage()).doesNotContain("shared-key-0001").doesNotContain("other-key-0001");
  }

  @Test
  void duplicateWithinOnePart_isNamedOnce() {
    KeywardenProperties properties = withFile("""
        endpoints:
          - { method: GET, path: /a, public: true }
          - { method: GET, path: /a, public: true }
        """);

    assertThat(failure(properties).problems()).extracting(Problem::toString).containsExactly(
        WHERE + " endpoints[0] (GET /a) and " + WHERE + " endpoints[1] (GET /a) are the same rule: a method and "
            + "path pattern may have only one rule");
  }

  @Test
  void yamlAlias_isRefusedByPlace_neverBoundAsItsName() {
    KeywardenProperties properties = withFile("""
        apiKeys:
          - secret: &webSecret Zr81-very-long-random-web-secret
            clientType: web
          - secret: *webSecret
            clientType: partner
        """);

    InvalidConfigurationException e = failure(properties);

    assertThat(e.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.location()).isEqualTo(WHERE);
      assertThat(problem.message()).startsWith("a YAML anchor (&) at line 2, column 13, which the Keywarden file "
          + "does not take");
    });
    assertThat(e.getMessage().toLowerCase(Locale.ROOT)).doesNotContain("websecret").doesNotContain("zr81");
  }

  @Test
  void undefinedYamlAlias_isRefused_neverBoundAsItsName() {
    KeywardenProperties properties = withFile("""
        apiKeys:
          - clientType: web
            secret: *Zr81secret
        """);

    InvalidConfigurationException e = failure(properties);

    assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem.message())
        .startsWith("a YAML alias (*) at line 3, column 13,"));
    assertThat(e.getMessage().toLowerCase(Locale.ROOT)).doesNotContain("zr81");
  }

  @Test
  void anchorOnAMapping_isRefused() {
    KeywardenProperties properties = withFile("""
        endpoints:
          - &rule { method: GET, path: /a, public: true }
        """);

    assertThat(failure(properties).problems()).singleElement().satisfies(problem -> assertThat(problem.message())
        .startsWith("a YAML anchor (&) at line 2, column 5,"));
  }

  @Test
  void quotedTextStartingWithAStar_isPlainText() {
    KeywardenProperties properties = withFile("""
        apiKeys:
          - secret: "*Zr81-quoted-secret"
            clientType: web
        endpoints:
          - { method: GET, path: /a, public: true, apiKeyRequired: true }
        """);

    ResolvedConfiguration resolved = ConfigurationResolver.resolve(properties, loader);

    assertThat(resolved.config().apiKeys()).singleElement()
        .satisfies(key -> assertThat(key.secret()).isEqualTo("*Zr81-quoted-secret"));
  }

  /** The loader whose {@code classpath:rules.yml} is the file of the test, set by {@link #withFile}. */
  private ResourceLoader loader = new DefaultResourceLoader();

  private KeywardenProperties withFile(String yaml) {
    loader = ConfigFixtures.holding("rules.yml", yaml);
    KeywardenProperties properties = new KeywardenProperties();
    properties.setConfigLocation("classpath:rules.yml");
    return properties;
  }

  private InvalidConfigurationException failure(KeywardenProperties properties) {
    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
        () -> ConfigurationResolver.resolve(properties, loader));
    assertThat(e).as("the configuration is refused").isNotNull();
    return e;
  }
}
