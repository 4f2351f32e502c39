package dev.keywarden.expression;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The one-off cost of compiling one expression, by stage: parse; parse and generate the hidden
 * class; parse, generate and validate it against the tree evaluator (what
 * {@link GroupExpression#compile()} does). It lives in the expression package, on the class path,
 * to reach the package-private stages; the benchmarks jar is never published. Every invocation
 * parses a new expression (a distinct group name), so every generated class is new and cold, as
 * when a guard is built.
 *
 * <p>Rules: S (2 groups, 1 client type: 32 assignments), L (13 names, 5 client types: 131,072
 * assignments), and X14 (11 groups, one client type and {@code isBackoffice}: 2^11 * 4 * 2 =
 * 16,384 assignments, the largest exhaustive case).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompileCostBenchmark {
  static final String S = "groups.admin || (groups.users && clientType == \"web\")";
  static final String L = String.join(" ",
      "(groups.admin || groups.superuser) && !groups.banned",
      "|| (groups.users && clientType == \"internal\" && permissions.api.orders.read && !isBackoffice)",
      "|| (groups.partners && clientType == \"partner\" && \"api.orders.write\" in permissions)",
      "|| (isBackoffice && groups.support && !permissions.api.admin)",
      "|| (clientType == \"mobile\" && groups.users && !groups.suspended && permissions.api.orders.read)",
      "|| (groups[\"team:ops\"] && (clientType == \"ops\" || clientType == \"web\") && !groups.contractors",
      "    && permissions.api.users.read)");
  static final String X14 = "groups.g1 && (groups.g2 || groups.g3) && !groups.g4 || (groups.g5 && groups.g6"
      + " || groups.g7 && !groups.g8) && clientType == \"web\" || isBackoffice && (groups.g9 || groups.g10)"
      + " && !groups.admin";

  @Param({"S", "L", "X14"})
  public String rule;

  private String text;
  private final AtomicLong counter = new AtomicLong();

  @Setup
  public void setUp() {
    text = switch (rule) {
      case "S" -> S;
      case "L" -> L;
      default -> X14;
    };
  }

  /** The same rule with a fresh group name, so no two invocations share a generated class. */
  private Node fresh() {
    return Parser.parse(text.replace("groups.admin", "groups.admin" + counter.incrementAndGet()),
        ExpressionLimits.DEFAULT);
  }

  @Benchmark
  public Node parse() {
    return fresh();
  }

  @Benchmark
  public Compiled parseAndGenerate() throws Throwable {
    return BytecodeCompiler.compile(fresh());
  }

  @Benchmark
  public TranslationValidator.Outcome parseGenerateAndValidate() throws Throwable {
    Node root = fresh();
    TranslationValidator.Outcome outcome =
        TranslationValidator.validate(root, Compiled.compile(root), BytecodeCompiler.compile(root));
    if (!outcome.agreed()) {
      throw new IllegalStateException(outcome.toString());
    }
    return outcome;
  }
}
