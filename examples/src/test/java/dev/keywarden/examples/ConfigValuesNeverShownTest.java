package dev.keywarden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKeyGenerator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A key written one line off lands in any field, or becomes a field name: check-config and serve
 * describe a wrong value by its type only and hide an unknown name that could be a key.
 */
class ConfigValuesNeverShownTest extends CliOutputTestSupport {
  private static final String KEY = ApiKeyGenerator.defaultGenerator().generate();

  private void assertRefusedWithout(Path file, String shown, String... expected) {
    assertThat(run("check-config", file.toString())).isEqualTo(1);
    assertThat(err()).contains(expected).doesNotContain(shown).doesNotContain(shown.substring(0, 12));
    assertThat(run("serve", "--config", file.toString(), "--port", "0")).isEqualTo(1);
    assertThat(err()).contains(expected).doesNotContain(shown).doesNotContain(shown.substring(0, 12));
  }

  @Test
  void keyInABooleanStringOrOtherField_isDescribedByItsTypeOnly() throws Exception {
    Path file = file("shifted.json", """
        { "apiKeys": [ { "secret": "x1-secret", "clientType": "web", "active": "%1$s", "expiresAt": true } ],
          "endpoints": [ { "method": ["%1$s"], "path": "/x", "public": "%1$s", "apiKeyRequired": 12345678 } ] }
        """.formatted(KEY));
    assertRefusedWithout(file, KEY,
        "apiKeys[0].active: expected a boolean, got a string (36 characters)",
        "apiKeys[0].expiresAt: expected a string, got a boolean",
        "endpoints[0].method: expected a string, got an array",
        "endpoints[0].public: expected a boolean, got a string (36 characters)",
        "endpoints[0].apiKeyRequired: expected a boolean, got a number");
    assertThat(err()).doesNotContain("12345678");
  }

  @Test
  void handMadeKeyInAYamlField_isNotShownEither() throws Exception {
    String secret = "Sx9SECRETvalue42";
    Path file = file("shifted.yaml", """
        apiKeys:
          - secret: x1-secret
            clientType: web
            active: %s
        """.formatted(secret));
    assertRefusedWithout(file, secret, "apiKeys[0].active: expected a boolean, got a string (16 characters)");
  }

  @Test
  void unknownFieldNamedLikeAKey_isNotShown_butItsPlaceAndTheKnownFieldsAre() throws Exception {
    Path file = file("name.json", """
        { "apiKeys": [ { "secret": "x1-secret", "clientType": "web", "%s": true } ] }
        """.formatted(KEY));
    assertRefusedWithout(file, KEY, "apiKeys[0]: unknown field (name not shown: 36 characters, it may be a key);"
        + " known fields are id, secret, secretSha256, clientType, active, description, expiresAt");
  }

  @Test
  void unknownFieldName_thatIsNoFieldName_isNotShown() throws Exception {
    for (String name : List.of("Zr81+secret/value==", "a".repeat(41), "has space in it", "9starts-with-digit")) {
      Path file = file("odd.json", "{\"endpoints\": [], \"" + name + "\": 1}");
      assertRefusedWithout(file, name,
          "top level: unknown field (name not shown: " + name.length() + " characters, it may be a key)");
    }
  }

  @Test
  void unknownFieldName_thatReadsLikeAFieldOrIsCloseToOne_isShown() throws Exception {
    Path file = file("names.yaml", """
        endpoints:
          - method: GET
            path: /x
            userGroupPermision: "true"
            groups + admin: "true"
            x-comment_1: hello
        """);
    assertThat(run("check-config", file.toString())).isEqualTo(1);
    assertThat(err()).contains("  - endpoints[0].userGroupPermision: unknown field (did you mean \"userGroupPermission\"?)",
        "  - endpoints[0].x-comment_1: unknown field; known fields are ",
        "  - endpoints[0]: unknown field (name not shown: 14 characters, it may be a key)");
    Path near = file("near.json", "{\"Api Keys\": []}");
    assertThat(run("check-config", near.toString())).isEqualTo(1);
    assertThat(err()).contains("  - Api Keys: unknown field (did you mean \"apiKeys\"?)");
  }

  @Test
  void duplicateFieldNamedLikeAKey_isNotShown() throws Exception {
    Path json = file("duplicate.json", "{\"apiKeys\": [{\"%1$s\": 1, \"%1$s\": 2}]}".formatted(KEY));
    assertRefusedWithout(json, KEY, "not valid JSON at line 1, column ",
        ": Duplicate field (name not shown: 36 characters, it may be a key)");
    Path yaml = file("duplicate.yaml", "apiKeys:\n  - clientType: web\n    clientType: web\n");
    assertThat(run("check-config", yaml.toString())).isEqualTo(1);
    assertThat(err()).contains("Duplicate field 'clientType'");
  }

  @Test
  void fieldNameShapes() {
    List<String> known = List.of("secret", "clientType");
    assertThat(FieldNames.showable("secrte", known)).isTrue();
    assertThat(FieldNames.showable("client type", known)).isTrue();
    assertThat(FieldNames.showable("description_2", known)).isTrue();
    assertThat(FieldNames.showable("a".repeat(40), known)).isTrue();
    assertThat(FieldNames.showable("a".repeat(41), known)).isFalse();
    assertThat(FieldNames.showable("ab_" + "c".repeat(33), known)).as("generated form, 36 characters").isFalse();
    assertThat(FieldNames.showable("abcdef_" + "c".repeat(33), known)).as("generated form, 40 characters").isFalse();
    assertThat(FieldNames.showable("ab_" + "c".repeat(32), known)).as("not the generated form").isTrue();
    assertThat(FieldNames.showable("1abc", known)).isFalse();
    assertThat(FieldNames.showable("", known)).isFalse();
    assertThat(FieldNames.showable("I D", List.of("id"))).as("one edit from a two-character field").isFalse();
    assertThat(FieldNames.showable("ID", List.of("id"))).isTrue();
    assertThat(FieldNames.showable("pa th", List.of("path"))).isTrue();
  }
}
