package dev.keywarden.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A bad configuration refuses the start, with a message naming the bad property; every problem
 * is reported in one message. A typo must never be ignored: it could open a route.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

  /** Auto-configuration only; no web server needed to refuse a start. */
  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Minimal {}

  @Test
  void misspeltNestedProperty_failsTheStart() {
    assertThat(failure("keywarden.endpoints[0].path=/x", "keywarden.endpoints[0].user-group-permision=groups.admin"))
        .contains("keywarden.endpoints[0].user-group-permision");
  }

  @Test
  void misspeltSecretProperty_isReportedByName_neverByValue(CapturedOutput output) {
    assertThat(failure("keywarden.api-keys[0].secrett=top-secret-0001", "keywarden.api-keys[0].client-type=web"))
        .contains("keywarden.api-keys[0].secrett").doesNotContain("top-secret-0001");
    assertThat(output.getAll()).contains("Unknown Keywarden properties").contains("keywarden.api-keys[0].secrett")
        .doesNotContain("top-secret-0001");
  }

  @Test
  void listElementInAnotherPropertySource_isNamedAsValidButUnbound(CapturedOutput output) {
    // The endpoints come from application-table.yml; one element's field from the command line.
    assertThat(failure(new String[] {"--keywarden.endpoints[1].user-group-permission=clientType == 'partner'"},
        "spring.profiles.active=table"))
        .contains("keywarden.endpoints[1].user-group-permission");
    assertThat(output.getAll())
        .contains("keywarden.endpoints[1].user-group-permission (from ")
        .contains(" is a valid name but was not bound: Spring Boot takes a list (keywarden.endpoints) from one "
            + "property source only")
        .contains("give the whole list in one source")
        .doesNotContain("Unknown Keywarden properties")
        .doesNotContain("partner'");
  }

  @Test
  void misspeltListElementInAnotherPropertySource_isStillUnknown(CapturedOutput output) {
    assertThat(failure(new String[] {"--keywarden.endpoints[1].user-group-permision=groups.admin"},
        "spring.profiles.active=table"))
        .contains("keywarden.endpoints[1].user-group-permision");
    assertThat(output.getAll())
        .contains("Unknown Keywarden properties (misspelt, or not Keywarden's)")
        .contains("keywarden.endpoints[1].user-group-permision")
        .doesNotContain("is a valid name");
  }

  @Test
  void secretFromAnUnsetVariable_failsTheStart_insteadOfBecomingALiteralSecret() {
    assertThat(failure("keywarden.api-keys[0].secret=${KEYWARDEN_TEST_VARIABLE_NEVER_SET}",
        "keywarden.api-keys[0].client-type=web"))
        .contains("keywarden.api-keys[0].secret: looks like an unresolved placeholder");
    assertThat(failure("keywarden.api-keys[0].secret=${KEYWARDEN_TEST_VARIABLE_NEVER_SET:}",
        "keywarden.api-keys[0].client-type=web"))
        .contains("keywarden.api-keys[0]").contains("secret must not be empty");
  }

  @Test
  void misspeltTopLevelProperty_failsTheStart() {
    assertThat(failure("keywarden.realmm=orders")).contains("keywarden.realmm");
  }

  @Test
  void misspeltDefaultRuleProperty_failsTheStart() {
    assertThat(failure("keywarden.default-rule.pubilc=true")).contains("keywarden.default-rule.pubilc");
  }

  @Test
  void badExpressionAndBadClientType_areBothNamedInOneMessage() {
    String message = failure(
        "keywarden.endpoints[0].method=GET", "keywarden.endpoints[0].path=/orders/**",
        "keywarden.endpoints[0].user-group-permission=group.admin",
        "keywarden.api-keys[0].secret=some-key-0001", "keywarden.api-keys[0].client-type=bad type");
    assertThat(message).contains("2 problems")
        .contains("keywarden.endpoints[0] (GET /orders/**): userGroupPermission: unknown identifier 'group'")
        .contains("group.admin")
        .contains("keywarden.api-keys[0]: clientType must match")
        .doesNotContain("some-key-0001");
  }

  @Test
  void duplicateKeysAndRules_nameBothEntriesByTheirProperties() {
    String message = failure(
        "keywarden.api-keys[0].secret=same-key-0001", "keywarden.api-keys[0].client-type=web",
        "keywarden.api-keys[1].secret=same-key-0001", "keywarden.api-keys[1].client-type=web",
        "keywarden.endpoints[0].method=GET", "keywarden.endpoints[0].path=/x",
        "keywarden.endpoints[1].method=GET", "keywarden.endpoints[1].path=/x/");
    assertThat(message)
        .contains("keywarden.api-keys[0] and keywarden.api-keys[1] have the same secret")
        .contains("keywarden.endpoints[0] (GET /x) and keywarden.endpoints[1] (GET /x/) are the same rule")
        .doesNotContain("same-key-0001");
  }

  @Test
  void unknownFieldInTheConfigFile_failsTheStart() {
    assertThat(failure("keywarden.config-location=classpath:bad-field.json"))
        .contains("keywarden.config-location")
        .contains("endpoints[0]").contains("unknown field \"userGroupPermision\"");
  }

  @Test
  void malformedConfigFile_isReportedByPlace_neverEchoingItsText() {
    assertThat(failure("keywarden.config-location=classpath:malformed-secret.yml"))
        .contains("keywarden.config-location").contains("malformed YAML (line")
        .doesNotContain("super-secret-0001");
  }

  @Test
  void keyPastedWhereAnApiKeyObjectBelongs_failsTheStart_neverEchoingIt(CapturedOutput output) {
    assertThat(failure("keywarden.config-location=classpath:bare-key.json"))
        .contains("keywarden.config-location").contains("apiKeys[0]: an API key must be an object")
        .doesNotContain("bare-pasted-key-0001");
    assertThat(output.getAll()).doesNotContain("bare-pasted-key-0001");
  }

  @Test
  void missingConfigFile_failsTheStart() {
    assertThat(failure("keywarden.config-location=classpath:no-such-file.yml"))
        .contains("keywarden.config-location").contains("does not exist");
  }

  @Test
  void badStatusesKeySourcesAndRealm_areNamed() {
    String message = failure("keywarden.statuses.invalid-key=403", "keywarden.statuses.forbidden=200",
        "keywarden.key-sources[0]=cookie:", "keywarden.realm=a\"b");
    assertThat(message).contains("keywarden.statuses: unknown code \"invalid-key\"")
        .contains("keywarden.statuses.forbidden: status for forbidden must be between 400 and 599")
        .contains("keywarden.key-sources[0]")
        .contains("keywarden.realm");
  }

  @Test
  void duplicateRuleAcrossFileAndProperties_failsTheStart() {
    assertThat(failure("keywarden.config-location=classpath:keywarden-rules.yml",
        "keywarden.endpoints[0].method=GET", "keywarden.endpoints[0].path=/api/orders/**"))
        // Each entry named where it was written (review F2), not by its index in the merged list.
        .contains("keywarden.config-location (class path resource [keywarden-rules.yml]) endpoints[0]"
            + " (GET /api/orders/**) and keywarden.endpoints[0] (GET /api/orders/**) are the same rule");
  }

  private static String failure(String... properties) {
    return failure(new String[0], properties);
  }

  /** The messages of a refused start with {@code properties} as defaults and {@code args} on the command line. */
  private static String failure(String[] args, String... properties) {
    List<String> messages = new ArrayList<>();
    assertThatThrownBy(() -> {
      try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Minimal.class)
          .web(WebApplicationType.NONE).properties("keywarden.jdbc.enabled=false", "spring.main.banner-mode=off")
          .properties(properties).run(args)) {
        context.getBean("keywardenAccessGuard");
      }
    }).satisfies(thrown -> {
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        messages.add(String.valueOf(t.getMessage()));
      }
    });
    return String.join("\n", messages);
  }
}
