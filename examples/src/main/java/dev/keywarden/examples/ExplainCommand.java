package dev.keywarden.examples;

import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.Problem;
import dev.keywarden.access.AccessDecision;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.ExplainProbe;
import dev.keywarden.access.Explanation;
import dev.keywarden.access.HttpMethod;
import dev.keywarden.access.KeywardenConfig;
import dev.keywarden.access.User;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code explain METHOD PATH [--config FILE] [--key K | --client-type T] [--user ID] [--groups a,b]
 * [--permissions p,q] [--backoffice]}: what the guard built from a configuration decides on a
 * request, the row of the decision table that decided, the matched rule and each atom's value.
 */
@Command(name = "explain", description = {
    "What the guard built from a configuration decides on a request, the row of the decision",
    "table that decided, the matched rule and the value of each atom of its expression."},
    footer = {"", "Exit status: 0 explained, 1 on a bad configuration, 2 on a bad command line."})
final class ExplainCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;
  @Spec
  private CommandSpec spec;
  @Parameters(paramLabel = "METHOD PATH", arity = "0..*", description = "the request method and path, e.g. GET /orders/1")
  private List<String> positional = List.of();
  @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default: the bundled demo)")
  private Path config;
  @Option(names = "--key", paramLabel = "K", description = "the API key the request presents")
  private String key;
  @Option(names = "--client-type", paramLabel = "T", description = "a valid key of this client type")
  private String clientType;
  @Option(names = "--user", paramLabel = "ID", description = "the logged-in user's id")
  private String userId;
  @Option(names = "--groups", paramLabel = "a,b", description = "the user's groups, comma-separated (needs --user)")
  private String groups;
  @Option(names = "--permissions", paramLabel = "p,q", description = "the user's permissions, comma-separated (needs --user)")
  private String permissions;
  @Option(names = "--backoffice", description = "the request is a back-office one")
  private boolean backoffice;

  ExplainCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    if (positional.size() != 2) {
      throw usage("METHOD and PATH are required");
    }
    if (key != null && clientType != null) {
      throw usage("give --key or --client-type, not both");
    }
    if (userId == null && (groups != null || permissions != null)) {
      throw usage("--groups and --permissions need --user");
    }
    String method = positional.get(0);
    String path = positional.get(1);
    try {
      if (HttpMethod.parse(method) == HttpMethod.ALL) {
        throw new IllegalArgumentException("method must be one request method, not ALL");
      }
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("PATH must start with / (was '" + path + "')");
      }
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    AccessGuard guard;
    try {
      KeywardenConfig loaded = config == null ? ExampleServer.bundledConfig() : Tools.validConfig(config, false, err);
      if (loaded == null) {
        return 1; // the problems are printed, as check-config prints them
      }
      guard = AccessGuard.builder().config(loaded).build();
    } catch (ConfigFiles.ConfigFileException | InvalidConfigurationException e) {
      err.println(e.getMessage());
      return 1;
    }
    User user = userId == null ? null : User.of(userId, Tools.list(groups), Tools.list(permissions));
    Explanation explanation;
    try {
      explanation = guard.explain(new ExplainProbe(method.toUpperCase(Locale.ROOT), path, key, clientType, user,
          backoffice));
    } catch (InvalidConfigurationException e) {
      err.println("explain: " + e.problems().stream().map(Problem::toString).collect(Collectors.joining("; ")));
      return 2;
    }
    print(explanation, out);
    return 0;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
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
}
