package dev.keywarden.examples;

import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.access.AccessDecision;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.ExplainProbe;
import dev.keywarden.access.Explanation;
import dev.keywarden.access.HttpMethod;
import dev.keywarden.access.KeywardenConfig;
import dev.keywarden.access.User;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code explain METHOD PATH [--config FILE] [--key K | --client-type T] [--user ID] [--groups a,b]
 * [--permissions p,q] [--backoffice]}: what the guard built from a configuration decides on a
 * request, the row of the decision table that decided, the matched rule and each atom's value.
 */
final class ExplainCommand {
  static final String USAGE = "usage: explain METHOD PATH [--config FILE] [--key K | --client-type T] [--user ID]"
      + " [--groups a,b] [--permissions p,q] [--backoffice]";

  private ExplainCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    Arguments parsed;
    try {
      parsed = Arguments.parse(args, Set.of("--config", "--key", "--client-type", "--user", "--groups", "--permissions"),
          Set.of("--backoffice"));
      if (parsed.positional.size() != 2) {
        throw new Arguments.UsageException("METHOD and PATH are required");
      }
      if (parsed.option("--key") != null && parsed.option("--client-type") != null) {
        throw new Arguments.UsageException("give --key or --client-type, not both");
      }
      if (parsed.option("--user") == null && (parsed.option("--groups") != null || parsed.option("--permissions") != null)) {
        throw new Arguments.UsageException("--groups and --permissions need --user");
      }
    } catch (Arguments.UsageException e) {
      err.println("explain: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }
    String method = parsed.positional.get(0);
    String path = parsed.positional.get(1);
    try {
      if (HttpMethod.parse(method) == HttpMethod.ALL) {
        throw new IllegalArgumentException("method must be one request method, not ALL");
      }
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("PATH must start with / (was '" + path + "')");
      }
    } catch (IllegalArgumentException e) {
      err.println("explain: " + e.getMessage());
      return 2;
    }
    AccessGuard guard;
    try {
      String file = parsed.option("--config");
      KeywardenConfig config = file == null ? ExampleServer.bundledConfig() : Tools.readConfig(Path.of(file));
      guard = AccessGuard.builder().config(config).build();
    } catch (Tools.ConfigFileException | InvalidConfigurationException e) {
      err.println(e.getMessage());
      return 1;
    }
    String userId = parsed.option("--user");
    User user = userId == null ? null
        : User.of(userId, names(parsed.option("--groups")), names(parsed.option("--permissions")));
    Explanation explanation;
    try {
      explanation = guard.explain(new ExplainProbe(method.toUpperCase(java.util.Locale.ROOT), path,
          parsed.option("--key"), parsed.option("--client-type"), user, parsed.flag("--backoffice")));
    } catch (InvalidConfigurationException e) {
      err.println("explain: " + String.join("; ", e.problems()));
      return 2;
    }
    print(explanation, out);
    return 0;
  }

  static void print(Explanation explanation, PrintStream out) {
    AccessDecision decision = explanation.decision();
    if (decision instanceof AccessDecision.Deny deny) {
      out.println("decision: deny " + deny.status() + " " + deny.code().code());
    } else if (decision instanceof AccessDecision.Allow) {
      out.println("decision: allow");
    } else {
      out.println("decision: pass through");
    }
    out.println((explanation.row().number().isPresent() ? "row " + explanation.row().number().getAsInt() : "decided")
        + ": " + explanation.row().condition());
    if (explanation.rule() == null) {
      out.println("rule: none matched");
      return;
    }
    out.println("rule: " + explanation.rule());
    out.println("expression" + (explanation.backoffice() ? " (back-office)" : "") + ": "
        + (explanation.expressionResult() == null ? "not evaluated" : explanation.expressionResult()));
    for (Explanation.Atom atom : explanation.atoms()) {
      out.println("  " + atom.atom() + " = " + atom.value());
    }
  }

  private static Set<String> names(String commaSeparated) {
    Set<String> names = new LinkedHashSet<>();
    if (commaSeparated != null) {
      for (String name : commaSeparated.split(",")) {
        if (!name.isBlank()) {
          names.add(name.trim());
        }
      }
    }
    return names;
  }
}
