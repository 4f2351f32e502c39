package dev.keywarden.benchmarks;

import dev.keywarden.ApiKey;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.servlet.KeywardenFilter;
import dev.keywarden.store.CachingApiKeyStore;
import dev.keywarden.store.InMemoryApiKeyStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Embedded Jetty serving a trivial servlet with no filter, with a pass-through filter (what any
 * filter costs in Jetty) and with the Keywarden filter, driven over loopback by JMH threads with
 * {@code java.net.http} in the same run. Each request carries a
 * valid key; the filtered server checks it (cache hit), matches the rule, evaluates rule S and
 * wraps the request. Throughput mode gives requests per second; sample mode gives p50 and p99.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(2)
@Fork(1)
public class HttpBenchmark {
  private static final String SECRET = "kw_http-bench-key-1";
  private Server plain;
  private Server noop;
  private Server filtered;
  private HttpClient client;
  private HttpRequest plainRequest;
  private HttpRequest noopRequest;
  private HttpRequest filteredRequest;

  /** The protected application: a fixed small answer. */
  static final class Hello extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("application/json");
      response.setContentLength(BODY.length);
      response.getOutputStream().write(BODY);
    }
  }

  private static Server start(jakarta.servlet.Filter filter) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    if (filter != null) {
      context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    context.addServlet(new ServletHolder(new Hello()), "/*");
    server.setHandler(context);
    server.start();
    return server;
  }

  private static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    AccessGuard guard = AccessGuard.builder()
        .keyStore(CachingApiKeyStore.of(InMemoryApiKeyStore.of(List.of(
            ApiKey.builder().secret(SECRET).clientType("web").build()))))
        .rule(EndpointRule.builder("GET", "/api/orders/{id}").isPublic(true).apiKeyRequired(true)
            .userGroupPermission("groups.admin || clientType == \"web\"").build())
        .build();
    plain = start(null);
    noop = start((request, response, chain) -> chain.doFilter(request, response));
    filtered = start(KeywardenFilter.builder(guard).build());
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    plainRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(plain) + "/api/orders/42"))
        .header("client-key", SECRET).GET().build();
    noopRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(noop) + "/api/orders/42"))
        .header("client-key", SECRET).GET().build();
    filteredRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(filtered) + "/api/orders/42"))
        .header("client-key", SECRET).GET().build();
    if (plain() != 200 || noopFilter() != 200 || filtered() != 200) {
      throw new IllegalStateException("every server must answer 200");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    plain.stop();
    noop.stop();
    filtered.stop();
  }

  @Benchmark
  @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
  public int plain() throws Exception {
    return client.send(plainRequest, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Benchmark
  @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
  public int noopFilter() throws Exception {
    return client.send(noopRequest, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Benchmark
  @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
  public int filtered() throws Exception {
    return client.send(filteredRequest, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
