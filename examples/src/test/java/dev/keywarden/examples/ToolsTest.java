package dev.keywarden.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keywarden.ApiKeyGenerator;
import dev.keywarden.KeyDigest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    assertThat(err()).contains("missing COMMAND").contains("Usage: keywarden-examples [-hV] [COMMAND]")
        .contains("generate-key").contains("check-config");
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err()).contains("unknown command 'frobnicate'");
    assertThat(out()).isEmpty();
  }

  @Test
  void help_onTheTopLevelAndOnEveryCommand_exit0() {
    assertThat(run("--help")).isEqualTo(0);
    assertThat(out()).contains("Usage: keywarden-examples").contains("serve").contains("generate-key")
        .contains("check-config").contains("eval");
    for (String command : new String[] {"serve", "generate-key", "check-config", "eval", "explain"}) {
      out.reset();
      assertThat(run(command, "--help")).as(command).isEqualTo(0);
      assertThat(out()).as(command).startsWith("Usage: keywarden-examples " + command).contains("--help");
      out.reset();
      assertThat(run("help", command)).as("help " + command).isEqualTo(0);
      assertThat(out()).as("help " + command).startsWith("Usage: keywarden-examples " + command);
    }
    assertThat(err()).isEmpty();
  }

  @Test
  void help_describesEachCommandInWholeSentences_notCutOrBrokenMidSentence() {
    assertThat(run("--help")).isEqualTo(0);
    String summary = out().replaceAll("\\s+", " ");
    Main.commandLine(System.out, System.err).getSubcommands().forEach((name, command) -> {
      if (name.equals("help")) {
        return; // picocli's own
      }
      String[] description = command.getCommandSpec().usageMessage().description();
      // The top-level list shows the first line only: it must be the whole summary sentence.
      assertThat(summary).as(name).contains(" " + name + " " + description[0].replaceAll("\\s+", " ") + " ");
      for (String line : description) {
        // Each line is printed as its own paragraph: one broken mid-sentence shows as a stray line break.
        assertThat(line).as(name + ": " + line).endsWith(".");
      }
    });
    assertThat(summary).contains("the row of the decision table that decided, the matched rule and the value of each"
        + " atom of its expression.");
    out.reset();
    assertThat(run("explain", "--help")).isEqualTo(0);
    assertThat(out()).doesNotContain("decision\ntable");
  }

  @Test
  void version_isTheProjectVersionFromThePom() throws Exception {
    // The expected version comes from the build file, not from the code under test.
    Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
        .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(parent.find()).isTrue();
    assertThat(run("--version")).isEqualTo(0);
    assertThat(out()).isEqualTo("keywarden-examples " + parent.group(1) + "\n");
    out.reset();
    assertThat(run("eval", "--version")).isEqualTo(0);
    assertThat(out()).isEqualTo("keywarden-examples " + parent.group(1) + "\n");
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
    assertThat(err()).contains("generate-key: Missing required option: '--client-type=T'")
        .contains("usage: keywarden-examples generate-key");
    assertThat(run("generate-key", "--client-type", "bad type")).isEqualTo(2);
    assertThat(err()).contains("clientType must match ^[A-Za-z_][A-Za-z0-9_]*$ (was \"bad type\")");
    assertThat(run("generate-key", "--client-type", "web", "--prefix", "no_underscores")).isEqualTo(2);
    assertThat(err()).contains("prefix must be 1 to 20 characters from [A-Za-z0-9]");
    assertThat(run("generate-key", "--client-type")).isEqualTo(2);
    assertThat(err()).contains("Missing required parameter for option '--client-type'");
    assertThat(run("generate-key", "--client-type", "web", "--bogus", "x")).isEqualTo(2);
    assertThat(err()).contains("generate-key: Unknown options: '--bogus'");
    assertThat(out()).isEmpty();
  }

  @Test
  void checkConfig_validFile_exit0(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ok.json");
    Files.writeString(file, "{\"apiKeys\":[{\"secret\":\"abc\",\"clientType\":\"web\"}],"
        + "\"endpoints\":[{\"method\":\"GET\",\"path\":\"/x\",\"public\":true}]}");
    assertThat(run("check-config", file.toString())).isEqualTo(0);
    assertThat(out()).contains(": OK (1 API key, 1 endpoint)");
  }

  @Test
  void checkConfig_counts_areSingularForOne_pluralOtherwise(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("two.json");
    Files.writeString(file, "{\"apiKeys\":[{\"secret\":\"abc\",\"clientType\":\"web\"},"
        + "{\"secret\":\"def\",\"clientType\":\"web\"}],\"endpoints\":[]}");
    assertThat(run("check-config", file.toString())).isEqualTo(0);
    assertThat(out()).contains(": OK (2 API keys, 0 endpoints)").doesNotContain("1 endpoints");
    Path one = dir.resolve("one.json");
    Files.writeString(one,
        "{\"endpoints\":[{\"method\":\"GET\",\"path\":\"/x\",\"userGroupPermission\":\"group.a\"}]}");
    assertThat(run("check-config", one.toString())).isEqualTo(1);
    assertThat(err()).contains("one.json: 1 problem\n");
    err.reset();
    assertThat(run("serve", "--config", one.toString(), "--port", "0")).isEqualTo(1);
    assertThat(err()).contains("is invalid, 1 problem:");
    Path shortKey = dir.resolve("short.json");
    Files.writeString(shortKey, "{\"apiKeys\":[\"k\"]}");
    assertThat(run("check-config", shortKey.toString())).isEqualTo(1);
    assertThat(err()).contains("got a string (1 character)");
    Path typeErrors = dir.resolve("type.json");
    Files.writeString(typeErrors, "{\"apiKeys\":[{\"secret\":\"abc\",\"clientType\":\"web\",\"active\":\"yes\"}]}");
    assertThat(ConfigFiles.load(typeErrors).fileProblems()).hasSize(1);
    assertThatThrownBy(() -> ConfigFiles.parse(Files.readString(typeErrors), false, "type.json"))
        .isInstanceOf(ConfigFiles.ConfigFileException.class).hasMessageStartingWith("type.json: 1 error in the JSON:");
  }

  @Test
  void checkConfig_ruleWithoutPath_isLabelledWithoutNull(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("nopath.json");
    Files.writeString(file, """
        { "endpoints": [ { "method": "GET", "public": true },
                         { "userGroupPermission": "groups.a" },
                         { "method": "GET", "path": "/x", "userGroupPermission": "true" } ] }
        """);
    assertThat(run("check-config", file.toString())).isEqualTo(1);
    assertThat(err()).contains("warning: endpoints[0] (GET, no path) has no userGroupPermission")
        .contains("  - endpoints[0] (GET, no path): path is required")
        .contains("  - endpoints[1] (ALL, no path): path is required")
        .doesNotContain("null");
    err.reset();
    assertThat(run("serve", "--config", file.toString(), "--port", "0")).isEqualTo(1);
    assertThat(err()).contains("  - endpoints[0] (GET, no path): path is required").doesNotContain("null");
  }

  @Test
  void checkConfig_ruleWithoutUserGroupPermission_isPointedOut_exitStill0(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("open.json");
    Files.writeString(file, """
        { "apiKeys": [ { "secret": "abc", "clientType": "web" } ],
          "endpoints": [
            { "method": "GET", "path": "/orders/**", "apiKeyRequired": true, "userGroupPermission": "clientType == 'web'" },
            { "method": "POST", "path": "/orders", "public": true, "userGroupPermission": "true" },
            { "method": "GET", "path": "/health", "public": true },
            { "path": "/admin/**", "backofficeUserGroupPermission": "groups.admin" } ] }
        """);
    assertThat(run("check-config", file.toString())).isEqualTo(0);
    assertThat(out()).contains(": OK (1 API key, 4 endpoints)");
    assertThat(err().lines()).containsExactly(
        "warning: endpoints[2] (GET /health) has no userGroupPermission: it defaults to \"true\"",
        "warning: endpoints[3] (ALL /admin/**) has no userGroupPermission: it defaults to \"true\"");
  }

  @Test
  void checkConfig_ruleWithoutUserGroupPermission_isPointedOut_alsoWhenInvalid(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"endpoints\":[{\"method\":\"GET\",\"path\":\"/x\"},"
        + "{\"method\":\"GET\",\"path\":\"/y\",\"userGroupPermission\":\"group.a\"}]}");
    assertThat(run("check-config", file.toString())).isEqualTo(1);
    assertThat(err()).contains("warning: endpoints[0] (GET /x) has no userGroupPermission")
        .contains("1 problem").contains("endpoints[1] (GET /y): userGroupPermission: unknown identifier 'group'");
  }

  @Test
  void checkConfig_typeErrors_allAtOnce_withJsonPaths_neverJavaNames_neverSecrets(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("types.json");
    Files.writeString(file, """
        { "apiKeys": [ { "secret": 918273645, "clientType": "web", "active": "yes" }, "oops",
                       { "secretSha256": ["x"], "clientType": 7 } ],
          "endpoints": [ { "method": "GET", "path": "/a", "public": true },
                         { "method": "GET", "path": "/b", "public": "yes", "apiKeyRequired": 1 },
                         { "method": ["GET"], "path": "/c", "userGroupPermision": "groups.x" } ],
          "extra": true }
        """);
    assertThat(run("check-config", file.toString())).isEqualTo(1);
    // One list (review F2): the type errors and unknown fields first, then the model's problems
    // with what could be bound; a scalar where an object was expected is never shown (a key?).
    assertThat(err().lines().filter(line -> !line.startsWith("warning: "))).containsExactly(
        file + ": 12 problems",
        "  - apiKeys[0].secret: expected a string, got a number",
        "  - apiKeys[0].active: expected a boolean, got a string (3 characters)",
        "  - apiKeys[1]: expected an object, got a string (4 characters)",
        "  - apiKeys[2].secretSha256: expected a string, got an array",
        "  - apiKeys[2].clientType: expected a string, got a number",
        "  - endpoints[1].public: expected a boolean, got a string (3 characters)",
        "  - endpoints[1].apiKeyRequired: expected a boolean, got a number",
        "  - endpoints[2].method: expected a string, got an array",
        "  - endpoints[2].userGroupPermision: unknown field (did you mean \"userGroupPermission\"?)",
        "  - extra: unknown field; known fields are apiKeys, endpoints",
        "  - apiKeys[2]: a secret (or its secretSha256) is required",
        "  - apiKeys[2]: clientType must match ^[A-Za-z_][A-Za-z0-9_]*$ (was \"7\")");
    assertThat(err()).doesNotContain("java.").doesNotContain("Boolean").doesNotContain("918273645")
        .doesNotContain("oops");
    assertThat(out()).isEmpty();
  }

  @Test
  void checkConfig_scalarWhereAnObjectOrArrayWasExpected_isDescribedByType_neverShown(@TempDir Path dir)
      throws Exception {
    String key = ApiKeyGenerator.defaultGenerator().generate();
    String[][] files = {
        {"list.json", "{\"apiKeys\":[\"" + key + "\"]}",
            "apiKeys[0]: expected an object, got a string (36 characters)"},
        {"bare.json", "{\"apiKeys\":\"" + key + "\"}", "apiKeys: expected an array, got a string (36 characters)"},
        {"anchor.yaml", "apiKeys:\n  - &k " + key + "\n",
            "apiKeys[0]: expected an object, got a string (36 characters)"},
        {"number.yaml", "apiKeys:\n  - 1234567890123\n", "apiKeys[0]: expected an object, got a number"},
        {"top.json", "\"" + key + "\"", "top level: expected an object, got a string (36 characters)"},
        {"endpoint.json", "{\"endpoints\":[\"" + key + "\"]}", "endpoints[0]: expected an object, got a string"}};
    for (String[] file : files) {
      Path path = dir.resolve(file[0]);
      Files.writeString(path, file[1]);
      err.reset();
      assertThat(run("check-config", path.toString())).as(file[0]).isEqualTo(1);
      assertThat(err()).as(file[0]).contains(file[2]).doesNotContain(key).doesNotContain(key.substring(0, 20))
          .doesNotContain("1234567890123").doesNotContain("must be an object, not null");
      err.reset();
      assertThat(run("serve", "--config", path.toString(), "--port", "0")).as(file[0]).isEqualTo(1);
      assertThat(err()).as(file[0]).contains(file[2]).doesNotContain(key).doesNotContain(key.substring(0, 20));
    }
  }

  @Test
  void checkConfig_unknownFieldAndModelProblems_areListedTogether(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mixed.json");
    Files.writeString(file, """
        { "apiKeys": [ { "secret": "same-secret-1", "clientType": "web", "Secret": "x" },
                       { "secret": "same-secret-1", "clientType": "bad type" },
                       { "secret": "has space", "clientType": "web" } ],
          "endpoints": [ { "method": "GET", "path": "/a", "userGroupPermision": "groups.a" },
                         { "method": "FETCH", "path": "b" },
                         { "method": "GET", "path": "/c", "userGroupPermission": "group.a" },
                         { "method": "GET", "path": "/a/" } ] }
        """);
    assertThat(run("check-config", file.toString())).isEqualTo(1);
    String[] problems = {
        "  - apiKeys[0].Secret: unknown field (did you mean \"secret\"?)",
        "  - endpoints[0].userGroupPermision: unknown field (did you mean \"userGroupPermission\"?)",
        "  - apiKeys[1]: clientType must match",
        "  - apiKeys[0] and apiKeys[1] have the same secret; each key needs its own",
        "  - apiKeys[2]: secret must",
        "  - endpoints[1] (FETCH b): ",
        "  - endpoints[2] (GET /c): userGroupPermission: unknown identifier 'group'",
        "  - endpoints[0] (GET /a) and endpoints[3] (GET /a/) are the same rule"};
    assertThat(err()).contains(file + ": ").contains(problems).doesNotContain("same-secret-1")
        .doesNotContain("has space");
    long listed = err().lines().filter(line -> line.startsWith("  - ")).count();
    assertThat(err()).contains(file + ": " + listed + " problems");
    err.reset();
    assertThat(run("serve", "--config", file.toString(), "--port", "0")).isEqualTo(1);
    assertThat(err()).contains("The configuration in " + file + " is invalid, " + listed + " problems:")
        .contains(problems);
  }

  @Test
  void checkConfig_yaml_byExtension(@TempDir Path dir) throws Exception {
    String yaml = """
        # the same model as JSON
        apiKeys:
          - secret: demo-web-key
            clientType: web
            expiresAt: 2030-01-01T00:00:00Z
        endpoints:
          - method: GET
            path: /orders/**
            public: true
            apiKeyRequired: true
            userGroupPermission: clientType == 'web' || groups.admin
        """;
    for (String name : new String[] {"ok.yaml", "ok.yml", "OK.YAML"}) {
      Path file = dir.resolve(name);
      Files.writeString(file, yaml);
      out.reset();
      assertThat(run("check-config", file.toString())).as(name).isEqualTo(0);
      assertThat(out()).contains(name + ": OK (1 API key, 1 endpoint)");
    }
    Path asJson = dir.resolve("yaml-text.json");
    Files.writeString(asJson, yaml);
    assertThat(run("check-config", asJson.toString())).isEqualTo(1);
    assertThat(err()).contains("yaml-text.json: not valid JSON at line 1");
  }

  @Test
  void checkConfig_yaml_typeErrorsAndProblems_withPaths(@TempDir Path dir) throws Exception {
    Path types = dir.resolve("types.yml");
    Files.writeString(types, """
        apiKeys:
          - secret: 12345
            clientType: web
        endpoints:
          - path: /a
            public: "yes"
        """);
    assertThat(run("check-config", types.toString())).isEqualTo(1);
    assertThat(err()).contains("types.yml: 2 problems\n")
        .contains("  - apiKeys[0].secret: expected a string, got a number")
        .contains("  - endpoints[0].public: expected a boolean, got a string (3 characters)")
        .doesNotContain("12345");
    err.reset();
    Path problems = dir.resolve("problems.yaml");
    Files.writeString(problems, """
        endpoints:
          - path: /a
            userGroupPermission: group.admin
        """);
    assertThat(run("check-config", problems.toString())).isEqualTo(1);
    assertThat(err()).contains("endpoints[0] (ALL /a): userGroupPermission: unknown identifier 'group'");
    err.reset();
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "apiKeys: [\n");
    assertThat(run("check-config", broken.toString())).isEqualTo(1);
    assertThat(err()).startsWith(broken + ": not valid YAML at line ").doesNotContain("\n    ");
  }

  @Test
  void checkConfig_duplicateField_trailingContent_emptyFile_notAnObject(@TempDir Path dir) throws Exception {
    Path duplicate = dir.resolve("dup.json");
    Files.writeString(duplicate, "{\"endpoints\": [], \"endpoints\": []}");
    assertThat(run("check-config", duplicate.toString())).isEqualTo(1);
    assertThat(err()).contains("dup.json: not valid JSON at line 1").contains("Duplicate field 'endpoints'");
    Path twice = dir.resolve("two.json");
    Files.writeString(twice, "{} {}");
    assertThat(run("check-config", twice.toString())).isEqualTo(1);
    assertThat(err()).contains("two.json: not valid JSON at line 1, column 5: more content after the configuration");
    Path empty = dir.resolve("empty.json");
    Files.writeString(empty, "  ");
    assertThat(run("check-config", empty.toString())).isEqualTo(1);
    assertThat(err()).contains("empty.json: empty");
    Path array = dir.resolve("array.json");
    Files.writeString(array, "[]");
    assertThat(run("check-config", array.toString())).isEqualTo(1);
    assertThat(err()).contains("top level: expected an object, got an array");
    assertThat(err()).doesNotContain("com.fasterxml").doesNotContain("JsonNode");
  }

  @Test
  void checkConfig_nullOrOtherNonObjectFile_failsLikeAnEmptyOne(@TempDir Path dir) throws Exception {
    String[][] files = {
        {"null.json", "null", "top level: expected an object with \"apiKeys\" and \"endpoints\", got null"},
        {"spaced.json", "\n null \n", "top level: expected an object with \"apiKeys\" and \"endpoints\", got null"},
        {"null.yaml", "null\n", "top level: expected an object with \"apiKeys\" and \"endpoints\", got null"},
        {"tilde.yml", "~\n", "top level: expected an object with \"apiKeys\" and \"endpoints\", got null"},
        {"true.json", "true", "top level: expected an object, got a boolean"},
        {"number.json", "7", "top level: expected an object, got a number"}};
    for (String[] file : files) {
      Path path = dir.resolve(file[0]);
      Files.writeString(path, file[1]);
      out.reset();
      err.reset();
      assertThat(run("check-config", path.toString())).as(file[0]).isEqualTo(1);
      assertThat(err()).as(file[0]).isEqualTo(path + ": 1 problem\n  - " + file[2] + "\n");
      assertThat(out()).as(file[0]).doesNotContain("OK");
      err.reset();
      assertThat(run("serve", "--config", path.toString(), "--port", "0")).as(file[0]).isEqualTo(1);
      assertThat(err()).as(file[0]).contains(file[2]);
      err.reset();
      assertThat(run("explain", "GET", "/x", "--config", path.toString())).as(file[0]).isEqualTo(1);
      assertThat(err()).as(file[0]).contains(file[2]);
    }
  }

  @Test
  void checkConfig_unknownField_suggestsTheClosestKnownOne_neverShowsItsValue(@TempDir Path dir) throws Exception {
    String key = ApiKeyGenerator.defaultGenerator().generate();
    Path file = dir.resolve("typos.yaml");
    Files.writeString(file, """
        apikeys: []
        apiKeys:
          - secert: %s
            clientType: web
            expires: 2030-01-01T00:00:00Z
        endpoints:
          - path: /a
            user-group-permission: groups.a
            isPublic: true
            colour: blue
        """.formatted(key));
    assertThat(run("check-config", file.toString())).isEqualTo(1);
    assertThat(err()).contains(
        "  - apikeys: unknown field (did you mean \"apiKeys\"?)\n",
        "  - apiKeys[0].secert: unknown field (did you mean \"secret\"?)\n",
        "  - apiKeys[0].expires: unknown field (did you mean \"expiresAt\"?)\n",
        "  - endpoints[0].user-group-permission: unknown field (did you mean \"userGroupPermission\"?)\n",
        "  - endpoints[0].isPublic: unknown field (did you mean \"public\"?)\n",
        "  - endpoints[0].colour: unknown field; known fields are method, path, public, apiKeyRequired,"
            + " userGroupPermission, backofficeUserGroupPermission\n")
        .doesNotContain(key).doesNotContain(key.substring(0, 12)).doesNotContain("blue");
  }

  @Test
  void checkConfig_invalidFile_listsEveryProblem_exit1(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"apiKeys\":[{\"secret\":\"abc\",\"clientType\":\"9web\"},{\"secret\":\"abc\",\"clientType\":\"web\"}],"
        + "\"endpoints\":[{\"method\":\"GET\",\"path\":\"/x\",\"userGroupPermission\":\"groups.a ||\"}]}");
    assertThat(run("check-config", file.toString())).isEqualTo(1);
    // The duplicate secret is found although apiKeys[0] has another problem (review F2).
    assertThat(err()).contains("3 problems")
        .contains("apiKeys[0]: clientType must match")
        .contains("apiKeys[0] and apiKeys[1] have the same secret; each key needs its own")
        .contains("endpoints[0] (GET /x): userGroupPermission: unexpected end of expression")
        .contains("^");
  }

  @Test
  void checkConfig_malformedJson_unknownField_missingFile_exit1(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"apiKeys\": [ {\"secret\": \"x\" ");
    assertThat(run("check-config", broken.toString())).isEqualTo(1);
    assertThat(err()).contains("broken.json: not valid JSON at line 1");
    Path unquoted = dir.resolve("unquoted.json");
    Files.writeString(unquoted, "{\"apiKeys\": [ {\"secret\": kw_NotQuotedSecret42 } ] }");
    assertThat(run("check-config", unquoted.toString())).isEqualTo(1);
    assertThat(err()).contains("unquoted.json: not valid JSON at line 1, column ")
        .contains("Unrecognized token (not shown: it may be a secret)").doesNotContain("NotQuotedSecret42");
    Path typo = dir.resolve("typo.json");
    Files.writeString(typo, "{\"endpoint\": []}");
    assertThat(run("check-config", typo.toString())).isEqualTo(1);
    assertThat(err()).contains("endpoint: unknown field (did you mean \"endpoints\"?)");
    assertThat(run("check-config", dir.resolve("missing.json").toString())).isEqualTo(1);
    assertThat(err()).contains("missing.json: no such file");
    assertThat(run("check-config")).isEqualTo(2);
    assertThat(err()).contains("check-config: Missing required parameter: 'FILE'");
    assertThat(run("check-config", "a", "b")).isEqualTo(2);
    assertThat(err()).contains("check-config: Unmatched argument at index 2: 'b'");
    assertThat(run("check-config", "@" + typo)).as("no @file expansion").isEqualTo(1);
    assertThat(err()).contains("@" + typo + ": no such file");
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
  void eval_repeatedGroupsAndPermissions_addUp() {
    assertThat(run("eval", "groups.admin && permissions.read", "--groups", "users", "--groups", "admin",
        "--permissions", "write", "--permissions", "read")).isEqualTo(0);
    assertThat(out()).isEqualTo("true\n");
    assertThat(err()).isEmpty();
    assertThat(run("eval", "--help")).isEqualTo(0);
    assertThat(out()).contains("--groups=GROUP[,GROUP...]").contains("--permissions=PERMISSION[,PERMISSION...]");
  }

  @Test
  void eval_badExpression_printsTheCaretError_exit1() {
    assertThat(run("eval", "group.admin")).isEqualTo(1);
    assertThat(err()).contains("unknown identifier 'group'").contains("  group.admin\n  ^");
  }

  @Test
  void eval_badArguments_exit2() {
    assertThat(run("eval")).isEqualTo(2);
    assertThat(err()).contains("eval: Missing required parameter: 'EXPRESSION'");
    assertThat(run("eval", "groups.a", "groups.b")).isEqualTo(2);
    assertThat(err()).contains("eval: Unmatched argument at index 2: 'groups.b'");
    assertThat(run("eval", "true", "--groups")).isEqualTo(2);
    assertThat(err()).contains("eval: Missing required parameter for option '--groups'");
    assertThat(out()).isEmpty();
  }

  @Test
  void serve_badArguments_exit2_badConfig_exit1(@TempDir Path dir) throws Exception {
    assertThat(run("serve", "--port", "99999")).isEqualTo(2);
    assertThat(err()).contains("--port must be a number from 0 to 65535");
    assertThat(run("serve", "--port", "eighty")).isEqualTo(2);
    assertThat(err()).contains("serve: Invalid value for option '--port': 'eighty' is not an int");
    assertThat(run("serve", "extra")).isEqualTo(2);
    assertThat(err()).contains("serve: Unmatched argument at index 1: 'extra'");
    assertThat(run("serve", "--config", dir.resolve("none.json").toString())).isEqualTo(1);
    assertThat(err()).contains("no such file");
  }

  @Test
  void bundledConfig_isValid() throws Exception {
    assertThat(ExampleServer.bundledConfig().check().problems()).isEmpty();
  }
}
