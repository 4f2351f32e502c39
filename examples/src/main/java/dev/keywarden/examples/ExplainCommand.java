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
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code explain METHOD PATH [--config FILE] [--key K | --client-type T] [--user ID] [--groups GROUP,...]
 * [--permissions PERMISSION,...] [--backoffice]}: what the guard built from a configuration decides on a
 * request, the row of the decision table that decided, the matched rule and each atom's value.
 *
 * <p>The method is passed on as typed, so the answer is the server's: {@code get} is not
 * {@code GET} and is refused with 400, as the request firewall refuses it. Atom values are shown
 * only when the expression was evaluated: when the table decided before it (no key on a rule with
 * {@code apiKeyRequired}, say), the caller's facts were not all looked at, and values printed
 * then would read as real ones.
 */
@Command(name = "explain", description = {
    "Explain what the guard built from a configuration decides on a request: the row of the decision table that"
        + " decided, the matched rule and the value of each atom of its expression.",
    "Rules and keys come from the bundled demo configuration, or from --config FILE (JSON; YAML when the name ends"
        + " in .yaml or .yml); a file is checked as check-config checks it.",
    "METHOD is used as typed, as a server would see it: 'get' is not GET (the request firewall refuses it).",
    "Atom values are shown only when the expression was evaluated; when the decision came before it, the output"
        + " says 'not evaluated' and shows none."},
    footer = {"", "Exit status: 0 explained, 1 on a bad configuration, 2 on a bad command line."})
final class ExplainCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;
  @Spec
  private CommandSpec spec;
  @Parameters(index = "0", paramLabel = "METHOD", description = "the request method, e.g. GET")
  private String method;
  @Parameters(index = "1", paramLabel = "PATH", description = "the request path, e.g. /orders/1")
  private String path;
  // Caught here rather than by picocli, to say that one path is taken (hidden from the usage).
  @Parameters(index = "2..*", arity = "0..*", hidden = true)
  private List<String> extra = List.of();
  @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default: the bundled demo)")
  private Path config;
  @Option(names = "--key", paramLabel = "K", description = "the API key the request presents")
  private String key;
  @Option(names = "--client-type", paramLabel = "T", description = "a valid key of this client type")
  private String clientType;
  @Option(names = "--user", paramLabel = "ID", description = "the logged-in user's id")
  private String userId;
  @Option(names = "--groups", paramLabel = "GROUP", split = ",",
      description = "the user's groups, comma-separated; may be repeated (needs --user)")
  private List<String> groups;
  @Option(names = "--permissions", paramLabel = "PERMISSION", split = ",",
      description = "the user's permissions, comma-separated; may be repeated (needs --user)")
  private List<String> permissions;
  @Option(names = "--backoffice", description = "the request is a back-office one")
  private boolean backoffice;

  ExplainCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    if (!extra.isEmpty()) {
      throw usage("one METHOD and one PATH only; unexpected " + (extra.size() == 1 ? "argument " : "arguments ")
          + extra.stream().map(argument -> "'" + argument + "'").collect(Collectors.joining(", ")));
    }
    if (key != null && clientType != null) {
      throw usage("give --key or --client-type, not both");
    }
    if (userId == null && (groups != null || permissions != null)) {
      throw usage("--groups and --permissions need --user");
    }
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
      explanation = guard.explain(new ExplainProbe(method, path, key, clientType, user, backoffice));
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
    String expression = "expression" + (explanation.backoffice() ? " (back-office)" : "") + ": ";
    if (explanation.expressionResult() == null) {
      // The table decided first: the facts behind the atoms were not all looked at.
      out.println(expression + "not evaluated (the row above decided first), so no atom values");
      return;
    }
    out.println(expression + explanation.expressionResult());
    for (Explanation.Atom atom : explanation.atoms()) {
      out.println("  " + atom.atom() + " = " + atom.value());
    }
  }
}
