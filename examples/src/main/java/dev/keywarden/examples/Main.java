package dev.keywarden.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The examples jar: {@code serve} runs the demo server; {@code generate-key}, {@code check-config}
 * and {@code eval} are the command-line tools. Arguments are parsed by picocli; exit statuses are
 * 0 success, 1 invalid input (a bad configuration file or expression), 2 a command line that
 * cannot be understood.
 */
@Command(name = "keywarden-examples", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "The Keywarden demo server and command-line tools.",
    footer = {"", "Run 'java -jar keywarden-examples.jar COMMAND --help' for a command's options.",
        "Exit status: 0 success, 1 invalid input, 2 bad command line."})
public final class Main implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  private Main() {}

  /**
   * Runs a command and exits with its status, unless it started a server that keeps running.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status >= 0) {
      System.exit(status);
    }
  }

  /**
   * Runs a command; returns its exit status, or -1 when a server was started and keeps running.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine commandLine = commandLine(out, err);
    PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    commandLine.setOut(outWriter).setErr(errWriter);
    try {
      return commandLine.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** The command tree, writing results to {@code out} and diagnostics to {@code err}. */
  static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(new Main())
        .addSubcommand("serve", new Commands.Serve(out, err))
        .addSubcommand("generate-key", new Commands.GenerateKey(out, err))
        .addSubcommand("check-config", new Commands.CheckConfig(out, err))
        .addSubcommand("eval", new Commands.Eval(out, err))
        .addSubcommand("help", new CommandLine.HelpCommand());
    // "@file" arguments would otherwise be replaced by the file's content: not wanted for
    // expressions and file names.
    commandLine.setExpandAtFiles(false);
    commandLine.setParameterExceptionHandler(Main::usageError);
    return commandLine;
  }

  /** No command given: the usage, as an error. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("missing COMMAND");
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  /** Prints "command: what is wrong", any suggestion, and that command's usage; exit 2. */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine where = e.getCommandLine();
    PrintWriter err = where.getErr();
    String message = e.getMessage();
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched && where.getParent() == null
        && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
      message = "unknown command '" + unmatched.getUnmatched().get(0) + "'";
    }
    err.println(where.getCommandName() + ": " + message);
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    if (where.getParent() == null) {
      err.println();
      where.usage(err);
    } else {
      err.print("usage: " + where.getHelp().synopsis(0));
      err.println("Run '" + where.getCommandSpec().qualifiedName() + " --help' for more.");
    }
    return CommandLine.ExitCode.USAGE;
  }

  /** The project version, from a resource filtered by the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      return new String[] {"keywarden-examples " + projectVersion()};
    }

    static String projectVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          throw new IOException("version.properties is missing from the jar");
        }
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    }
  }
}
