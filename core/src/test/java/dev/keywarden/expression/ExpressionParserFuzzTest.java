package dev.keywarden.expression;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the parser: any input gives an expression (which evaluates, prints and re-parses to an
 * equal expression) or the syntax exception, never anything else. The committed seed corpus in
 * {@code ExpressionParserFuzzTestInputs/parse} runs in every build; with {@code JAZZER_FUZZ=1}
 * Jazzer mutates it for the bounded time.
 */
class ExpressionParserFuzzTest {
  private static final Subject MEMBER = Subject.builder().groups("admin", "a.b").permissions("api.read")
      .clientType("web").backoffice(true).build();

  @FuzzTest(maxDuration = "30s")
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    GroupExpression expression;
    try {
      expression = GroupExpression.parse(text);
    } catch (ExpressionSyntaxException expected) {
      assertThat(expected.column()).isBetween(1, Math.max(text.length(), ExpressionLimits.DEFAULT.maxLength()) + 1);
      assertThat(expected.getMessage()).contains("^");
      return;
    }
    expression.test(MEMBER);
    expression.test(Subject.anonymous());
    // The canonical form never nests deeper than the source, but may be longer (spaces, escapes).
    String canonical = expression.toString();
    GroupExpression reparsed = GroupExpression.parse(canonical, new ExpressionLimits(
        Math.max(canonical.length(), ExpressionLimits.DEFAULT.maxLength()), ExpressionLimits.DEFAULT.maxDepth()));
    assertThat(reparsed).isEqualTo(expression);
    assertThat(reparsed.toString()).isEqualTo(canonical);
    assertThat(reparsed.test(MEMBER)).isEqualTo(expression.test(MEMBER));
  }
}
