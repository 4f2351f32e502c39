package dev.keywarden.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyGenerator;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.Problem;
import dev.keywarden.access.KeywardenConfig;
import dev.keywarden.expression.ExpressionSyntaxException;
import dev.keywarden.expression.GroupExpression;
import dev.keywarden.expression.Subject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the command-line tools do, once {@link Commands} has parsed their arguments. Exit
 * statuses: 0 success, 1 invalid input (a bad configuration file, a bad expression).
 */
final class Tools {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Tools() {}

  /**
   * {@code generate-key}: prints a new secret once and a configuration entry with its digest.
   *
   * @throws IllegalArgumentException for a bad client type or prefix, with the reason
   */
  static void generateKey(String clientType, String prefix, PrintStream out) {
    ApiKeyGenerator generator = prefix == null ? ApiKeyGenerator.defaultGenerator() : ApiKeyGenerator.withPrefix(prefix);
    String secret = generator.generate();
    ApiKey key;
    try {
      key = ApiKey.builder().secret(secret).clientType(clientType).build();
    } catch (InvalidConfigurationException e) {
      String problems = e.problems().stream().map(Problem::toString).collect(Collectors.joining("; "));
      throw new IllegalArgumentException(problems, e);
    }
    ObjectNode snippet = MAPPER.createObjectNode();
    snippet.put("id", key.id());
    snippet.put("secretSha256", key.digest().hex());
    snippet.put("clientType", key.clientType());
    snippet.put("active", true);
    out.println("API key (shown once; give it to the client and keep only the digest below):");
    out.println();
    out.println("  " + secret);
    out.println();
    out.println("Configuration entry for \"apiKeys\":");
    out.println();
    out.println("  " + snippet);
  }

  /**
   * {@code check-config FILE}: 0 valid (warnings go to {@code err} too), 1 invalid. Every problem
   * of a file that could be parsed is listed at once, type errors and unknown fields with the
   * model's own (SPEC §8).
   */
  static int checkConfig(Path file, PrintStream out, PrintStream err) {
    KeywardenConfig config = validConfig(file, true, err);
    if (config == null) {
      return 1;
    }
    out.println(file + ": OK (" + count(config.apiKeys().size(), "API key") + ", "
        + count(config.endpoints().size(), "endpoint") + ")");
    return 0;
  }

  /**
   * Reads a configuration file for a command that needs a valid one ({@code check-config},
   * {@code explain --config}), so that each reports the same problems: returns the
   * configuration, or null once it has printed why not to {@code err} (the file cannot be read
   * or parsed, or {@code FILE: N problems} and the one list of them). With {@code warn}, a
   * warning for each rule relying on the default {@code userGroupPermission} comes first.
   */
  static KeywardenConfig validConfig(Path file, boolean warn, PrintStream err) {
    ConfigFiles.Loaded loaded;
    try {
      loaded = ConfigFiles.load(file);
    } catch (ConfigFiles.ConfigFileException e) {
      err.println(e.getMessage());
      return null;
    }
    if (warn) {
      for (String warning : ConfigFiles.warnings(loaded.config())) {
        err.println(warning);
      }
    }
    List<Problem> problems = loaded.problems();
    if (problems.isEmpty()) {
      return loaded.config();
    }
    err.println(file + ": " + count(problems.size(), "problem"));
    printProblems(problems, err);
    return null;
  }

  /** A count with its noun in the singular or plural: {@code 1 API key}, {@code 0 endpoints}. */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /**
   * Prints each problem as a list item, its location first (when it has one: a duplicate names
   * its entries in the message) and a multi-line message (an expression's caret) indented.
   */
  static void printProblems(List<Problem> problems, PrintStream err) {
    for (Problem problem : problems) {
      String message = problem.message().replace("\n", "\n    ");
      err.println("  - " + (problem.location().isEmpty() ? message : problem.location() + ": " + message));
    }
  }

  /** {@code eval EXPRESSION}: prints true or false; 1 with the caret error for a bad expression. */
  static int eval(String text, List<String> groups, List<String> permissions, String clientType, boolean backoffice,
      PrintStream out, PrintStream err) {
    GroupExpression expression;
    try {
      expression = GroupExpression.parse(text);
    } catch (ExpressionSyntaxException e) {
      err.println(e.getMessage());
      return 1;
    }
    Subject subject = Subject.of(list(groups), list(permissions), clientType, backoffice);
    out.println(expression.test(subject));
    return 0;
  }

  /**
   * The names given to a repeatable comma-separated option ({@code --groups a,b --groups c}, split
   * by picocli), trimmed, blanks dropped, in order; empty for an option not given (null).
   */
  static Set<String> list(List<String> names) {
    Set<String> values = new LinkedHashSet<>();
    if (names != null) {
      for (String value : names) {
        if (!value.isBlank()) {
          values.add(value.trim());
        }
      }
    }
    return values;
  }
}
