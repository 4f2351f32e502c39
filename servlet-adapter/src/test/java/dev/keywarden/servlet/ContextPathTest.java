package dev.keywarden.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKey;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.store.InMemoryApiKeyStore;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An application deployed under a context path ({@code /shop}): rules match the path inside the
 * application, and the firewall compares the raw URI with context path + servlet path + path info.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContextPathTest {
  private EmbeddedContainer container;

  abstract String kind();

  @BeforeAll
  void start() throws Exception {
    AccessGuard guard = AccessGuard.builder()
        .keyStore(InMemoryApiKeyStore.of(List.of(ApiKey.builder().secret("ctx-web-key").clientType("web").build())))
        .rule(EndpointRule.builder("ALL", "/**").isPublic(true).build())
        .rule(EndpointRule.builder("ALL", "/admin/**").isPublic(true).apiKeyRequired(true).build())
        .build();
    KeywardenFilter filter = KeywardenFilter.builder(guard).build();
    if (kind().equals("jetty")) {
      Server server = new Server();
      var connector = EmbeddedContainer.jettyConnector(server);
      ServletContextHandler context = new ServletContextHandler("/shop");
      context.addServlet(new ServletHolder(new EchoServlet()), "/*");
      context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
      server.setHandler(context);
      server.start();
      container = new EmbeddedContainer.Running("jetty", connector.getLocalPort(), server::stop);
      return;
    }
    Tomcat tomcat = EmbeddedContainer.loopbackTomcat();
    Context context = tomcat.addContext("/shop", null);
    Tomcat.addServlet(context, "echo", new EchoServlet());
    context.addServletMappingDecoded("/*", "echo");
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
    container = new EmbeddedContainer.Running("tomcat", tomcat.getConnector().getLocalPort(), () -> {
      tomcat.stop();
      tomcat.destroy();
    });
  }

  @AfterAll
  void stop() throws Exception {
    container.close();
  }

  @Test
  void rulesMatchThePathInsideTheApplication() throws Exception {
    try (KeepAliveClient client = new KeepAliveClient(container.port())) {
      Http.Response open = client.send("GET", "/shop/public");
      assertThat(open.status()).isEqualTo(200);
      assertThat(open.echo("path")).isEqualTo("/public");
      assertThat(open.echo("rule")).isEqualTo("ALL /**");
      assertThat(client.send("GET", "/shop/admin/x").status()).isEqualTo(401);
      Http.Response keyed = client.send("GET", "/shop/admin/x", "client-key: ctx-web-key");
      assertThat(keyed.status()).isEqualTo(200);
      assertThat(keyed.echo("rule")).isEqualTo("ALL /admin/**");
      // Percent-encoded letters, in the context path or in the application's path, decode to the
      // container's path: judged as decoded.
      assertThat(client.send("GET", "/shop/%61dmin/x").status()).isEqualTo(401);
      assertThat(client.send("GET", "/shop/%61dmin/x", "client-key: ctx-web-key").echo("rule"))
          .isEqualTo("ALL /admin/**");
    }
  }

  @Test
  void ambiguousSpellings_underTheContextPath_areRefused() throws Exception {
    try (KeepAliveClient client = new KeepAliveClient(container.port())) {
      for (String target : List.of("/shop/public/..%3b/admin/x", "/shop/public/../admin/x", "/shop//admin/x",
          "/shop;x=1/admin/x", "/shop/admin;x=1/x", "/shop/public/%2e%2e/admin/x")) {
        Http.Response response = client.send("GET", target);
        assertThat(response.reachedApplication()).as("%s %s", kind(), target).isFalse();
        assertThat(response.status()).as("%s %s", kind(), target).isBetween(400, 404);
      }
    }
  }
}
