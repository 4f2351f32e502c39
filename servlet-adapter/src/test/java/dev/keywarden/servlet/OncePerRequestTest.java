package dev.keywarden.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKey;
import dev.keywarden.access.AccessEvent;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.store.InMemoryApiKeyStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 3: the decision is made once per request. The filter registered twice, or run
 * again on a FORWARD dispatch, neither decides again (the second pass used to miss the hidden key
 * and answer 401) nor lets an undecided request through.
 */
abstract class OncePerRequestTest {
  private final Queue<AccessEvent> events = new ConcurrentLinkedQueue<>();

  abstract String kind();

  @BeforeEach
  void clear() {
    events.clear();
  }

  private KeywardenFilter filter() {
    AccessGuard guard = AccessGuard.builder()
        .keyStore(InMemoryApiKeyStore.of(List.of(ApiKey.builder().secret("once-web-key").clientType("web").build(),
            ApiKey.builder().secret("once-bar-key").clientType("bar").build())))
        .listener(events::add)
        .rule(EndpointRule.builder("ALL", "/**").isPublic(true).build())
        .rule(EndpointRule.builder("ALL", "/keyed/**").isPublic(true).apiKeyRequired(true)
            .userGroupPermission("clientType == 'web'").build())
        .rule(EndpointRule.builder("ALL", "/fwd/**").isPublic(true).apiKeyRequired(true).build())
        .build();
    return KeywardenFilter.builder(guard).build();
  }

  /** Forwards every request to /keyed/target. */
  static final class Forwarder extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      request.getRequestDispatcher("/keyed/target").forward(request, response);
    }
  }

  /** Fails every request: the container then dispatches to its error page. */
  static final class Boom extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException {
      throw new ServletException("boom");
    }
  }

  /** The container's error page: echoes what it sees, keeps the container's status, counts its runs. */
  static final class ErrorEcho extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final AtomicInteger runs = new AtomicInteger();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      runs.incrementAndGet();
      StringBuilder body = new StringBuilder("error-page=true\n");
      for (String header : List.of("client-type", "client-key", "isbackoffice")) {
        body.append(header).append('=').append(String.join(",", Collections.list(request.getHeaders(header))))
            .append('\n');
      }
      response.setContentType("text/plain;charset=utf-8");
      response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private final ErrorEcho errorPage = new ErrorEcho();

  /** Starts the application with the filter registered {@code times} times for the dispatchers. */
  private EmbeddedContainer start(int times, Set<DispatcherType> dispatchers) throws Exception {
    KeywardenFilter filter = filter();
    if (kind().equals("jetty")) {
      Server server = new Server();
      var connector = EmbeddedContainer.jettyConnector(server);
      ServletContextHandler context = new ServletContextHandler("/");
      context.addServlet(new ServletHolder(new Forwarder()), "/fwd/*");
      context.addServlet(new ServletHolder(new Boom()), "/keyed/boom");
      context.addServlet(new ServletHolder(errorPage), "/error-page");
      ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
      errors.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, "/error-page");
      context.setErrorHandler(errors);
      context.addServlet(new ServletHolder(new EchoServlet()), "/");
      for (int i = 0; i < times; i++) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setName("keywarden-" + i);
        context.addFilter(holder, "/*", EnumSet.copyOf(dispatchers));
      }
      server.setHandler(context);
      server.start();
      return new EmbeddedContainer.Running("jetty", connector.getLocalPort(), server::stop);
    }
    Tomcat tomcat = EmbeddedContainer.loopbackTomcat();
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "fwd", new Forwarder());
    context.addServletMappingDecoded("/fwd/*", "fwd");
    Tomcat.addServlet(context, "boom", new Boom());
    context.addServletMappingDecoded("/keyed/boom", "boom");
    Tomcat.addServlet(context, "error-page", errorPage);
    context.addServletMappingDecoded("/error-page", "error-page");
    ErrorPage everyError = new ErrorPage();
    everyError.setLocation("/error-page");
    context.addErrorPage(everyError);
    Tomcat.addServlet(context, "echo", new EchoServlet());
    context.addServletMappingDecoded("/", "echo");
    for (int i = 0; i < times; i++) {
      FilterDef definition = new FilterDef();
      definition.setFilterName("keywarden-" + i);
      definition.setFilter(filter);
      context.addFilterDef(definition);
      FilterMap mapping = new FilterMap();
      mapping.setFilterName("keywarden-" + i);
      mapping.addURLPattern("/*");
      dispatchers.forEach(type -> mapping.setDispatcher(type.name()));
      context.addFilterMap(mapping);
    }
    tomcat.start();
    return new EmbeddedContainer.Running("tomcat", tomcat.getConnector().getLocalPort(), () -> {
      tomcat.stop();
      tomcat.destroy();
    });
  }

  @Test
  void registeredTwice_decidesOnce_andLetsTheAllowedRequestThrough() throws Exception {
    try (EmbeddedContainer app = start(2, EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD,
        DispatcherType.ERROR))) {
      Http.Response allowed = Http.raw(app.port(), "GET", "/keyed/x", "client-key: once-web-key");
      assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
      assertThat(allowed.echo("caller.clientType")).isEqualTo("web");
      assertThat(allowed.echo("client-key")).isEmpty();
      assertThat(events).hasSize(1);
      events.clear();
      Http.Response denied = Http.raw(app.port(), "GET", "/keyed/x", "client-key: once-bar-key");
      assertThat(denied.status()).isEqualTo(403);
      assertThat(denied.reachedApplication()).isFalse();
      assertThat(events).hasSize(1);
    }
  }

  @Test
  void forwardDispatch_isNotDecidedAgain() throws Exception {
    try (EmbeddedContainer app = start(1, EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD))) {
      Http.Response forwarded = Http.raw(app.port(), "GET", "/fwd/x", "client-key: once-web-key");
      assertThat(forwarded.status()).as(forwarded.body()).isEqualTo(200);
      assertThat(forwarded.echo("path")).isEqualTo("/keyed/target");
      assertThat(forwarded.echo("client-key")).isEmpty();
      assertThat(events).hasSize(1);
      events.clear();
      Http.Response anonymous = Http.raw(app.port(), "GET", "/fwd/x");
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.reachedApplication()).isFalse();
      assertThat(events).hasSize(1);
    }
  }

  @Test
  void anUndecidedForward_isRefused() throws Exception {
    // Registered for FORWARD only: the forwarding servlet already ran without a decision, so the
    // forward is refused rather than decided (fail closed: the filter is misregistered).
    try (EmbeddedContainer app = start(1, EnumSet.of(DispatcherType.FORWARD))) {
      Http.Response withKey = Http.raw(app.port(), "GET", "/fwd/x", "client-key: once-web-key");
      assertThat(withKey.status()).isEqualTo(500);
      assertThat(withKey.body()).contains("\"code\":\"internal-error\"");
      assertThat(withKey.reachedApplication()).isFalse();
      assertThat(events).isEmpty();
    }
  }

  @Test
  void anErrorPage_seesTheAllowedRequestProtected() throws Exception {
    try (EmbeddedContainer app = start(1, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR))) {
      Http.Response failed = Http.raw(app.port(), "GET", "/keyed/boom", "client-key: once-web-key",
          "client-type: admin", "isbackoffice: true");
      assertThat(failed.status()).as(failed.body()).isEqualTo(500);
      assertThat(failed.echo("error-page")).as(failed.body()).isEqualTo("true");
      assertThat(failed.echo("client-type")).isEqualTo("web");
      assertThat(failed.echo("client-key")).isEmpty();
      assertThat(failed.echo("isbackoffice")).isEmpty();
      assertThat(events).hasSize(1);
    }
  }

  @Test
  void aRequestTheContainerRefused_neverReachesTheErrorPage() throws Exception {
    try (EmbeddedContainer app = start(1, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR))) {
      Http.Response trace = Http.raw(app.port(), "TRACE", "/keyed/x", "client-key: once-web-key",
          "client-type: admin", "isbackoffice: true");
      if (kind().equals("tomcat")) {
        assertThat(trace.status()).isEqualTo(405); // refused by Tomcat itself, before any filter
        assertThat(events).isEmpty();
      }
      assertThat(trace.body()).doesNotContain("error-page=true").doesNotContain("client-type");
      assertThat(errorPage.runs).hasValue(0);
      Http.Response anonymousBoom = Http.raw(app.port(), "GET", "/keyed/boom");
      assertThat(anonymousBoom.status()).isEqualTo(401);
      assertThat(errorPage.runs).hasValue(0);
    }
  }
}
