package dev.keywarden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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

  @Test
  void explain_badArguments_exit2_withTheReason() {
    assertThat(run("explain", "GET")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("METHOD and PATH are required").contains("usage: keywarden-examples explain");
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
