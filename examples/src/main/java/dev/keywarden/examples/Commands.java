package dev.keywarden.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The subcommands' command lines (picocli). Each only parses and checks its arguments and hands
 * them to {@link ExampleServer} or {@link Tools}; a bad argument is a
 * {@link CommandLine.ParameterException}, answered with exit status 2 and the usage.
 */
final class Commands {
  private Commands() {}

  /** {@code serve}. */
  @Command(name = "serve", description = {
      "Run the demo server (embedded Jetty) on 127.0.0.1, printing example curl commands.",
      "Rules and keys come from the bundled demo configuration, or from --config FILE (JSON; YAML when the name ends"
          + " in .yaml or .yml).",
      "The key console at /keywarden/ logs in admin / keywarden-demo over the demo keys; with --config its password"
          + " is drawn at each start and printed once.",
      "DEMO ONLY: users come from the trusted miauserid/miausergroups headers."},
      footer = {"", "Exit status: keeps running once started; 1 on a bad configuration, 2 on a bad command line."})
  static final class Serve implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    @Spec
    private CommandSpec spec;
    @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default: the bundled demo)")
    private Path config;
    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
        description = "port, 0 for any free one (default: ${DEFAULT-VALUE})")
    private int port;
    @Option(names = "--jdbc-url", paramLabel = "URL",
        description = "keep the keys in this database (H2 or PostgreSQL); the configuration's keys are added")
    private String jdbcUrl;

    Serve(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      if (port < 0 || port > 65_535) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--port must be a number from 0 to 65535 (was " + port + ")");
      }
      return ExampleServer.serve(config, port, jdbcUrl, out, err);
    }
  }

  /** {@code generate-key}. */
  @Command(name = "generate-key", description = {
      "Print a new API key once, and a configuration entry holding only its SHA-256 digest."},
      footer = {"", "Exit status: 0, or 2 on a bad command line."})
  static final class GenerateKey implements Callable<Integer> {
    private final PrintStream out;
    @Spec
    private CommandSpec spec;
    @Option(names = "--client-type", paramLabel = "T", required = true,
        description = "the key's client type, matching ^[A-Za-z_][A-Za-z0-9_]*$")
    private String clientType;
    @Option(names = "--prefix", paramLabel = "P", description = "the key's prefix, 1 to 20 of [A-Za-z0-9] (default: kw)")
    private String prefix;

    GenerateKey(PrintStream out, PrintStream err) {
      this.out = out;
    }

    @Override
    public Integer call() {
      try {
        Tools.generateKey(clientType, prefix, out);
        return 0;
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
  }

  /** {@code check-config}. */
  @Command(name = "check-config", description = {
      "Validate a configuration file, printing every problem with where it is.",
      "Warns about each rule without userGroupPermission (it then defaults to \"true\").",
      "JSON; YAML when the name ends in .yaml or .yml."},
      footer = {"", "Exit status: 0 valid (warnings included), 1 invalid, 2 on a bad command line."})
  static final class CheckConfig implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    @Parameters(paramLabel = "FILE", description = "the configuration file")
    private Path file;

    CheckConfig(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      return Tools.checkConfig(file, out, err);
    }
  }

  /** {@code eval}. */
  @Command(name = "eval", description = {
      "Evaluate a user group expression for a caller; prints true or false."},
      footer = {"", "Exit status: 0, 1 on a bad expression (with a caret under the spot), 2 on a bad command line."})
  static final class Eval implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    @Parameters(paramLabel = "EXPRESSION", description = "the expression, quoted as one argument")
    private String expression;
    @Option(names = "--groups", paramLabel = "GROUP", split = ",",
        description = "the caller's groups, comma-separated; may be repeated")
    private List<String> groups;
    @Option(names = "--permissions", paramLabel = "PERMISSION", split = ",",
        description = "the caller's permissions, comma-separated; may be repeated")
    private List<String> permissions;
    @Option(names = "--client-type", paramLabel = "T", description = "the client type of the caller's valid key")
    private String clientType;
    @Option(names = "--backoffice", description = "the request is a back-office one")
    private boolean backoffice;

    Eval(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      return Tools.eval(expression, groups, permissions, clientType, backoffice, out, err);
    }
  }
}
