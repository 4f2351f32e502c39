package dev.keywarden.benchmarks;

import dev.keywarden.expression.EvaluatorStatus;
import dev.keywarden.expression.GroupExpression;
import java.util.concurrent.TimeUnit;
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
 * Parse-and-compile cost: text to a ready-to-evaluate {@link GroupExpression} (lexing, parsing,
 * the canonical form, the mention sets and the tree evaluator), and with compilation to validated
 * bytecode ({@code parseAndCompile}, what building a guard does per expression by default).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {
  @Param({"S", "L"})
  public String rule;

  private String text;

  @Setup
  public void setUp() {
    text = rule.equals("S") ? Rules.KEYWARDEN_S : Rules.KEYWARDEN_L;
  }

  @Benchmark
  public GroupExpression parse() {
    return GroupExpression.parse(text);
  }

  /** Parse, generate bytecode and validate it against the tree: the full one-off cost per rule. */
  @Benchmark
  public EvaluatorStatus parseAndCompile() {
    return GroupExpression.parse(text).compile();
  }
}
