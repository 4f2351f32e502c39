package dev.keywarden.admin;

import dev.keywarden.ApiKey;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.access.UserResolver;
import dev.keywarden.servlet.KeywardenFilter;
import dev.keywarden.store.InMemoryApiKeyStore;
import dev.keywarden.store.KeyResolver;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A host application as a user would write it, on a real container: a protected API
 * ({@code GET /orders}: a valid key of client type {@code web}) behind the Keywarden filter, the
 * admin mounted at {@code /keywarden/*} (administrators: group {@code keywarden-admin}), and a
 * second admin without an admin rule at {@code /closed/*}. The clock is moved by hand.
 */
final class AdminFixture implements AutoCloseable {
  static final String ADMIN_GROUP_RULE = "groups[\"keywarden-admin\"]";

  final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
  final InMemoryApiKeyStore store = InMemoryApiKeyStore.of(List.of(
      ApiKey.builder().secret("seed-web-key").clientType("web").id("seed1").description("seeded").build()));
  final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
  final AccessGuard appGuard = AccessGuard.builder()
      .keyResolver(KeyResolver.builder(store).clock(clock).build())
      .userResolver(UserResolver.trustedHeaders())
      .rule(EndpointRule.builder("GET", "/orders").isPublic(true).apiKeyRequired(true)
          .userGroupPermission("clientType == 'web'").build())
      .rule(EndpointRule.builder("GET", "/mia").isPublic(true)
          .userGroupPermission("groups.foo || clientType == \"bar\"").build())
      // The admin judges its own requests (with its own rule): the application filter lets them by.
      .rule(EndpointRule.builder("ALL", "/keywarden/**").isPublic(true).build())
      .rule(EndpointRule.builder("ALL", "/closed/**").isPublic(true).build())
      .build();
  final AdminServlet admin;
  final AdminServlet closed;
  final String kind;
  final int port;
  private final AutoCloseable stopper;

  AdminFixture(String kind) throws Exception {
    this(kind, UserResolver.trustedHeaders());
  }

  AdminFixture(String kind, UserResolver adminUsers) throws Exception {
    this.kind = kind;
    this.admin = AdminServlet.builder(store, appGuard).adminRule(ADMIN_GROUP_RULE).userResolver(adminUsers)
        .clock(clock).auditListener(audit::add).build();
    this.closed = AdminServlet.builder(store, appGuard).userResolver(adminUsers).build();
    Filter filter = KeywardenFilter.builder(appGuard).build();
    HttpServlet app = new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write("reached " + request.getRequestURI());
      }
    };
    if (kind.equals("jetty")) {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler("/");
      context.addServlet(new ServletHolder(app), "/*");
      context.addServlet(new ServletHolder(admin), "/keywarden/*");
      context.addServlet(new ServletHolder(closed), "/closed/*");
      context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
      server.setHandler(context);
      server.start();
      port = connector.getLocalPort();
      stopper = server::stop;
    } else {
      Tomcat tomcat = new Tomcat();
      tomcat.setBaseDir(Files.createTempDirectory("keywarden-admin-tomcat").toString());
      tomcat.setHostname("127.0.0.1");
      tomcat.setPort(0);
      tomcat.getConnector().setProperty("address", "127.0.0.1");
      Context context = tomcat.addContext("", null);
      Tomcat.addServlet(context, "app", app);
      context.addServletMappingDecoded("/*", "app");
      Tomcat.addServlet(context, "admin", admin);
      context.addServletMappingDecoded("/keywarden/*", "admin");
      Tomcat.addServlet(context, "closed", closed);
      context.addServletMappingDecoded("/closed/*", "closed");
      FilterDef definition = new FilterDef();
      definition.setFilterName("keywarden");
      definition.setFilter(filter);
      context.addFilterDef(definition);
      FilterMap mapping = new FilterMap();
      mapping.setFilterName("keywarden");
      mapping.addURLPattern("/*");
      mapping.setDispatcher(DispatcherType.REQUEST.name());
      context.addFilterMap(mapping);
      tomcat.start();
      port = tomcat.getConnector().getLocalPort();
      stopper = () -> {
        tomcat.stop();
        tomcat.destroy();
      };
    }
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws Exception {
    stopper.close();
  }

  /** A clock tests move by hand. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
