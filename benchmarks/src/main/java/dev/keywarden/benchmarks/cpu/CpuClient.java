package dev.keywarden.benchmarks.cpu;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load generator of the HTTP CPU comparison, in its own process: sequential GET requests
 * over one keep-alive connection per variant, written and parsed by hand (a few lines of raw
 * HTTP/1.1, so the client stays cheap), in interleaved rounds: every round runs every variant
 * once, in the same order. Around each variant's run it reads the servers' CPU counters (the
 * application JVM's process CPU time and its per-variant request-thread CPU, the authorization
 * service's, and nginx's processes' from {@code /proc}), and it times every request.
 *
 * <p>Arguments: {@code <app-ports-file> <rounds> <requests> <warm-up requests> <out-dir>
 * [<auth-ports-file> <nginx-port> <nginx-master-pid>]}.
 */
public final class CpuClient {
  private static final String[] IN_PROCESS = {"plain", "noop", "keywarden-1", "keywarden-200", "spring-security"};

  private static final int IDLE_MILLIS = 500;

  private CpuClient() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> app = readPorts(Path.of(args[0]));
    int rounds = Integer.parseInt(args[1]);
    int requests = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    Path out = Path.of(args[4]);
    Files.createDirectories(out);
    Map<String, String> auth = args.length > 5 ? readPorts(Path.of(args[5])) : Map.of();
    int nginxPort = args.length > 6 ? Integer.parseInt(args[6]) : -1;
    long nginxMaster = args.length > 7 ? Long.parseLong(args[7]) : -1;
    List<Long> nginxPids = nginxMaster > 0 ? withChildren(nginxMaster) : List.of();

    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String name : IN_PROCESS) {
      ports.put(name, Integer.parseInt(app.get(name)));
    }
    if (nginxPort > 0) {
      ports.put("gateway", nginxPort);
    }
    int appControl = Integer.parseInt(app.get("control"));
    int authControl = auth.containsKey("auth-control") ? Integer.parseInt(auth.get("auth-control")) : -1;

    System.out.printf(Locale.ROOT, "variants %s; %d rounds x %d requests each, %d warm-up requests per variant%n",
        ports.keySet(), rounds, requests, warmup);
    System.out.println("nginx processes: " + nginxPids);
    for (Map.Entry<String, Integer> variant : ports.entrySet()) {
      try {
        run(variant.getValue(), warmup, new long[warmup]);
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException("variant " + variant.getKey() + " failed: " + e.getMessage(), e);
      }
    }

    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    ports.keySet().forEach(name -> samples.put(name, new ArrayList<>()));
    StringBuilder csv = new StringBuilder(
        "round,variant,app_process_us,app_process_ticks_us,meter_thread_us,auth_process_us,auth_thread_us,nginx_us,total_us,latency_p50_us,latency_mean_us\n");
    long[] latencies = new long[requests];
    List<double[]> idle = new ArrayList<>();
    int fallbacks = 0;
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, Integer> variant : ports.entrySet()) {
        String name = variant.getKey();
        boolean gateway = name.equals("gateway");
        Counters appBefore = counters(appControl);
        Counters authBefore = gateway && authControl > 0 ? counters(authControl) : null;
        long nginxBefore = gateway ? nginxCpuNanos(nginxPids) : 0;
        long wall = run(variant.getValue(), requests, latencies);
        long nginxAfter = gateway ? nginxCpuNanos(nginxPids) : 0;
        Counters authAfter = authBefore == null ? null : counters(authControl);
        Counters appAfter = counters(appControl);
        String meter = gateway ? "plain" : name;
        Sample s = new Sample();
        s.appProcess = (appAfter.process - appBefore.process) / 1e3 / requests;
        s.appTicks = (appAfter.ticks - appBefore.ticks) / 1e3 / requests;
        // A thread that ended between the readings takes its CPU out of the schedstat sum:
        // where the two disagree by more than two clock ticks, the tick-based figure is used.
        if (Math.abs((appAfter.process - appBefore.process) - (appAfter.ticks - appBefore.ticks)) > 20_000_000L) {
          s.appProcess = s.appTicks;
          fallbacks++;
        }
        s.meterThread = (appAfter.meters.get(meter) - appBefore.meters.get(meter)) / 1e3 / requests;
        s.authProcess = authBefore == null ? 0 : (authAfter.process - authBefore.process) / 1e3 / requests;
        if (authBefore != null && Math.abs((authAfter.process - authBefore.process)
            - (authAfter.ticks - authBefore.ticks)) > 20_000_000L) {
          s.authProcess = (authAfter.ticks - authBefore.ticks) / 1e3 / requests;
          fallbacks++;
        }
        s.authThread = authBefore == null ? 0 : (authAfter.meters.get("auth") - authBefore.meters.get("auth")) / 1e3 / requests;
        s.nginx = (nginxAfter - nginxBefore) / 1e3 / requests;
        s.total = s.appProcess + s.authProcess + s.nginx;
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        s.latencyP50 = sorted[requests / 2] / 1e3;
        s.latencyMean = wall / 1e3 / requests;
        samples.get(name).add(s);
        csv.append(String.format(Locale.ROOT, "%d,%s,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.2f,%.2f%n", round, name,
            s.appProcess, s.appTicks, s.meterThread, s.authProcess, s.authThread, s.nginx, s.total, s.latencyP50, s.latencyMean));
      }
      // Background CPU while nothing is sent (JIT, GC, timers): it is charged to whichever
      // variant runs meanwhile, so it is measured and reported beside the results.
      Counters appIdleBefore = counters(appControl);
      Counters authIdleBefore = authControl > 0 ? counters(authControl) : null;
      long nginxIdleBefore = nginxCpuNanos(nginxPids);
      long idleStart = System.nanoTime();
      Thread.sleep(IDLE_MILLIS);
      long nginxIdleAfter = nginxCpuNanos(nginxPids);
      Counters authIdleAfter = authIdleBefore == null ? null : counters(authControl);
      Counters appIdleAfter = counters(appControl);
      double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
      idle.add(new double[] {
          (appIdleAfter.process - appIdleBefore.process) / 1e3 / idleSeconds,
          authIdleBefore == null ? 0 : (authIdleAfter.process - authIdleBefore.process) / 1e3 / idleSeconds,
          (nginxIdleAfter - nginxIdleBefore) / 1e3 / idleSeconds});
      List<Sample> plain = samples.get("plain");
      System.out.printf(Locale.ROOT, "round %2d:", round);
      for (String name : ports.keySet()) {
        Sample s = samples.get(name).get(round);
        System.out.printf(Locale.ROOT, " %s %.1f us CPU (%.1f us p50)", name, s.total, s.latencyP50);
      }
      System.out.println(plain.isEmpty() ? "" : "");
    }
    Files.writeString(out.resolve("http-cpu-rounds.csv"), csv);
    String report = report(samples, rounds, requests) + String.format(Locale.ROOT,
        "%nIdle background CPU (no requests, %d ms per round), microseconds of CPU per second: app %s, auth %s, nginx %s%n",
        IDLE_MILLIS, stats(idle.stream().mapToDouble(v -> v[0]).toArray()),
        stats(idle.stream().mapToDouble(v -> v[1]).toArray()), stats(idle.stream().mapToDouble(v -> v[2]).toArray()));
    report += String.format(Locale.ROOT, "Samples where the tick-based application CPU replaced the schedstat sum: %d of %d%n",
        fallbacks, rounds * ports.size());
    Files.writeString(out.resolve("http-cpu.txt"), report);
    System.out.print(report);
  }

  /** One variant's numbers in one round, per request, in microseconds. */
  static final class Sample {
    double appProcess;
    double appTicks;
    double meterThread;
    double authProcess;
    double authThread;
    double nginx;
    double total;
    double latencyP50;
    double latencyMean;
  }

  private interface Metric {
    double of(Sample s);
  }

  private static String report(Map<String, List<Sample>> samples, int rounds, int requests) {
    StringBuilder r = new StringBuilder();
    r.append(String.format(Locale.ROOT, "%nMedians over %d rounds of %d requests, [min-max] and (IQR) over rounds; "
        + "CPU per request in microseconds.%n%n", rounds, requests));
    r.append(String.format(Locale.ROOT, "%-16s | %-28s | %-28s | %-22s | %-22s%n",
        "variant", "all processes CPU/req", "request-thread CPU/req", "latency p50", "latency mean"));
    for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
      List<Sample> list = e.getValue();
      r.append(String.format(Locale.ROOT, "%-16s | %-28s | %-28s | %-22s | %-22s%n", e.getKey(),
          stats(list, s -> s.total), stats(list, s -> s.meterThread), stats(list, s -> s.latencyP50),
          stats(list, s -> s.latencyMean)));
    }
    List<Sample> plain = samples.get("plain");
    r.append(String.format(Locale.ROOT, "%nAdded over plain, paired per round (variant minus plain in the same round):%n%n"));
    r.append(String.format(Locale.ROOT, "%-16s | %-28s | %-28s | %-22s | %s%n",
        "variant", "CPU/req added (all procs)", "thread CPU/req added", "latency p50 added", "added CPU as % of plain"));
    for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
      if (e.getKey().equals("plain")) {
        continue;
      }
      List<Sample> list = e.getValue();
      double[] cpu = new double[list.size()];
      double[] thread = new double[list.size()];
      double[] latency = new double[list.size()];
      double[] percent = new double[list.size()];
      for (int i = 0; i < list.size(); i++) {
        cpu[i] = list.get(i).total - plain.get(i).total;
        thread[i] = list.get(i).meterThread - plain.get(i).meterThread;
        latency[i] = list.get(i).latencyP50 - plain.get(i).latencyP50;
        percent[i] = 100 * cpu[i] / plain.get(i).total;
      }
      r.append(String.format(Locale.ROOT, "%-16s | %-28s | %-28s | %-22s | %s%n", e.getKey(),
          stats(cpu), stats(thread), stats(latency), stats(percent)));
    }
    r.append(String.format(Locale.ROOT, "%nCheck: application process CPU/req from the JVM's tick-based counter "
        + "(10 ms resolution) beside the schedstat sum used above:%n"));
    for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
      r.append(String.format(Locale.ROOT, "  %-16s ticks %s, schedstat %s%n", e.getKey(),
          stats(e.getValue(), s -> s.appTicks), stats(e.getValue(), s -> s.appProcess)));
    }
    r.append(String.format(Locale.ROOT, "%nThe same paired medians with a 95%% confidence interval of the median {low-high}:%n%n"));
    r.append(String.format(Locale.ROOT, "%-16s | %-24s | %-24s | %-24s%n",
        "variant", "CPU/req added (all procs)", "thread CPU/req added", "latency p50 added"));
    for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
      if (e.getKey().equals("plain")) {
        continue;
      }
      List<Sample> list = e.getValue();
      double[] cpu = new double[list.size()];
      double[] thread = new double[list.size()];
      double[] latency = new double[list.size()];
      for (int i = 0; i < list.size(); i++) {
        cpu[i] = list.get(i).total - plain.get(i).total;
        thread[i] = list.get(i).meterThread - plain.get(i).meterThread;
        latency[i] = list.get(i).latencyP50 - plain.get(i).latencyP50;
      }
      r.append(String.format(Locale.ROOT, "%-16s | %-24s | %-24s | %-24s%n", e.getKey(),
          medianInterval(cpu), medianInterval(thread), medianInterval(latency)));
    }
    if (samples.containsKey("gateway")) {
      List<Sample> g = samples.get("gateway");
      r.append(String.format(Locale.ROOT, "%nGateway CPU by process per request: app %s, nginx %s, auth service %s "
          + "(its request thread %s)%n", stats(g, s -> s.appProcess), stats(g, s -> s.nginx),
          stats(g, s -> s.authProcess), stats(g, s -> s.authThread)));
    }
    return r.toString();
  }

  private static String stats(List<Sample> list, Metric metric) {
    return stats(list.stream().mapToDouble(metric::of).toArray());
  }

  /** {@code median [min-max] (IQR)}. */
  static String stats(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return String.format(Locale.ROOT, "%.2f [%.2f-%.2f] (%.2f)", quantile(v, 0.5), v[0], v[v.length - 1],
        quantile(v, 0.75) - quantile(v, 0.25));
  }

  /**
   * {@code median {low-high}}: a distribution-free confidence interval of at least 95 % for
   * the median, from order statistics (the ranks where a fair-coin binomial leaves at most
   * 2.5 % on each side); how precisely the rounds pin the median down, where the IQR says how
   * much single rounds scatter.
   */
  static String medianInterval(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    int k = 0;
    double tail = Math.pow(0.5, n);
    double cumulative = tail;
    while (k + 1 < n / 2) {
      double next = cumulative + binomial(n, k + 1) * Math.pow(0.5, n);
      if (next > 0.025) {
        break;
      }
      cumulative = next;
      k++;
    }
    if (cumulative > 0.025) {
      return String.format(Locale.ROOT, "%.2f {too few rounds for a 95%% interval}", quantile(v, 0.5));
    }
    return String.format(Locale.ROOT, "%.2f {%.2f-%.2f}", quantile(v, 0.5), v[k], v[n - 1 - k]);
  }

  private static double binomial(int n, int k) {
    double result = 1;
    for (int i = 1; i <= k; i++) {
      result = result * (n - k + i) / i;
    }
    return result;
  }

  /** Linear interpolation between closest ranks, on sorted values. */
  static double quantile(double[] sorted, double q) {
    double index = q * (sorted.length - 1);
    int low = (int) Math.floor(index);
    int high = (int) Math.ceil(index);
    return sorted[low] + (sorted[high] - sorted[low]) * (index - low);
  }

  /** Sends {@code count} sequential requests on one keep-alive connection; returns the wall time. */
  private static long run(int port, int count, long[] latencies) throws IOException {
    byte[] request = ("GET " + Variants.PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nAccept: application/json\r\nUser-Agent: keywarden-cpu-client\r\nclient-key: " + Variants.SECRET
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream(), 16_384);
      long begin = System.nanoTime();
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        out.write(request);
        out.flush();
        int status = readResponse(in, null);
        latencies[i] = System.nanoTime() - start;
        if (status != 200) {
          throw new IllegalStateException("port " + port + " answered " + status);
        }
      }
      return System.nanoTime() - begin;
    }
  }

  /** Reads one response with a Content-Length body; returns the status; the body into {@code body}. */
  private static int readResponse(InputStream in, StringBuilder body) throws IOException {
    StringBuilder line = new StringBuilder();
    int status = -1;
    long length = -1;
    while (true) {
      line.setLength(0);
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("connection closed mid-response (" + line + ")");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      if (line.length() == 0) {
        break;
      }
      if (status < 0) {
        status = Integer.parseInt(line.substring(9, 12));
      } else if (line.length() > 15 && line.substring(0, 15).equalsIgnoreCase("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      } else if (line.toString().toLowerCase(Locale.ROOT).startsWith("transfer-encoding:")) {
        throw new IOException("chunked responses are not expected: " + line);
      }
    }
    if (length < 0) {
      throw new IOException("response without Content-Length (status " + status + ")");
    }
    for (long i = 0; i < length; i++) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed mid-body");
      }
      if (body != null) {
        body.append((char) c);
      }
    }
    return status;
  }

  /** A control endpoint's answer: process CPU and every meter's request-thread CPU, in ns. */
  static final class Counters {
    long process;
    long ticks;
    final Map<String, Long> meters = new HashMap<>();
  }

  private static Counters counters(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /cpu HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      StringBuilder body = new StringBuilder();
      int status = readResponse(new BufferedInputStream(socket.getInputStream()), body);
      if (status != 200) {
        throw new IOException("control endpoint answered " + status);
      }
      Counters counters = new Counters();
      for (String line : body.toString().split("\n")) {
        String[] parts = line.trim().split(" ");
        if (parts[0].equals("process")) {
          counters.process = Long.parseLong(parts[1]);
        } else if (parts[0].equals("ticks")) {
          counters.ticks = Long.parseLong(parts[1]);
        } else if (parts.length == 3) {
          counters.meters.put(parts[0], Long.parseLong(parts[1]));
        }
      }
      return counters;
    }
  }

  private static Map<String, String> readPorts(Path file) throws IOException {
    Map<String, String> ports = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        ports.put(line.substring(0, equals), line.substring(equals + 1).trim());
      }
    }
    return ports;
  }

  /** A process and its children (nginx's master and workers), found through /proc. */
  private static List<Long> withChildren(long parent) throws IOException {
    List<Long> pids = new ArrayList<>(List.of(parent));
    try (var entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path entry : entries) {
        try {
          String stat = Files.readString(entry.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (Long.parseLong(fields[1]) == parent) {
            pids.add(Long.parseLong(entry.getFileName().toString()));
          }
        } catch (IOException | RuntimeException gone) {
          // a process that ended while we looked
        }
      }
    }
    return pids;
  }

  /**
   * CPU time of nginx's processes in ns, from {@code /proc/<pid>/task/<tid>/schedstat}
   * (nanosecond resolution).
   */
  private static long nginxCpuNanos(List<Long> pids) throws IOException {
    long total = 0;
    for (long pid : pids) {
      total += Jetty.tasksCpuNanos(Path.of("/proc/" + pid + "/task"));
    }
    return total;
  }
}
