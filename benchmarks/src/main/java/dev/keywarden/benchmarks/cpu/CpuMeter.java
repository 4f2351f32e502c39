package dev.keywarden.benchmarks.cpu;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The outermost filter of every measured server: the request thread's CPU time around
 * everything below it (the filters under test and the servlet), summed with the request count.
 * Jetty's own parsing and writing happen outside it; the process CPU time covers those.
 */
final class CpuMeter implements Filter {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  final String name;
  final LongAdder cpuNanos = new LongAdder();
  final LongAdder requests = new LongAdder();

  CpuMeter(String name) {
    this.name = name;
    if (!THREADS.isCurrentThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure thread CPU time");
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long start = THREADS.getCurrentThreadCpuTime();
    try {
      chain.doFilter(request, response);
    } finally {
      cpuNanos.add(THREADS.getCurrentThreadCpuTime() - start);
      requests.increment();
    }
  }
}
