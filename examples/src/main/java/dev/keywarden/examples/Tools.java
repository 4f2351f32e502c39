package dev.keywarden.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyGenerator;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.access.KeywardenConfig;
import dev.keywarden.expression.ExpressionSyntaxException;
import dev.keywarden.expression.GroupExpression;
import dev.keywarden.expression.Subject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command-line tools. Exit statuses: 0 success, 1 invalid input (a bad configuration file,
 * a bad expression), 2 a command line that cannot be understood.
 */
final class Tools {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Tools() {}

  /** {@code generate-key --client-type T [--prefix P]}. */
  static int generateKey(String[] args, PrintStream out, PrintStream err) {
    Arguments parsed;
    try {
      parsed = Arguments.parse(args, Set.of("--client-type", "--prefix"), Set.of());
      if (!parsed.positional.isEmpty()) {
        throw new Arguments.UsageException("unexpected argument '" + parsed.positional.get(0) + "'");
      }
      if (parsed.option("--client-type") == null) {
        throw new Arguments.UsageException("--client-type is required");
      }
    } catch (Arguments.UsageException e) {
      err.println("generate-key: " + e.getMessage() + "\nusage: generate-key --client-type T [--prefix P]");
      return 2;
    }
    ApiKeyGenerator generator;
    try {
      String prefix = parsed.option("--prefix");
      generator = prefix == null ? ApiKeyGenerator.defaultGenerator() : ApiKeyGenerator.withPrefix(prefix);
    } catch (IllegalArgumentException e) {
      err.println("generate-key: " + e.getMessage());
      return 2;
    }
    String secret = generator.generate();
    ApiKey key;
    try {
      key = ApiKey.builder().secret(secret).clientType(parsed.option("--client-type")).build();
    } catch (InvalidConfigurationException e) {
      err.println("generate-key: " + String.join("; ", e.problems()));
      return 2;
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
    return 0;
  }

  /** {@code check-config FILE}. */
  static int checkConfig(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 1 || args[0].startsWith("--")) {
      err.println("check-config: expected exactly one FILE\nusage: check-config FILE");
      return 2;
    }
    Path file = Path.of(args[0]);
    KeywardenConfig config;
    try {
      config = readConfig(file);
    } catch (ConfigFileException e) {
      err.println(e.getMessage());
      return 1;
    }
    List<String> problems = config.problems();
    if (problems.isEmpty()) {
      out.println(file + ": OK (" + config.apiKeys().size() + " API keys, " + config.endpoints().size() + " endpoints)");
      return 0;
    }
    err.println(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
    for (String problem : problems) {
      err.println("  - " + problem.replace("\n", "\n    "));
    }
    return 1;
  }

  /** {@code eval 'EXPRESSION' [--groups a,b] [--permissions p,q] [--client-type T] [--backoffice]}. */
  static int eval(String[] args, PrintStream out, PrintStream err) {
    Arguments parsed;
    try {
      parsed = Arguments.parse(args, Set.of("--groups", "--permissions", "--client-type"), Set.of("--backoffice"));
      if (parsed.positional.size() != 1) {
        throw new Arguments.UsageException(parsed.positional.isEmpty()
            ? "the EXPRESSION is required" : "expected one EXPRESSION; quote it as a single argument");
      }
    } catch (Arguments.UsageException e) {
      err.println("eval: " + e.getMessage()
          + "\nusage: eval 'EXPRESSION' [--groups a,b] [--permissions p,q] [--client-type T] [--backoffice]");
      return 2;
    }
    GroupExpression expression;
    try {
      expression = GroupExpression.parse(parsed.positional.get(0));
    } catch (ExpressionSyntaxException e) {
      err.println(e.getMessage());
      return 1;
    }
    Subject subject = Subject.of(list(parsed.option("--groups")), list(parsed.option("--permissions")),
        parsed.option("--client-type"), parsed.flag("--backoffice"));
    out.println(expression.test(subject));
    return 0;
  }

  private static Set<String> list(String commaSeparated) {
    Set<String> values = new LinkedHashSet<>();
    if (commaSeparated != null) {
      for (String value : commaSeparated.split(",")) {
        if (!value.isBlank()) {
          values.add(value.trim());
        }
      }
    }
    return values;
  }

  /** A configuration file that cannot be read or is not well-formed JSON. */
  static final class ConfigFileException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigFileException(String message) {
      super(message);
    }
  }

  /** Reads a configuration file: any JSON or binding problem becomes one clear message. */
  static KeywardenConfig readConfig(Path file) throws ConfigFileException {
    try {
      String text = Files.readString(file);
      return MAPPER.readValue(text, KeywardenConfig.class);
    } catch (NoSuchFileException e) {
      throw new ConfigFileException(file + ": no such file");
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new ConfigFileException(file + ": not a valid configuration" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigFileException(file + ": cannot be read: " + e.getMessage());
    }
  }
}
