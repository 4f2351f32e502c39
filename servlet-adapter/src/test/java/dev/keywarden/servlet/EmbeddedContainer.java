package dev.keywarden.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumSet;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real servlet container on a free loopback port, with the filter in front of one servlet. */
interface EmbeddedContainer extends AutoCloseable {

  int port();

  String name();

  @Override
  void close() throws Exception;

  /** A started container: its name, port, and how to stop it. */
  record Running(String name, int port, AutoCloseable stopper) implements EmbeddedContainer {
    @Override
    public void close() throws Exception {
      stopper.close();
    }
  }

  static EmbeddedContainer start(String kind, Filter filter, HttpServlet servlet) throws Exception {
    return kind.equals("jetty") ? jetty(filter, servlet) : tomcat(filter, servlet);
  }

  /**
   * A loopback connector configured as the README and the demo server say: Jetty's
   * per-connection header cache off, since it is case-insensitive and would hand a request the
   * value of an earlier one differing only in case (issue 11, finding 5).
   */
  static ServerConnector jettyConnector(Server server) {
    HttpConfiguration http = new HttpConfiguration();
    http.setHeaderCacheSize(0);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    return connector;
  }

  /** A Tomcat on a free loopback port with a throw-away base directory; nothing added yet. */
  static Tomcat loopbackTomcat() throws IOException {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("keywarden-tomcat").toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    return tomcat;
  }

  /** Jetty 12, ee10, default settings but the header cache, as a user would register the filter. */
  static EmbeddedContainer jetty(Filter filter, HttpServlet servlet) throws Exception {
    Server server = new Server();
    ServerConnector connector = jettyConnector(server);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(servlet), "/*");
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
    return new Running("jetty", connector.getLocalPort(), server::stop);
  }

  /** Tomcat 11 embedded, default settings, as a user would register the filter. */
  static EmbeddedContainer tomcat(Filter filter, HttpServlet servlet) throws Exception {
    Tomcat tomcat = loopbackTomcat();
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "app", servlet);
    context.addServletMappingDecoded("/*", "app");
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
    return new Running("tomcat", tomcat.getConnector().getLocalPort(), () -> {
      tomcat.stop();
      tomcat.destroy();
    });
  }
}
