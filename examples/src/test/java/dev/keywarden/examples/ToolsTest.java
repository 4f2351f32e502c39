package dev.keywarden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keywarden.ApiKeyGenerator;
import dev.keywarden.KeyDigest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noCommand_printsUsage_exit2() {
    assertThat(run()).isEqualTo(2);
    assertThat(err()).contains("usage: java -jar keywarden-examples.jar COMMAND");
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err()).contains("unknown command 'frobnicate'");
  }

  @Test
  void generateKey_printsTheSecretOnce_andASnippetWithOnlyItsDigest() throws Exception {
    assertThat(run("generate-key", "--client-type", "web")).isEqualTo(0);
    String[] lines = out().split("\n");
    String secret = null;
    for (String line : lines) {
      if (line.trim().startsWith("kw_")) {
        secret = line.trim();
      }
    }
    assertThat(secret).isNotNull();
    assertThat(ApiKeyGenerator.defaultGenerator().hasValidChecksum(secret)).isTrue();
    assertThat(out().split(secret, -1)).as("the secret is printed exactly once").hasSize(2);
    String snippetLine = lines[lines.length - 1].trim();
    JsonNode snippet = new ObjectMapper().readTree(snippetLine);
    assertThat(snippet.get("secretSha256").asText()).isEqualTo(KeyDigest.of(secret).hex());
    assertThat(snippet.get("clientType").asText()).isEqualTo("web");
    assertThat(snippet.has("secret")).isFalse();
    assertThat(snippetLine).doesNotContain(secret);
  }

  @Test
  void generateKey_withPrefix() {
    assertThat(run("generate-key", "--client-type", "partner", "--prefix", "acme")).isEqualTo(0);
    assertThat(out()).contains("acme_");
  }

  @Test
  void generateKey_badArguments_exit2WithTheReason() {
    assertThat(run("generate-key")).isEqualTo(2);
    assertThat(err()).contains("generate-key: --client-type is required");
    assertThat(run("generate-key", "--client-type", "bad type")).isEqualTo(2);
    assertThat(err()).contains("clientType must match ^[A-Za-z_][A-Za-z0-9_]*$ (was \"bad type\")");
    assertThat(run("generate-key", "--client-type", "web", "--prefix", "no_underscores")).isEqualTo(2);
    assertThat(err()).contains("prefix must be 1 to 20 characters from [A-Za-z0-9]");
    assertThat(run("generate-key", "--client-type")).isEqualTo(2);
    assertThat(err()).contains("option --client-type needs a value");
    assertThat(run("generate-key", "--client-type", "web", "--bogus", "x")).isEqualTo(2);
    assertThat(err()).contains("unknown option --bogus");
    assertThat(out()).isEmpty();
  }

  @Test
  void checkConfig_validFile_exit0(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ok.json");
    Files.writeString(file, "{\"apiKeys\":[{\"secret\":\"abc\",\"clientType\":\"web\"}],"
        + "\"endpoints\":[{\"method\":\"GET\",\"path\":\"/x\",\"public\":true}]}");
    assertThat(run("check-config", file.toString())).isEqualTo(0);
    assertThat(out()).contains(": OK (1 API keys, 1 endpoints)");
  }

  @Test
  void checkConfig_invalidFile_listsEveryProblem_exit1(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"apiKeys\":[{\"secret\":\"abc\",\"clientType\":\"9web\"},{\"secret\":\"abc\",\"clientType\":\"web\"}],"
        + "\"endpoints\":[{\"method\":\"GET\",\"path\":\"/x\",\"userGroupPermission\":\"groups.a ||\"}]}");
    assertThat(run("check-config", file.toString())).isEqualTo(1);
    assertThat(err()).contains("2 problems")
        .contains("apiKeys[0]: clientType must match")
        .contains("endpoints[0] (GET /x): userGroupPermission: unexpected end of expression")
        .contains("^");
  }

  @Test
  void checkConfig_malformedJson_unknownField_missingFile_exit1(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"apiKeys\": [ {\"secret\": \"x\" ");
    assertThat(run("check-config", broken.toString())).isEqualTo(1);
    assertThat(err()).contains("not a valid configuration at line 1");
    Path typo = dir.resolve("typo.json");
    Files.writeString(typo, "{\"endpoint\": []}");
    assertThat(run("check-config", typo.toString())).isEqualTo(1);
    assertThat(err()).contains("Unrecognized field \"endpoint\"");
    assertThat(run("check-config", dir.resolve("missing.json").toString())).isEqualTo(1);
    assertThat(err()).contains("missing.json: no such file");
    assertThat(run("check-config")).isEqualTo(2);
    assertThat(run("check-config", "a", "b")).isEqualTo(2);
  }

  @Test
  void eval_printsTrueOrFalse() {
    assertThat(run("eval", "groups.admin || clientType == 'web'", "--client-type", "web")).isEqualTo(0);
    assertThat(out()).isEqualTo("true\n");
    out.reset();
    assertThat(run("eval", "groups.admin && 'x' in permissions", "--groups", "users,admin", "--permissions", "y"))
        .isEqualTo(0);
    assertThat(out()).isEqualTo("false\n");
    out.reset();
    assertThat(run("eval", "isBackoffice && permissions.api.read", "--backoffice", "--permissions", "api.read"))
        .isEqualTo(0);
    assertThat(out()).isEqualTo("true\n");
  }

  @Test
  void eval_badExpression_printsTheCaretError_exit1() {
    assertThat(run("eval", "group.admin")).isEqualTo(1);
    assertThat(err()).contains("unknown identifier 'group'").contains("  group.admin\n  ^");
  }

  @Test
  void eval_badArguments_exit2() {
    assertThat(run("eval")).isEqualTo(2);
    assertThat(err()).contains("eval: the EXPRESSION is required");
    assertThat(run("eval", "groups.a", "groups.b")).isEqualTo(2);
    assertThat(run("eval", "true", "--groups")).isEqualTo(2);
  }

  @Test
  void serve_badArguments_exit2_badConfig_exit1(@TempDir Path dir) throws Exception {
    assertThat(run("serve", "--port", "99999")).isEqualTo(2);
    assertThat(err()).contains("--port must be a number from 0 to 65535");
    assertThat(run("serve", "--config", dir.resolve("none.json").toString())).isEqualTo(1);
    assertThat(err()).contains("no such file");
  }

  @Test
  void bundledConfig_isValid() throws Exception {
    assertThat(ExampleServer.bundledConfig().problems()).isEmpty();
  }
}
