package dev.keywarden.benchmarks;

import com.google.common.collect.ImmutableMap;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.keywarden.expression.EvaluatorStatus;
import dev.keywarden.expression.GroupExpression;
import dev.keywarden.expression.Subject;
import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;
import org.mvel2.MVEL;
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
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * Evaluating one rule against one context: Keywarden (compiled and validated, as a guard does by
 * default, and the tree evaluator alone) against the same rule by hand (the floor),
 * SpEL compiled and interpreted, JEXL 3, CEL-java and MVEL (compiled). Every engine is set up
 * once (parsed/compiled outside the measurement) and checked to agree with the hand-written rule.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExpressionBenchmark {
  @Param({"S", "L"})
  public String rule;

  private GroupExpression keywarden;
  private GroupExpression keywardenInterpreted;
  private Subject subject;
  private boolean small;
  private Expression spelCompiled;
  private Expression spelInterpreted;
  private StandardEvaluationContext spelContext;
  private SimpleEvaluationContext spelSimpleContext;
  private JexlExpression jexl;
  private MapContext jexlContext;
  private Serializable mvel;
  private CelRuntime.Program cel;
  private Map<String, Object> celVariables;
  private Rules.Ctx ctx;

  @Setup
  public void setUp() throws Exception {
    small = rule.equals("S");
    // Inputs come from instance fields built here, never static constants the JIT could fold.
    subject = Subject.of(new HashSet<>(Rules.GROUPS), new HashSet<>(Rules.PERMISSIONS),
        new String(Rules.CLIENT_TYPE.toCharArray()), Rules.BACKOFFICE);
    keywarden = GroupExpression.parse(small ? Rules.KEYWARDEN_S : Rules.KEYWARDEN_L);
    // Compiled as AccessGuard.build() does by default (CompileMode.EAGER).
    EvaluatorStatus status = keywarden.compile();
    if (!status.compiled()) {
      throw new IllegalStateException("rule " + rule + " is not compiled: " + status.reason());
    }
    keywardenInterpreted = GroupExpression.parse(small ? Rules.KEYWARDEN_S : Rules.KEYWARDEN_L);
    ctx = new Rules.Ctx(new HashSet<>(Rules.GROUPS), new HashSet<>(Rules.PERMISSIONS),
        new String(Rules.CLIENT_TYPE.toCharArray()), Rules.BACKOFFICE);

    String spel = small ? Rules.SPEL_S : Rules.SPEL_L;
    spelCompiled = new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.IMMEDIATE, null))
        .parseExpression(spel);
    spelInterpreted = new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.OFF, null))
        .parseExpression(spel);
    spelContext = new StandardEvaluationContext(ctx);
    spelSimpleContext = SimpleEvaluationContext.forReadOnlyDataBinding().withInstanceMethods().withRootObject(ctx).build();

    JexlEngine engine = new JexlBuilder().permissions(JexlPermissions.UNRESTRICTED).cache(512).strict(true).create();
    jexl = engine.createExpression(small ? Rules.JEXL_S : Rules.JEXL_L);
    jexlContext = new MapContext();
    jexlContext.set("ctx", ctx);

    mvel = MVEL.compileExpression(small ? Rules.MVEL_S : Rules.MVEL_L);

    CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
        .addVar("groups", MapType.create(SimpleType.STRING, SimpleType.BOOL))
        .addVar("permissions", MapType.create(SimpleType.STRING, SimpleType.BOOL))
        .addVar("clientType", SimpleType.STRING)
        .addVar("isBackoffice", SimpleType.BOOL)
        .build();
    CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    cel = runtime.createProgram(compiler.compile(small ? Rules.CEL_S : Rules.CEL_L).getAst());
    Map<String, Boolean> groups = new HashMap<>();
    Rules.GROUPS.forEach(g -> groups.put(g, true));
    Map<String, Boolean> permissions = new HashMap<>();
    Rules.PERMISSIONS.forEach(p -> permissions.put(p, true));
    celVariables = ImmutableMap.of("groups", ImmutableMap.copyOf(groups), "permissions",
        ImmutableMap.copyOf(permissions), "clientType", Rules.CLIENT_TYPE, "isBackoffice", Rules.BACKOFFICE);

    boolean expected = java();
    check("keywarden", keywarden(), expected);
    check("keywardenInterpreted", keywardenInterpreted(), expected);
    check("spelCompiled", spelCompiled(), expected);
    check("spelInterpreted", spelInterpreted(), expected);
    check("jexl", jexl(), expected);
    check("mvel", mvel(), expected);
    check("cel", cel(), expected);
    if (!Boolean.TRUE.equals(spelCompiled.getValue(spelSimpleContext, Boolean.class)) == expected) {
      throw new IllegalStateException("spel (simple context) disagrees");
    }
  }

  private static void check(String engine, boolean actual, boolean expected) {
    if (actual != expected) {
      throw new IllegalStateException(engine + " gives " + actual + ", hand-written Java gives " + expected);
    }
  }

  @Benchmark
  public boolean java() {
    return small ? Rules.javaS(subject) : Rules.javaL(subject);
  }

  @Benchmark
  public boolean keywarden() {
    return keywarden.test(subject);
  }

  /** The tree evaluator alone ({@code CompileMode.OFF}). */
  @Benchmark
  public boolean keywardenInterpreted() {
    return keywardenInterpreted.test(subject);
  }

  @Benchmark
  public boolean spelCompiled() {
    return Boolean.TRUE.equals(spelCompiled.getValue(spelContext, Boolean.class));
  }

  @Benchmark
  public boolean spelInterpreted() {
    return Boolean.TRUE.equals(spelInterpreted.getValue(spelContext, Boolean.class));
  }

  @Benchmark
  public boolean jexl() {
    return Boolean.TRUE.equals(jexl.evaluate(jexlContext));
  }

  @Benchmark
  public boolean mvel() {
    return Boolean.TRUE.equals(MVEL.executeExpression(mvel, ctx));
  }

  @Benchmark
  public boolean cel() throws Exception {
    return Boolean.TRUE.equals(cel.eval(celVariables));
  }
}
