package dev.keywarden.examples;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The examples jar: {@code serve} runs the demo server; {@code generate-key}, {@code check-config}
 * and {@code eval} are the command-line tools.
 */
public final class Main {
  static final String USAGE = String.join("\n",
      "usage: java -jar keywarden-examples.jar COMMAND [OPTIONS]",
      "",
      "commands:",
      "  serve [--config FILE] [--port N] [--jdbc-url URL]",
      "                                         run the demo server (default port 8080, bundled demo config;",
      "                                         with --jdbc-url, keys live in that database)",
      "  generate-key --client-type T [--prefix P]",
      "                                         print a new API key once, and a config snippet with its digest",
      "  check-config FILE                      validate a configuration file; exit 0 if valid, 1 if not",
      "  eval 'EXPRESSION' [--groups a,b] [--permissions p,q] [--client-type T] [--backoffice]",
      "                                         evaluate a user group expression: prints true or false",
      "  explain METHOD PATH [--config FILE] [--key K | --client-type T] [--user ID] [--groups a,b] ...",
      "                                         what the guard decides on a request, and why");

  private Main() {}

  /**
   * Runs a command.
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
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "serve":
        return ExampleServer.serve(rest, out, err);
      case "generate-key":
        return Tools.generateKey(rest, out, err);
      case "check-config":
        return Tools.checkConfig(rest, out, err);
      case "eval":
        return Tools.eval(rest, out, err);
      case "explain":
        return ExplainCommand.run(rest, out, err);
      case "help":
      case "--help":
      case "-h":
        out.println(USAGE);
        return 0;
      default:
        err.println("unknown command '" + args[0] + "'\n\n" + USAGE);
        return 2;
    }
  }
}
