package dev.keywarden.expression;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The translation validator must catch wrong generated code: real bytecode generated from a
 * slightly different expression stands in for a miscompilation, and the independent reference
 * interpreter of {@link GroupExpressionProperties} decides whether the two really differ.
 */
class TranslationValidatorTest {

  private static Compiled bytecodeOf(String text) throws Throwable {
    return BytecodeCompiler.compile(Parser.parse(text, ExpressionLimits.DEFAULT));
  }

  @Test
  void validate_smallExpression_checksEveryAssignmentOfItsAtoms() throws Throwable {
    String text = "groups.admin || (groups.users && clientType == \"web\")";
    Node root = Parser.parse(text, ExpressionLimits.DEFAULT);
    TranslationValidator.Outcome outcome = TranslationValidator.validate(root, Compiled.compile(root), bytecodeOf(text));
    assertThat(outcome.agreed()).isTrue();
    assertThat(outcome.exhaustive()).isTrue();
    // 2 groups in/out x client type absent, "", "web", other x back-office on/off.
    assertThat(outcome.checked()).isEqualTo(4L * 4 * 2).isEqualTo(outcome.assignments());
  }

  @Test
  void validate_wrongJump_isCaughtWithACounterexample() throws Throwable {
    // && compiled as ||, a wrong negation, a wrong client type constant, a dropped operand.
    String[][] pairs = {
        {"groups.a && groups.b", "groups.a || groups.b"},
        {"!groups.a && permissions.x", "groups.a && permissions.x"},
        {"clientType == 'web' || isBackoffice", "clientType == 'mobile' || isBackoffice"},
        {"clientType != 'web'", "clientType == 'web'"},
        {"groups.a || groups.b || groups.c && !isBackoffice", "groups.a || groups.b || groups.c"},
        {"(groups.a || clientType) == 'web'", "groups.a || clientType == 'web'"},
        {"clientType", "clientType == 'x'"},
    };
    for (String[] pair : pairs) {
      Node root = Parser.parse(pair[0], ExpressionLimits.DEFAULT);
      TranslationValidator.Outcome outcome =
          TranslationValidator.validate(root, Compiled.compile(root), bytecodeOf(pair[1]));
      assertThat(outcome.agreed()).as("%s vs %s", pair[0], pair[1]).isFalse();
      assertThat(outcome.counterexample()).contains("groups [").contains("clientType");
    }
  }

  /** Changes one node of a reference tree, using no atom the tree does not already mention. */
  static GroupExpressionProperties.Ref mutate(GroupExpressionProperties.Ref ref, Random r) {
    boolean here = r.nextInt(3) == 0;
    if (ref instanceof GroupExpressionProperties.And and) {
      return here ? new GroupExpressionProperties.Or(and.left(), and.right())
          : r.nextBoolean() ? new GroupExpressionProperties.And(mutate(and.left(), r), and.right())
          : new GroupExpressionProperties.And(and.left(), mutate(and.right(), r));
    }
    if (ref instanceof GroupExpressionProperties.Or or) {
      return here ? new GroupExpressionProperties.And(or.left(), or.right())
          : r.nextBoolean() ? new GroupExpressionProperties.Or(mutate(or.left(), r), or.right())
          : new GroupExpressionProperties.Or(or.left(), mutate(or.right(), r));
    }
    if (ref instanceof GroupExpressionProperties.Eq eq) {
      return here ? new GroupExpressionProperties.Eq(eq.left(), eq.right(), !eq.negated())
          : r.nextBoolean() ? new GroupExpressionProperties.Eq(mutate(eq.left(), r), eq.right(), eq.negated())
          : new GroupExpressionProperties.Eq(eq.left(), mutate(eq.right(), r), eq.negated());
    }
    if (ref instanceof GroupExpressionProperties.Not not) {
      return here ? not.operand() : new GroupExpressionProperties.Not(mutate(not.operand(), r));
    }
    if (ref instanceof GroupExpressionProperties.Lit lit && lit.value() instanceof Boolean b) {
      return new GroupExpressionProperties.Lit(!b);
    }
    if (ref instanceof GroupExpressionProperties.Member member && r.nextBoolean()) {
      return new GroupExpressionProperties.In(member.groups(), member.name());
    }
    return new GroupExpressionProperties.Not(ref);
  }

  @Test
  void validate_randomMiscompilations_areCaughtWheneverTheReferenceSeesADifference() throws Throwable {
    long seed = Long.getLong("keywarden.seed", 20261126L);
    Random r = new Random(seed);
    int caught = 0;
    for (int n = 0; n < 1_000; n++) {
      GroupExpressionProperties.Ref a = GroupExpressionProperties.randomTree(r, 4);
      GroupExpressionProperties.Ref b = mutate(a, r);
      String textA = a.render(r);
      String textB = b.render(r);
      Node root = Parser.parse(textA, ExpressionLimits.DEFAULT);
      TranslationValidator.Outcome outcome =
          TranslationValidator.validate(root, Compiled.compile(root), bytecodeOf(textB));
      boolean differ = false;
      for (int k = 0; k < 200 && !differ; k++) {
        Subject s = GroupExpressionProperties.randomSubject(r);
        differ = GroupExpressionProperties.truthy(a.eval(s)) != GroupExpressionProperties.truthy(b.eval(s));
      }
      if (differ) {
        assertThat(outcome.agreed()).as("seed %d: missed %s compiled as %s", seed, textA, textB).isFalse();
        caught++;
      }
    }
    assertThat(caught).as("cases where the reference saw a difference").isGreaterThan(200);
  }

  @Test
  void validate_manyAtoms_usesCornerCasesAndASample_andSaysSo() throws Throwable {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      terms.add("groups.g" + i);
    }
    String text = String.join(" && ", terms);
    Node root = Parser.parse(text, ExpressionLimits.DEFAULT);
    TranslationValidator.Outcome agreed = TranslationValidator.validate(root, Compiled.compile(root), bytecodeOf(text));
    assertThat(agreed.agreed()).isTrue();
    assertThat(agreed.exhaustive()).isFalse();
    assertThat(agreed.assignments()).isEqualTo((1L << 20) * 3 * 2);
    assertThat(agreed.checked()).isEqualTo((2 + 2 * 20) * 3 * 2 + TranslationValidator.SAMPLE);
    // Dropping the last conjunct differs only when g0..g18 are in and g19 is out: a corner case.
    String wrong = String.join(" && ", terms.subList(0, 19));
    assertThat(TranslationValidator.validate(root, Compiled.compile(root), bytecodeOf(wrong)).agreed()).isFalse();
    GroupExpression e = GroupExpression.parse(text);
    assertThat(e.compile().reason()).contains("corner cases and a seeded sample");
  }

  @Test
  void compile_withWrongBytecode_keepsTheTreeEvaluator_andLogsOnceAtError() {
    Logger logger = (Logger) LoggerFactory.getLogger(GroupExpression.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      GroupExpression e = GroupExpression.parse("groups.a  &&  groups.b");
      EvaluatorStatus status = e.compile(root -> bytecodeOf("groups.a || groups.b"));
      assertThat(status.compiled()).isFalse();
      assertThat(status.reason()).startsWith("generated bytecode disagreed with the tree evaluator for groups [");
      assertThat(e.active).isNotInstanceOf(GeneratedBase.class);
      assertThat(e.test(Subject.builder().groups("a").build())).isFalse();
      assertThat(e.test(Subject.builder().groups("a", "b").build())).isTrue();
      // A second compile neither retries nor logs again.
      assertThat(e.compile()).isEqualTo(status);
      assertThat(e.evaluator()).isEqualTo(status);
      assertThat(appender.list).filteredOn(event -> event.getLevel() == Level.ERROR).singleElement()
          .satisfies(event -> assertThat(event.getFormattedMessage()).contains("groups.a && groups.b"));
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void compile_generatorFailure_keepsTheTreeEvaluator_andSaysWhy() {
    GroupExpression e = GroupExpression.parse("groups.a");
    EvaluatorStatus status = e.compile(root -> {
      throw new LinkageError("refused");
    });
    assertThat(status).isEqualTo(new EvaluatorStatus(false, "bytecode not generated: java.lang.LinkageError: refused"));
    assertThat(e.test(Subject.builder().groups("a").build())).isTrue();
  }

  @Test
  void compile_bytecodeThatThrows_keepsTheTreeEvaluator() {
    GroupExpression e = GroupExpression.parse("groups.a");
    EvaluatorStatus status = e.compile(root -> new Compiled() {
      @Override
      Object value(Subject subject) {
        throw new IllegalStateException("broken");
      }

      @Override
      boolean test(Subject subject) {
        throw new IllegalStateException("broken");
      }
    });
    assertThat(status.compiled()).isFalse();
    assertThat(status.reason()).contains("threw java.lang.IllegalStateException: broken");
    assertThat(e.test(Subject.builder().groups("a").build())).isTrue();
  }

  @Test
  void compileAll_modes() throws Exception {
    GroupExpression eager = GroupExpression.parse("groups.a && clientType == 'web'");
    GroupExpression.compileAll(List.of(eager), CompileMode.EAGER);
    assertThat(eager.evaluator().compiled()).isTrue();

    GroupExpression off = GroupExpression.parse("groups.a && clientType == 'web'");
    GroupExpression.compileAll(List.of(off), CompileMode.OFF);
    assertThat(off.evaluator()).isEqualTo(new EvaluatorStatus(false, "not compiled (yet)"));

    // LAZY runs on the background thread: while that thread is held, nothing is compiled, and
    // the caller's thread has already returned.
    CountDownLatch hold = new CountDownLatch(1);
    GroupExpression.Background.EXECUTOR.execute(() -> {
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    GroupExpression lazy = GroupExpression.parse("groups.a && clientType == 'web'");
    GroupExpression.compileAll(List.of(lazy), CompileMode.LAZY);
    assertThat(lazy.evaluator().compiled()).isFalse();
    assertThat(lazy.test(Subject.builder().groups("a").clientType("web").build())).isTrue();
    hold.countDown();
    // The executor runs tasks in order: once this one is done, the compilation before it is too.
    Future<String> after = GroupExpression.Background.EXECUTOR.submit(() -> Thread.currentThread().getName());
    assertThat(after.get()).isEqualTo("keywarden-expression-compiler");
    assertThat(lazy.evaluator().compiled()).isTrue();
    assertThat(lazy.active).isInstanceOf(GeneratedBase.class);
  }
}
