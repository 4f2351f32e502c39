package dev.keywarden.benchmarks.cpu;

import com.sun.management.OperatingSystemMXBean;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee11) on loopback, and the control endpoint the client reads CPU from. */
final class Jetty {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private Jetty() {}

  /** Starts a server on an ephemeral loopback port: the filters in order, then the servlet at /*. */
  static Server start(HttpServlet servlet, Filter... filters) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    for (Filter filter : filters) {
      context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    context.addServlet(new ServletHolder(servlet), "/*");
    server.setHandler(context);
    server.start();
    return server;
  }

  static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /**
   * This process's CPU time in ns: the sum of {@code /proc/self/task/<tid>/schedstat} over its
   * live threads (request threads, selectors, GC, JIT), which has nanosecond resolution where
   * {@link OperatingSystemMXBean#getProcessCpuTime()} counts 10 ms clock ticks on this JDK.
   * Threads that ended between two readings are lost; Jetty's pool keeps its threads during a
   * run (60 s idle timeout), and the tick-based figure is reported beside it as a check.
   */
  static long processCpuNanos() {
    try {
      return tasksCpuNanos(Path.of("/proc/self/task"));
    } catch (IOException | RuntimeException e) {
      return OS.getProcessCpuTime();
    }
  }

  /** The process CPU time as the JVM reports it (clock-tick resolution on Linux). */
  static long processCpuTicksNanos() {
    return OS.getProcessCpuTime();
  }

  /** Sums the first field (time on CPU, ns) of every task's schedstat under a task directory. */
  static long tasksCpuNanos(Path taskDirectory) throws IOException {
    long total = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDirectory)) {
      for (Path task : tasks) {
        try {
          String schedstat = Files.readString(task.resolve("schedstat"));
          total += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
        } catch (NoSuchFileException ended) {
          // a thread that ended while we read
        }
      }
    }
    return total;
  }

  /**
   * The control endpoint: one line {@code process <ns>}, then {@code <meter> <ns> <requests>}
   * for every meter.
   */
  static final class Control extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient List<CpuMeter> meters;

    Control(List<CpuMeter> meters) {
      this.meters = meters;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      StringBuilder out = new StringBuilder("process ").append(processCpuNanos()).append('\n')
          .append("ticks ").append(processCpuTicksNanos()).append('\n');
      for (CpuMeter meter : meters) {
        out.append(meter.name).append(' ').append(meter.cpuNanos.sum()).append(' ')
            .append(meter.requests.sum()).append('\n');
      }
      byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
      response.setContentType("text/plain");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }
}
