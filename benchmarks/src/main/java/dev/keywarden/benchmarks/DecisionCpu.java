package dev.keywarden.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link DecisionBenchmark#decide()} measured in thread CPU time rather than wall time: on a
 * shared machine, time spent waiting for a core does not count. Warms up with 5,000,000
 * decisions, then prints the median, min and max of 9 rounds of 1,000,000. To compare two
 * builds, run this class against each build's {@code benchmarks.jar} in alternation. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.keywarden.benchmarks.DecisionCpu [label]}.
 */
public final class DecisionCpu {
  private static volatile Object sink;

  private DecisionCpu() {}

  public static void main(String[] args) {
    DecisionBenchmark benchmark = new DecisionBenchmark();
    benchmark.setUp();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int perRound = 1_000_000;
    for (int i = 0; i < 5 * perRound; i++) {
      sink = benchmark.decide();
    }
    double[] rounds = new double[9];
    for (int round = 0; round < rounds.length; round++) {
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < perRound; i++) {
        sink = benchmark.decide();
      }
      rounds[round] = (threads.getCurrentThreadCpuTime() - start) / (double) perRound;
    }
    Arrays.sort(rounds);
    System.out.printf("%s decide, thread CPU per decision: median %.0f ns (min %.0f, max %.0f) over %d rounds of %,d%n",
        args.length > 0 ? args[0] : "", rounds[rounds.length / 2], rounds[0], rounds[rounds.length - 1],
        rounds.length, perRound);
  }
}
