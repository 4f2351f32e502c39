package dev.keywarden.benchmarks;

import java.util.Arrays;

/**
 * The HTTP comparison with the three servers interleaved in one JVM: rounds of sequential
 * requests to each server in turn, so that machine noise (2 shared cores) hits all three alike.
 * Prints each round and the median per server. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.keywarden.benchmarks.HttpOverhead [rounds] [requests]}.
 */
public final class HttpOverhead {
  private HttpOverhead() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    HttpBenchmark servers = new HttpBenchmark();
    servers.setUp();
    try {
      String[] names = {"plain", "noop filter", "keywarden"};
      double[][] micros = new double[3][rounds];
      for (int warmup = 0; warmup < 3; warmup++) {
        for (int i = 0; i < requests; i++) {
          servers.plain();
          servers.noopFilter();
          servers.filtered();
        }
      }
      for (int round = 0; round < rounds; round++) {
        for (int server = 0; server < 3; server++) {
          long start = System.nanoTime();
          for (int i = 0; i < requests; i++) {
            int status = server == 0 ? servers.plain() : server == 1 ? servers.noopFilter() : servers.filtered();
            if (status != 200) {
              throw new IllegalStateException(names[server] + " answered " + status);
            }
          }
          micros[server][round] = (System.nanoTime() - start) / 1_000.0 / requests;
        }
        System.out.printf("round %2d: plain %6.1f us, noop filter %6.1f us, keywarden %6.1f us%n",
            round, micros[0][round], micros[1][round], micros[2][round]);
      }
      double[] medians = new double[3];
      for (int server = 0; server < 3; server++) {
        double[] sorted = micros[server].clone();
        Arrays.sort(sorted);
        medians[server] = sorted[rounds / 2];
      }
      System.out.printf("median per request: plain %.1f us, noop filter %.1f us, keywarden %.1f us%n",
          medians[0], medians[1], medians[2]);
      System.out.printf("keywarden vs plain: %+.1f%%, keywarden vs noop filter: %+.1f%%%n",
          100 * (medians[2] / medians[0] - 1), 100 * (medians[2] / medians[1] - 1));
    } finally {
      servers.tearDown();
    }
  }
}
