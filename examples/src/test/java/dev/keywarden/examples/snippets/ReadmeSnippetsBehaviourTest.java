package dev.keywarden.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.access.AccessDecision;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.DenyCode;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.extract.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/** What the README's snippets do, run (their text is checked by {@code ReadmeSnippetsTest}). */
class ReadmeSnippetsBehaviourTest {

  /**
   * Spring Boot registers Spring Security's filter chain at the order its {@code SecurityProperties}
   * give (what {@code SecurityFilterAutoConfiguration} uses); the README's registration must come
   * after it, or {@code containerPrincipal()} sees no user.
   */
  @Test
  void springBootSnippet_runsAfterSpringSecuritysFilterChain() {
    int springSecurity = new SecurityProperties().getFilter().getOrder();
    FilterRegistrationBean<?> registration = ReadmeSnippets.keywardenFilter(AccessGuard.builder().build());
    assertThat(registration.getOrder()).isGreaterThan(springSecurity);
    assertThat(registration.getUrlPatterns()).containsExactly("/*");
  }

  /**
   * The README's denial writer on a real Jetty: a request without a key gets the writer's body,
   * with the status and headers the filter keeps whatever a writer does; the application never runs.
   */
  @Test
  void denialWriterSnippet_writesItsBody_theFilterKeepsStatusAndHeaders() throws Exception {
    AccessGuard guard = AccessGuard.builder()
        .rule(EndpointRule.builder("GET", "/orders/**").isPublic(true).apiKeyRequired(true).build())
        .build();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        response.getWriter().write("application ran");
      }
    }), "/*");
    context.addFilter(new FilterHolder(ReadmeSnippets.customDenials(guard)), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/orders/7")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).isEqualTo("{\"error\":\"missing-api-key\"}");
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
          .startsWith("application/json"));
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    } finally {
      server.stop();
    }
  }

  /** The README's {@code User} snippet: the user stored by an earlier filter is the one the guard sees. */
  @Test
  void userSnippet_theStoredUserPassesAnAdminRule_nobodyElse() {
    Map<String, Object> attributes = new HashMap<>();
    HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> recordAttribute(attributes, method, args));
    AccessGuard guard = ReadmeSnippets.usersFromAnEarlierFilter(request);
    assertThat(attributes).containsOnlyKeys("app.user");
    AccessDecision withUser = guard.decide(RequestView.builder("GET", "/admin/stats")
        .attribute("app.user", attributes.get("app.user")).build());
    assertThat(withUser).isInstanceOf(AccessDecision.Allow.class);
    AccessDecision anonymous = guard.decide(RequestView.builder("GET", "/admin/stats").build());
    assertThat(anonymous).isEqualTo(new AccessDecision.Deny(DenyCode.AUTHENTICATION_REQUIRED, 401));
  }

  /** The README's own resolver: a session name becomes a user in "customers" only. */
  @Test
  void ownResolverSnippet_mapsTheSessionUser() {
    var resolver = ReadmeSnippets.fromYourOwnSession();
    var user = resolver.resolve(RequestView.builder("GET", "/x").attribute("session.user", "bob").build());
    assertThat(user).hasValueSatisfying(u -> {
      assertThat(u.id()).isEqualTo("bob");
      assertThat(u.hasGroup("customers")).isTrue();
      assertThat(u.hasGroup("admin")).isFalse();
      assertThat(u.hasPermission("anything")).isFalse();
    });
    assertThat(resolver.resolve(RequestView.builder("GET", "/x").build())).isEqualTo(Optional.empty());
  }

  private static Object recordAttribute(Map<String, Object> attributes, Method method, Object[] args) {
    if (method.getName().equals("setAttribute")) {
      attributes.put((String) args[0], args[1]);
      return null;
    }
    throw new UnsupportedOperationException(method.getName());
  }
}
