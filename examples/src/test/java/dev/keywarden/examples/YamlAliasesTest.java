package dev.keywarden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * YAML anchors and aliases are refused with their place: Jackson reads an alias as its name, so
 * {@code secret: *webSecret} would bind the guessable secret "webSecret" instead of the value
 * anchored {@code &webSecret}, and an undefined alias would become a secret without its star.
 */
class YamlAliasesTest extends CliOutputTestSupport {
  private static final String REFUSED = "YAML aliases and anchors are not supported; write the value itself";

  @Test
  void aliasedSecret_isRefusedWithItsPlace_andItsNameIsNoWorkingKey() throws Exception {
    Path file = file("alias.yml", """
        apiKeys:
          - secret: &webSecret Zr81-very-long-random-web-secret
            clientType: web
          - secret: *webSecret
            clientType: partner
        endpoints:
          - path: /x
            public: true
            apiKeyRequired: true
            userGroupPermission: "clientType == 'partner'"
        """);
    assertThat(run("check-config", file.toString())).isEqualTo(1);
    assertThat(err()).contains("  - apiKeys[0].secret: " + REFUSED, "  - apiKeys[1].secret: " + REFUSED)
        .doesNotContain(": OK").doesNotContain("Zr81");

    assertThat(run("explain", "GET", "/x", "--config", file.toString(), "--key", "webSecret")).isEqualTo(1);
    assertThat(output()).contains("apiKeys[1].secret: " + REFUSED).doesNotContain("decision: allow");
    assertThat(run("serve", "--config", file.toString(), "--port", "0")).isEqualTo(1);
    assertThat(err()).contains("apiKeys[1].secret: " + REFUSED);
  }

  @Test
  void undefinedAlias_isRefused_notReadAsTheSecretWithoutItsStar() throws Exception {
    Path file = file("undefined.yml", """
        apiKeys:
          - secret: *Zr81secret
            clientType: web
        """);
    assertThat(run("check-config", file.toString())).isEqualTo(1);
    assertThat(err()).contains("  - apiKeys[0].secret: " + REFUSED).doesNotContain("Zr81secret");
    assertThat(ConfigFiles.load(file).config().apiKeys().get(0).secret()).as("the alias is never bound").isNull();
  }

  @Test
  void anchorOnAMap_andAliasesOfIt_areRefused() throws Exception {
    Path file = file("map.yaml", """
        endpoints:
          - &open
            method: GET
            path: /a
            public: true
            userGroupPermission: "true"
          - *open
          - <<: *open
            path: /b
        """);
    assertThat(run("check-config", file.toString())).isEqualTo(1);
    assertThat(err()).contains("  - endpoints[0]: " + REFUSED, "  - endpoints[1]: " + REFUSED,
        "  - endpoints[2].<<: unknown field");
  }

  @Test
  void anchorOnAFieldName_orAtTheTopLevel_isRefused() throws Exception {
    Path file = file("top.yaml", """
        &all
        endpoints:
          - method: GET
            &p path: /a
            userGroupPermission: "true"
        """);
    assertThat(run("check-config", file.toString())).isEqualTo(1);
    assertThat(err()).contains("  - top level: " + REFUSED, "  - endpoints[0].path: " + REFUSED);
  }

  @Test
  void quotedTextStartingWithAStar_isAPlainValue() throws Exception {
    Path file = file("quoted.yml", """
        apiKeys:
          - secret: "*Zr81-quoted-secret-value"
            clientType: web
          - secret: '*another-quoted-secret'
            clientType: web
            description: "&not an anchor"
        """);
    assertThat(run("check-config", file.toString())).as(output()).isZero();
    assertThat(output()).contains(": OK (2 API keys, 0 endpoints)");
    assertThat(ConfigFiles.load(file).config().apiKeys().get(0).secret()).isEqualTo("*Zr81-quoted-secret-value");
  }

  @Test
  void jsonFiles_areNotAffected() throws Exception {
    Path file = file("stars.json", "{\"apiKeys\":[{\"secret\":\"*webSecret\",\"clientType\":\"web\"}]}");
    assertThat(run("check-config", file.toString())).as(output()).isZero();
  }
}
