package dev.keywarden.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * The applications of the differential suite, each behind the filter on a real container: plain
 * servlet mappings ({@code /admin/*}, {@code /orders/*}, {@code /files/*}, {@code /items/*} and
 * the default {@code /}) on Jetty and Tomcat, and a Spring MVC application (DispatcherServlet,
 * {@code @RequestMapping} controllers) on Jetty and Tomcat. Every handler records that it ran in
 * the {@code x-handler} response header, with the {@code client-type} it saw.
 */
final class DifferentialHosts {
  static final String HANDLER_HEADER = "x-handler";

  private DifferentialHosts() {}

  static EmbeddedContainer start(String host, Filter filter) throws Exception {
    return switch (host) {
      case "jetty-servlets" -> jetty(host, filter, false, false);
      case "tomcat-servlets" -> tomcat(host, filter, false, false);
      case "jetty-spring-mvc" -> jetty(host, filter, true, false);
      case "tomcat-spring-mvc" -> tomcat(host, filter, true, false);
      // The most permissive settings each container offers: the container refuses almost nothing,
      // so the firewall alone stands between the spellings and the handlers.
      case "jetty-servlets-unsafe-uri" -> jetty(host, filter, false, true);
      case "tomcat-servlets-relaxed" -> tomcat(host, filter, false, true);
      default -> throw new IllegalArgumentException(host);
    };
  }

  private static Map<String, HttpServlet> servlets() {
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    servlets.put("/admin/*", new Recording("admin"));
    servlets.put("/orders/*", new Recording("orders"));
    servlets.put("/files/*", new Recording("files"));
    servlets.put("/items/*", new Recording("items"));
    servlets.put("/", new Recording("default"));
    return servlets;
  }

  private static DispatcherServlet spring() {
    AnnotationConfigWebApplicationContext context = new AnnotationConfigWebApplicationContext();
    context.register(SpringApp.class);
    return new DispatcherServlet(context);
  }

  private static EmbeddedContainer jetty(String name, Filter filter, boolean spring, boolean unsafe) throws Exception {
    Server server = new Server();
    var connector = EmbeddedContainer.jettyConnector(server);
    ServletContextHandler context = new ServletContextHandler("/");
    if (unsafe) {
      connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
          .setUriCompliance(UriCompliance.UNSAFE);
      context.getServletHandler().setDecodeAmbiguousURIs(true);
    }
    if (spring) {
      context.addServlet(new ServletHolder(spring()), "/");
    } else {
      servlets().forEach((mapping, servlet) -> context.addServlet(new ServletHolder(servlet), mapping));
    }
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
    return new EmbeddedContainer.Running(name, connector.getLocalPort(), server::stop);
  }

  private static EmbeddedContainer tomcat(String name, Filter filter, boolean spring, boolean relaxed)
      throws Exception {
    Tomcat tomcat = EmbeddedContainer.loopbackTomcat();
    if (relaxed) {
      tomcat.getConnector().setAllowBackslash(true);
      tomcat.getConnector().setEncodedSolidusHandling("decode");
      tomcat.getConnector().setEncodedReverseSolidusHandling("decode");
      tomcat.getConnector().setProperty("relaxedPathChars", "[]|{}^`\"<>");
    }
    Context context = tomcat.addContext("", null);
    if (spring) {
      Tomcat.addServlet(context, "spring", spring());
      context.addServletMappingDecoded("/", "spring");
    } else {
      int i = 0;
      for (Map.Entry<String, HttpServlet> entry : servlets().entrySet()) {
        Tomcat.addServlet(context, "s" + i, entry.getValue());
        context.addServletMappingDecoded(entry.getKey(), "s" + i++);
      }
    }
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
    return new EmbeddedContainer.Running(name, tomcat.getConnector().getLocalPort(), () -> {
      tomcat.stop();
      tomcat.destroy();
    });
  }

  /** What a handler answers: its name in a header, and the client-type it saw. */
  static String body(String handler, HttpServletRequest request) {
    return "handler=" + handler + "\nclient-type=" + String.join(",", Collections.list(request.getHeaders("client-type")))
        + "\nisbackoffice=" + String.join(",", Collections.list(request.getHeaders("isbackoffice"))) + "\n";
  }

  /** A servlet that records that it ran. */
  static final class Recording extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String name;

    Recording(String name) {
      this.name = name;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setStatus(200);
      response.setHeader(HANDLER_HEADER, name);
      response.setContentType("text/plain;charset=utf-8");
      response.getOutputStream().write(body(name, request).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The Spring MVC application: one controller per area, as a Spring user would write them. */
  @Configuration(proxyBeanMethods = false)
  @EnableWebMvc
  static class SpringApp {
    @Bean
    Handlers handlers() {
      return new Handlers();
    }
  }

  /** The Spring MVC controllers. */
  @RestController
  static class Handlers {
    private static ResponseEntity<String> ran(String handler, HttpServletRequest request) {
      return ResponseEntity.ok().header(HANDLER_HEADER, handler).body(body(handler, request));
    }

    @RequestMapping("/admin/**")
    ResponseEntity<String> admin(HttpServletRequest request) {
      return ran("admin", request);
    }

    @RequestMapping("/orders/**")
    ResponseEntity<String> orders(HttpServletRequest request) {
      return ran("orders", request);
    }

    @RequestMapping("/files/**")
    ResponseEntity<String> files(HttpServletRequest request) {
      return ran("files", request);
    }

    @RequestMapping("/items/{id}")
    ResponseEntity<String> items(HttpServletRequest request) {
      return ran("items", request);
    }

    @RequestMapping("/**")
    ResponseEntity<String> fallback(HttpServletRequest request) {
      return ran("default", request);
    }
  }
}
