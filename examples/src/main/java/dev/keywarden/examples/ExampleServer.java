package dev.keywarden.examples;

import dev.keywarden.Problem;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.BackofficeDetector;
import dev.keywarden.access.KeywardenConfig;
import dev.keywarden.access.UserResolver;
import dev.keywarden.servlet.KeywardenFilter;
import dev.keywarden.store.InMemoryApiKeyStore;
import jakarta.servlet.DispatcherType;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo server: embedded Jetty serving {@link DemoApi}, protected by the Keywarden filter,
 * with keys and rules from a SPEC §8 JSON file (the bundled {@code demo-config.json} by
 * default). Users come from the Mia-style trusted headers and back-office from the trusted
 * {@code isbackoffice} header: <strong>demo only</strong>, since any client can send them.
 */
final class ExampleServer {
  static final String READY = "Keywarden demo server listening on ";

  private ExampleServer() {}

  /** Starts the server; returns -1 once it runs, 1 for a bad configuration or a failed start. */
  static int serve(Path configFile, int port, String jdbcUrl, PrintStream out, PrintStream err) {
    KeywardenConfig config;
    String source;
    List<Problem> problems;
    try {
      if (configFile == null) {
        config = bundledConfig();
        source = "the bundled demo configuration";
        problems = config.check().problems();
      } else {
        ConfigFiles.Loaded loaded = ConfigFiles.load(configFile); // type errors and model problems in one list
        config = loaded.config();
        source = configFile.toString();
        problems = loaded.problems();
      }
    } catch (ConfigFiles.ConfigFileException e) {
      err.println(e.getMessage());
      return 1;
    }
    if (!problems.isEmpty()) {
      err.println("The configuration in " + source + " is invalid, " + Tools.count(problems.size(), "problem") + ":");
      Tools.printProblems(problems, err);
      return 1;
    }
    AccessGuard.Builder builder = AccessGuard.builder()
        .userResolver(UserResolver.trustedHeaders())
        .backofficeDetector(BackofficeDetector.trustedHeader());
    InMemoryApiKeyStore managed = null; // the console manages in-memory keys (not --jdbc-url ones)
    if (jdbcUrl == null) {
      managed = InMemoryApiKeyStore.of(config.keys());
      builder.keyStore(managed).rule(DemoConsole.RULE).rules(config.rules());
    } else {
      try {
        builder.keyStore(JdbcKeys.open(jdbcUrl, config.keys(), out)).rules(config.rules());
        source = source + ", keys in " + JdbcKeys.shown(jdbcUrl);
      } catch (RuntimeException e) {
        err.println("could not use the database " + JdbcKeys.shown(jdbcUrl) + ": " + JdbcKeys.describe(e, jdbcUrl));
        return 1;
      }
    }
    AccessGuard guard = builder.build();
    // The documented password only over the bundled demo keys; a --config file holds real keys.
    String consolePassword = configFile == null ? DemoConsole.PASSWORD : DemoConsole.randomPassword();
    Server server;
    try {
      server = start(guard, managed, consolePassword, port);
    } catch (Exception e) {
      err.println("could not start the server on port " + port + ": " + e.getMessage());
      return 1;
    }
    int actualPort = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    printBanner(out, actualPort, source, configFile == null ? null : config);
    printConsoleLogin(out, actualPort, managed == null ? null : consolePassword, configFile == null);
    return -1;
  }

  static KeywardenConfig bundledConfig() throws ConfigFiles.ConfigFileException {
    return ConfigFiles.resource("/demo-config.json");
  }

  static Server start(AccessGuard guard, int port) throws Exception {
    return start(guard, null, port);
  }

  static Server start(AccessGuard guard, InMemoryApiKeyStore managed, int port) throws Exception {
    return start(guard, managed, DemoConsole.PASSWORD, port);
  }

  /** Starts the server; with {@code managed}, the key console over it, for {@code consolePassword}. */
  static Server start(AccessGuard guard, InMemoryApiKeyStore managed, String consolePassword, int port)
      throws Exception {
    Server server = new Server();
    // Jetty's per-connection header cache is case-insensitive: on a kept-alive connection a header
    // differing only in case from an earlier one (a key!) would come back as the earlier value.
    org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
    http.setHeaderCacheSize(0);
    ServerConnector connector = new ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(new FilterHolder(KeywardenFilter.builder(guard).realm("keywarden-demo").build()), "/*",
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC));
    context.addServlet(new ServletHolder(new DemoApi()), "/*");
    if (managed != null) {
      DemoConsole.mount(context, managed, guard, consolePassword);
    }
    server.setHandler(context);
    server.setStopAtShutdown(true);
    server.start();
    return server;
  }

  /** Prints where the server listens and example calls; {@code custom} is null for the bundled demo. */
  private static void printBanner(PrintStream out, int port, String source, KeywardenConfig custom) {
    String base = "http://localhost:" + port;
    out.println(READY + base + " (rules and keys from " + source + ")");
    out.println();
    out.println("DEMO ONLY: users come from the trusted headers miauserid/miausergroups and back-office from");
    out.println("the isbackoffice header. Any client can send these; in production only a gateway that");
    out.println("authenticates users and overwrites them may set them.");
    out.println();
    if (custom == null) {
      // The bundled demo's calls, each with the status it gets under the bundled configuration
      // (the smoke test runs them).
      out.println("Try these (expected status after '#'):");
      out.println();
      for (DemoScenarios.Scenario scenario : DemoScenarios.ALL) {
        out.println("# " + scenario.title() + ": expect " + scenario.expectedStatus());
        out.println(scenario.curl(base));
      }
    } else {
      RuleExamples.print(custom, base, out);
    }
    out.println();
  }

  /**
   * Prints how to log in to the key console, last, then how to stop: the password of a run over
   * a {@code --config} file is printed here only, once. {@code password} is null without a
   * console ({@code --jdbc-url}: the database's keys are managed there).
   */
  private static void printConsoleLogin(PrintStream out, int port, String password, boolean demo) {
    String console = "http://localhost:" + port + DemoConsole.PATH + "/";
    if (password == null) {
      out.println("Key console: not with --jdbc-url (manage the keys in the database)");
    } else if (demo) {
      out.println("Key console: " + console + " (demo administrator " + DemoConsole.USER + " / " + password + ")");
    } else {
      out.println("Key console: " + console + " (administrator " + DemoConsole.USER + ", password for this run only: "
          + password + ")");
    }
    out.println();
    out.println("Press Ctrl+C to stop.");
    out.flush();
  }
}
