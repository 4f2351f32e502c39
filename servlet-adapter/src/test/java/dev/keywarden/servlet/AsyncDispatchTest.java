package dev.keywarden.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKey;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.store.InMemoryApiKeyStore;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

/**
 * An application that goes asynchronous with the no-argument {@code startAsync()} sees the
 * protected request, whether it dispatches ({@code ac.dispatch(path)}) or reads
 * {@code ac.getRequest()} on another thread: the servlet specification gives such an
 * {@code AsyncContext} the original request, which used to be the raw one (its key, a client-sent
 * {@code client-type} and {@code isbackoffice}). Both with the filter on {@code REQUEST} and
 * {@code ERROR}, as documented before, and on {@code ASYNC} too, as documented now. Run once per
 * container by the subclasses.
 */
abstract class AsyncDispatchTest {
  private static final String KEY = "async-web-key-7Hq";
  private static final Set<DispatcherType> BEFORE = EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR);
  private static final Set<DispatcherType> DOCUMENTED =
      EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);

  abstract String kind();

  private static KeywardenFilter filter() {
    AccessGuard guard = AccessGuard.builder()
        .keyStore(InMemoryApiKeyStore.of(List.of(ApiKey.builder().secret(KEY).clientType("web").build())))
        .keyExtractor(KeyExtractor.builder().withBearer().build())
        .rule(EndpointRule.builder("ALL", "/**").isPublic(true).apiKeyRequired(true).build())
        .build();
    return KeywardenFilter.builder(guard).build();
  }

  /**
   * Goes asynchronous on {@code /dispatch} (then dispatches to {@code /target}) and on
   * {@code /thread} (then echoes {@code ac.getRequest()} from a container thread); echoes
   * everything else.
   */
  static final class AsyncApp extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final EchoServlet echo = new EchoServlet();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      String path = ServletRequestView.pathOf(request);
      if (request.getDispatcherType() == DispatcherType.REQUEST && path.equals("/dispatch")) {
        request.startAsync().dispatch("/target");
      } else if (request.getDispatcherType() == DispatcherType.REQUEST && path.equals("/thread")) {
        AsyncContext async = request.startAsync();
        async.start(() -> {
          try {
            echo.service((HttpServletRequest) async.getRequest(), (HttpServletResponse) async.getResponse());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } finally {
            async.complete();
          }
        });
      } else {
        echo.service(request, response);
      }
    }
  }

  /**
   * The application with the filter on the given dispatchers, as a user registers it: Jetty's
   * {@code FilterHolder} as it comes (asynchronous support on by default for an embedded holder),
   * Tomcat's {@code FilterDef} with {@code asyncSupported} set, as the README says.
   */
  private EmbeddedContainer start(Set<DispatcherType> dispatchers) throws Exception {
    if (kind().equals("jetty")) {
      Server server = new Server();
      var connector = EmbeddedContainer.jettyConnector(server);
      ServletContextHandler context = new ServletContextHandler("/");
      ServletHolder app = new ServletHolder(new AsyncApp());
      app.setAsyncSupported(true);
      context.addServlet(app, "/*");
      context.addFilter(new FilterHolder(filter()), "/*", EnumSet.copyOf(dispatchers));
      server.setHandler(context);
      server.start();
      return new EmbeddedContainer.Running("jetty", connector.getLocalPort(), server::stop);
    }
    Tomcat tomcat = EmbeddedContainer.loopbackTomcat();
    Context context = tomcat.addContext("", null);
    Wrapper app = Tomcat.addServlet(context, "app", new AsyncApp());
    app.setAsyncSupported(true);
    context.addServletMappingDecoded("/*", "app");
    FilterDef definition = new FilterDef();
    definition.setFilterName("keywarden");
    definition.setFilter(filter());
    definition.setAsyncSupported("true");
    context.addFilterDef(definition);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName("keywarden");
    mapping.addURLPattern("/*");
    dispatchers.forEach(type -> mapping.setDispatcher(type.name()));
    context.addFilterMap(mapping);
    tomcat.start();
    return new EmbeddedContainer.Running("tomcat", tomcat.getConnector().getLocalPort(), () -> {
      tomcat.stop();
      tomcat.destroy();
    });
  }

  private static Http.Response call(EmbeddedContainer app, String path) throws Exception {
    return Http.raw(app.port(), "GET", path, "client-key: " + KEY, "client-type: admin", "isbackoffice: true",
        "Authorization: Bearer " + KEY, "Cookie: mia_client_key=" + KEY + "; theme=dark");
  }

  private static void assertProtected(Http.Response response, String expectedPath) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.reachedApplication()).isTrue();
    assertThat(response.echo("path")).isEqualTo(expectedPath);
    assertThat(response.echo("client-key")).isEmpty();
    assertThat(response.echo("isbackoffice")).isEmpty();
    assertThat(response.echo("client-type")).isEqualTo("web");
    assertThat(response.echo("caller.clientType")).isEqualTo("web");
    assertThat(response.echo("cookies")).isEqualTo("theme:dark");
    assertThat(response.body()).doesNotContain(KEY).doesNotContain("admin");
  }

  @Test
  void noArgStartAsync_thenDispatch_targetSeesTheProtectedRequest() throws Exception {
    for (Set<DispatcherType> dispatchers : List.of(BEFORE, DOCUMENTED)) {
      try (EmbeddedContainer app = start(dispatchers)) {
        assertProtected(call(app, "/dispatch"), "/target");
      }
    }
  }

  @Test
  void noArgStartAsync_requestReadOnAnotherThread_isTheProtectedRequest() throws Exception {
    for (Set<DispatcherType> dispatchers : List.of(BEFORE, DOCUMENTED)) {
      try (EmbeddedContainer app = start(dispatchers)) {
        assertProtected(call(app, "/thread"), "/thread");
      }
    }
  }

  @Test
  void registeredOnAsync_aRefusedRequestStaysRefused() throws Exception {
    try (EmbeddedContainer app = start(DOCUMENTED)) {
      Http.Response response = Http.raw(app.port(), "GET", "/dispatch", "client-type: admin");
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.reachedApplication()).isFalse();
    }
  }
}
