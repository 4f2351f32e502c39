package dev.keywarden.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.BackofficeDetector;
import dev.keywarden.access.KeywardenConfig;
import dev.keywarden.access.UserResolver;
import dev.keywarden.servlet.KeywardenFilter;
import dev.keywarden.store.InMemoryApiKeyStore;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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

  static int serve(String[] args, PrintStream out, PrintStream err) {
    Arguments parsed;
    int port;
    try {
      parsed = Arguments.parse(args, Set.of("--config", "--port", "--jdbc-url"), Set.of());
      if (!parsed.positional.isEmpty()) {
        throw new Arguments.UsageException("unexpected argument '" + parsed.positional.get(0) + "'");
      }
      port = parsePort(parsed.option("--port"));
    } catch (Arguments.UsageException e) {
      err.println("serve: " + e.getMessage() + "\nusage: serve [--config FILE] [--port N] [--jdbc-url URL]");
      return 2;
    }
    KeywardenConfig config;
    String source;
    try {
      String file = parsed.option("--config");
      if (file == null) {
        config = bundledConfig();
        source = "the bundled demo configuration";
      } else {
        config = Tools.readConfig(Path.of(file));
        source = file;
      }
    } catch (Tools.ConfigFileException e) {
      err.println(e.getMessage());
      return 1;
    }
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      err.println("The configuration in " + source + " is invalid, " + problems.size()
          + (problems.size() == 1 ? " problem:" : " problems:"));
      for (String problem : problems) {
        err.println("  - " + problem.replace("\n", "\n    "));
      }
      return 1;
    }
    AccessGuard.Builder builder = AccessGuard.builder()
        .userResolver(UserResolver.trustedHeaders())
        .backofficeDetector(BackofficeDetector.trustedHeader());
    String jdbcUrl = parsed.option("--jdbc-url");
    InMemoryApiKeyStore managed = null; // the console manages in-memory keys (not --jdbc-url ones)
    if (jdbcUrl == null) {
      managed = InMemoryApiKeyStore.of(config.keys());
      builder.keyStore(managed).rule(DemoConsole.RULE).rules(config.rules());
    } else {
      try {
        builder.keyStore(JdbcKeys.open(jdbcUrl, config.keys(), out)).rules(config.rules());
        source = source + ", keys in " + JdbcKeys.redact(jdbcUrl);
      } catch (RuntimeException e) {
        err.println("could not use the database " + JdbcKeys.redact(jdbcUrl) + ": " + e.getMessage());
        return 1;
      }
    }
    AccessGuard guard = builder.build();
    Server server;
    try {
      server = start(guard, managed, port);
    } catch (Exception e) {
      err.println("could not start the server on port " + port + ": " + e.getMessage());
      return 1;
    }
    int actualPort = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    printBanner(out, actualPort, source);
    return -1;
  }

  private static int parsePort(String value) throws Arguments.UsageException {
    if (value == null) {
      return 8080;
    }
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65_535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new Arguments.UsageException("--port must be a number from 0 to 65535 (was '" + value + "')");
    }
  }

  static KeywardenConfig bundledConfig() throws Tools.ConfigFileException {
    try (InputStream in = ExampleServer.class.getResourceAsStream("/demo-config.json")) {
      return new ObjectMapper().readValue(in, KeywardenConfig.class);
    } catch (IOException e) {
      throw new Tools.ConfigFileException("the bundled demo configuration cannot be read: " + e.getMessage());
    }
  }

  static Server start(AccessGuard guard, int port) throws Exception {
    return start(guard, null, port);
  }

  static Server start(AccessGuard guard, InMemoryApiKeyStore managed, int port) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(new FilterHolder(KeywardenFilter.builder(guard).realm("keywarden-demo").build()), "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new DemoApi()), "/*");
    if (managed != null) {
      DemoConsole.mount(context, managed, guard);
    }
    server.setHandler(context);
    server.setStopAtShutdown(true);
    server.start();
    return server;
  }

  private static void printBanner(PrintStream out, int port, String source) {
    String base = "http://localhost:" + port;
    out.println(READY + base + " (rules and keys from " + source + ")");
    out.println("Key console: " + base + DemoConsole.PATH + "/ (demo administrator " + DemoConsole.USER + " / "
        + DemoConsole.PASSWORD + "; not with --jdbc-url)");
    out.println();
    out.println("DEMO ONLY: users come from the trusted headers miauserid/miausergroups and back-office from");
    out.println("the isbackoffice header. Any client can send these; in production only a gateway that");
    out.println("authenticates users and overwrites them may set them.");
    out.println();
    out.println("Try these (expected status after '#'):");
    out.println();
    for (DemoScenarios.Scenario scenario : DemoScenarios.ALL) {
      out.println("# " + scenario.title() + ": expect " + scenario.expectedStatus());
      out.println(scenario.curl(base));
    }
    out.println();
    out.println("Press Ctrl+C to stop.");
    out.flush();
  }
}
