package dev.keywarden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.ExplainProbe;
import dev.keywarden.access.User;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explain command on the bundled demo configuration (rules written out in demo-config.json). */
class ExplainCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void explain_anonymousCatalog_isRow7_withEachAtom() {
    assertThat(run("explain", "GET", "/catalog/books")).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("\n",
        "decision: deny 401 unauthorized",
        "row 7: the expression is false, and there is neither a user nor a valid key",
        "rule: GET /catalog/** (public, groups.customers || clientType == \"partner\")",
        "expression: false",
        "  groups[\"customers\"] = undefined",
        "  clientType = undefined",
        "  isBackoffice = false",
        ""));
  }

  @Test
  void explain_withTheDemoKey_andWithAUser() {
    assertThat(run("explain", "GET", "/orders/1", "--key", "demo-web-key")).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("decision: allow\nrow 9:").contains("clientType = \"web\"");
    out.reset();
    assertThat(run("explain", "GET", "/catalog/x", "--user", "ann", "--groups", "customers")).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("decision: allow")
        .contains("groups[\"customers\"] = true");
    out.reset();
    assertThat(run("explain", "GET", "/orders/1", "--key", "demo-revoked-key")).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("decision: deny 401 invalid-api-key\nrow 3:");
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** What the Java API answers for the probe, printed as the command prints it. */
  private static String javaApi(ExplainProbe probe) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ExplainCommand.print(AccessGuard.builder().config(ExampleServer.bundledConfig()).build().explain(probe),
        new PrintStream(printed, true, StandardCharsets.UTF_8));
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void explain_lowercaseMethod_isPassedAsTyped_andAnsweredAsTheJavaApiAnswersIt() throws Exception {
    assertThat(run("explain", "get", "/orders/7")).isEqualTo(0);
    // A server's firewall refuses "get" (methods are case-sensitive); the tool must not upper-case it.
    assertThat(out()).startsWith("decision: deny 400 rejected-request\n")
        .isEqualTo(javaApi(new ExplainProbe("get", "/orders/7", null, null, null, false)));
    out.reset();
    assertThat(run("explain", "GET", "/orders/7")).isEqualTo(0);
    assertThat(out()).startsWith("decision: deny 401 missing-api-key\n")
        .isEqualTo(javaApi(new ExplainProbe("GET", "/orders/7", null, null, null, false)));
  }

  @Test
  void explain_expressionNotEvaluated_showsNoAtomValues() throws Exception {
    // /orders/** needs a key: row 5 decides before the expression, bob's groups are not looked at.
    assertThat(run("explain", "GET", "/orders/7", "--user", "bob", "--groups", "admin")).isEqualTo(0);
    assertThat(out()).isEqualTo(String.join("\n",
        "decision: deny 401 missing-api-key",
        "row 5: the rule has apiKeyRequired and no key was presented",
        "rule: ALL /orders/** (public, apiKeyRequired, clientType == \"web\" || groups.admin)",
        "expression: not evaluated (the row above decided first), so no atom values",
        ""));
    assertThat(out()).doesNotContain(" = ").doesNotContain("undefined");
    assertThat(javaApi(new ExplainProbe("GET", "/orders/7", null, null, User.of("bob", Set.of("admin"), Set.of()),
        false))).isEqualTo(out());
    out.reset();
    // Evaluated: the same user's atoms are shown with their values.
    assertThat(run("explain", "GET", "/orders/7", "--user", "bob", "--groups", "admin", "--client-type", "partner"))
        .isEqualTo(0);
    assertThat(out()).contains("expression: true\n  groups[\"admin\"] = true\n  clientType = \"partner\"\n");
  }

  @Test
  void explain_badConfig_listsTheSameProblemsAsCheckConfig(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, """
        { "apiKeys": [ { "secret": "demo-web-key", "clientType": "bad type", "active": "yes" } ],
          "endpoints": [ { "method": "GET", "path": "/orders/**", "userGroupPermission": "group.a" },
                         { "method": "GET", "userGroupPermision": "groups.a" } ] }
        """);
    assertThat(run("check-config", file.toString())).isEqualTo(1);
    String checked = err().lines().filter(line -> !line.startsWith("warning: "))
        .collect(Collectors.joining("\n", "", "\n"));
    assertThat(checked).startsWith(file + ": 5 problems\n").contains("unknown identifier 'group'")
        .contains("clientType must match").contains("path is required").contains("expected a boolean");
    err.reset();
    assertThat(run("explain", "GET", "/orders/7", "--config", file.toString())).isEqualTo(1);
    assertThat(err()).isEqualTo(checked).doesNotContain("demo-web-key");
    assertThat(out()).isEmpty();
  }

  @Test
  void explain_validConfigFile_isUsed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("good.yaml");
    Files.writeString(file, """
        endpoints:
          - { method: GET, path: /orders/**, public: true, userGroupPermission: groups.admin }
        """);
    assertThat(run("explain", "GET", "/orders/7", "--config", file.toString(), "--user", "bob", "--groups", "admin"))
        .isEqualTo(0);
    assertThat(out()).startsWith("decision: allow\n").contains("rule: GET /orders/** (public, groups.admin)");
    assertThat(err()).isEmpty();
  }

  @Test
  void explain_extraArgument_saysOnePathOnly_andTheUsageShowsOne() {
    assertThat(run("explain", "GET", "/orders/7", "/orders/8")).isEqualTo(2);
    assertThat(err()).contains("explain: one METHOD and one PATH only; unexpected argument '/orders/8'")
        .doesNotContain("required").doesNotContain("PATH...").contains("METHOD PATH\n");
    err.reset();
    assertThat(run("explain", "GET", "/a", "/b", "/c")).isEqualTo(2);
    assertThat(err()).contains("unexpected arguments '/b', '/c'");
    err.reset();
    assertThat(run("explain")).isEqualTo(2);
    assertThat(err()).contains("explain: Missing required parameters: 'METHOD', 'PATH'");
    assertThat(run("explain", "--help")).isEqualTo(0);
    assertThat(out()).contains("METHOD PATH\n").doesNotContain("PATH...").doesNotContain("METHOD PATH...");
  }

  @Test
  void explain_repeatedGroups_areAllTheUsersGroups() {
    assertThat(run("explain", "GET", "/catalog/x", "--user", "ann", "--groups", "staff", "--groups", "customers"))
        .isEqualTo(0);
    assertThat(out()).startsWith("decision: allow").contains("groups[\"customers\"] = true");
    assertThat(err()).isEmpty();
    out.reset();
    assertThat(run("explain", "GET", "/catalog/x", "--user", "ann", "--groups", " staff, ,customers ")).isEqualTo(0);
    assertThat(out()).startsWith("decision: allow");
    assertThat(run("explain", "--help")).isEqualTo(0);
    assertThat(out()).contains("--groups=GROUP[,GROUP...]").doesNotContain("a,b");
  }

  @Test
  void explain_badArguments_exit2_withTheReason() {
    assertThat(run("explain", "GET")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("explain: Missing required parameter: 'PATH'")
        .contains("usage: keywarden-examples explain");
    err.reset();
    assertThat(run("explain", "FETCH", "/x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("method must be GET, POST");
    err.reset();
    assertThat(run("explain", "GET", "/x", "--key", "k", "--client-type", "web")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("give --key or --client-type, not both");
    err.reset();
    assertThat(run("explain", "GET", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("PATH must start with /");
  }
}
