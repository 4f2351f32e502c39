package dev.keywarden.benchmarks.cpu;

import dev.keywarden.servlet.KeywardenFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;

/**
 * The application process of the HTTP CPU comparison: one JVM, one embedded Jetty 12 (ee11)
 * server per variant on loopback, each with a {@link CpuMeter} outermost, and a control server.
 * Variants: {@code plain} (the meter only; also nginx's upstream in the gateway variant),
 * {@code noop} (a pass-through filter), {@code keywarden-1} and {@code keywarden-200} (the
 * Keywarden filter, 1 and 200 rules), {@code spring-security}. Writes {@code name=port} lines
 * to the file given as first argument and runs until killed, or for at most the seconds given
 * as second argument (default 3,600).
 */
public final class AppServers {
  private AppServers() {}

  public static void main(String[] args) throws Exception {
    Path portsFile = Path.of(args[0]);
    long maxSeconds = args.length > 1 ? Long.parseLong(args[1]) : 3_600;
    Map<String, jakarta.servlet.Filter> variants = new LinkedHashMap<>();
    variants.put("plain", null);
    variants.put("noop", (request, response, chain) -> chain.doFilter(request, response));
    variants.put("keywarden-1", KeywardenFilter.builder(Variants.guard(0)).build());
    variants.put("keywarden-200", KeywardenFilter.builder(Variants.guard(199)).build());
    variants.put("spring-security", SpringSecurityVariant.filter());
    List<CpuMeter> meters = new ArrayList<>();
    List<Server> servers = new ArrayList<>();
    StringBuilder ports = new StringBuilder();
    for (Map.Entry<String, jakarta.servlet.Filter> variant : variants.entrySet()) {
      CpuMeter meter = new CpuMeter(variant.getKey());
      meters.add(meter);
      Server server = variant.getValue() == null
          ? Jetty.start(new Variants.Hello(), meter)
          : Jetty.start(new Variants.Hello(), meter, variant.getValue());
      servers.add(server);
      ports.append(variant.getKey()).append('=').append(Jetty.port(server)).append('\n');
    }
    Server control = Jetty.start(new Jetty.Control(meters));
    ports.append("control=").append(Jetty.port(control)).append('\n');
    ports.append("pid=").append(ProcessHandle.current().pid()).append('\n');
    Path temporary = portsFile.resolveSibling(portsFile.getFileName() + ".tmp");
    Files.writeString(temporary, ports);
    Files.move(temporary, portsFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Thread.sleep(maxSeconds * 1_000);
    for (Server server : servers) {
      server.stop();
    }
    control.stop();
    System.exit(0);
  }
}
