package dev.keywarden.benchmarks;

import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.expression.CompileMode;
import java.util.ArrayList;
import java.util.List;
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
 * Building an {@link AccessGuard} from 10, 100 and 1,000 rules given as text: parsing every
 * expression, the route table and, with {@link CompileMode#EAGER} (the default), generating and
 * validating bytecode for every expression; {@link CompileMode#OFF} is the same build without
 * compilation ({@code LAZY} costs the build what {@code OFF} does and compiles afterwards on one
 * background thread). Each build parses new expression objects, so every compilation is real.
 *
 * <p>The rules mix the shapes of a real API: half like rule S (2 groups, a client type), a quarter
 * of medium size (4 groups, a permission, 2 client types: 512 assignments), a quarter like rule L
 * (13 names, 5 client types: sampled); names carry the rule's number, so no two are alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class BuildTimeBenchmark {
  @Param({"10", "100", "1000"})
  public int rules;

  @Param({"EAGER", "OFF"})
  public CompileMode mode;

  private List<String> expressions;

  @Setup
  public void setUp() {
    expressions = new ArrayList<>();
    for (int i = 0; i < rules; i++) {
      expressions.add(switch (i % 4) {
        case 0, 1 -> "groups.admin" + i + " || (groups.users" + i + " && clientType == \"web\")";
        case 2 -> "(groups.a" + i + " || groups.b" + i + ") && !groups.banned && !groups.c" + i
            + " && (clientType == \"web\" || clientType == \"mobile\") && permissions.api.read" + i;
        default -> Rules.KEYWARDEN_L.replace("groups.admin", "groups.admin" + i);
      });
    }
  }

  @Benchmark
  public AccessGuard build() {
    AccessGuard.Builder builder = AccessGuard.builder().compileMode(mode);
    for (int i = 0; i < expressions.size(); i++) {
      builder.rule(EndpointRule.builder("GET", "/api/r" + i + "/**").userGroupPermission(expressions.get(i)).build());
    }
    return builder.build();
  }
}
