package dev.keywarden.expression;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Differential fuzzing of the bytecode generator: the fuzz input chooses an expression tree (over
 * a few fixed names and some fuzzed ones) and subjects; the tree evaluator, the raw generated
 * bytecode, the validated expression and the independent reference interpreter of
 * {@link GroupExpressionProperties} must all agree. The committed seed corpus in
 * {@code ExpressionCompilerFuzzTestInputs/compile} runs in every build; with {@code JAZZER_FUZZ=1}
 * Jazzer mutates it for the bounded time.
 */
class ExpressionCompilerFuzzTest {
  private static final String[] NAMES = {"admin", "users", "a.b", "with space", "", "x"};
  private static final String[] STRINGS = {"web", "mobile", "", "x", "true"};

  @FuzzTest(maxDuration = "30s")
  void compile(FuzzedDataProvider data) throws Throwable {
    // Printable ASCII: escapes and odd characters are the parser fuzz target's business.
    String fuzzedName = data.consumeAsciiString(12).replaceAll("[^\\x20-\\x7e]", "");
    GroupExpressionProperties.Ref ref = tree(data, fuzzedName, 6);
    // Rendering choices (quotes, spelling, spaces) come from the input too.
    String text = ref.render(new Random(data.consumeLong()));
    if (text.length() > ExpressionLimits.DEFAULT.maxLength()) {
      return;
    }
    Node root = Parser.parse(text, ExpressionLimits.DEFAULT);
    Compiled tree = Compiled.compile(root);
    Compiled bytecode = BytecodeCompiler.compile(root);
    GroupExpression expression = GroupExpression.parse(text);
    EvaluatorStatus status = expression.compile();
    assertThat(status.compiled()).as("%s: %s", text, status.reason()).isTrue();
    int subjects = data.consumeInt(1, 16);
    for (int i = 0; i < subjects && data.remainingBytes() > 0; i++) {
      Subject subject = subject(data, fuzzedName);
      boolean expected = GroupExpressionProperties.truthy(ref.eval(subject));
      assertThat(tree.test(subject)).as("tree: %s for %s", text, subject).isEqualTo(expected);
      assertThat(bytecode.test(subject)).as("bytecode: %s for %s", text, subject).isEqualTo(expected);
      assertThat(expression.test(subject)).as("validated: %s for %s", text, subject).isEqualTo(expected);
    }
  }

  private static String name(FuzzedDataProvider data, String fuzzedName) {
    int pick = data.consumeInt(0, NAMES.length);
    return pick == NAMES.length ? fuzzedName : NAMES[pick];
  }

  private static String string(FuzzedDataProvider data, String fuzzedName) {
    int pick = data.consumeInt(0, STRINGS.length);
    return pick == STRINGS.length ? fuzzedName : STRINGS[pick];
  }

  private static GroupExpressionProperties.Ref tree(FuzzedDataProvider data, String fuzzedName, int depth) {
    int kind = data.consumeInt(0, depth <= 0 ? 6 : 10);
    return switch (kind) {
      case 0 -> new GroupExpressionProperties.Lit(data.consumeBoolean());
      case 1 -> new GroupExpressionProperties.Lit(string(data, fuzzedName));
      case 2 -> new GroupExpressionProperties.Member(data.consumeBoolean(), name(data, fuzzedName));
      case 3 -> new GroupExpressionProperties.In(data.consumeBoolean(), name(data, fuzzedName));
      case 4 -> new GroupExpressionProperties.ClientType();
      case 5 -> new GroupExpressionProperties.Backoffice();
      case 6 -> new GroupExpressionProperties.Eq(new GroupExpressionProperties.ClientType(),
          new GroupExpressionProperties.Lit(string(data, fuzzedName)), data.consumeBoolean());
      case 7 -> new GroupExpressionProperties.Not(tree(data, fuzzedName, depth - 1));
      case 8 -> new GroupExpressionProperties.And(tree(data, fuzzedName, depth - 1), tree(data, fuzzedName, depth - 1));
      case 9 -> new GroupExpressionProperties.Or(tree(data, fuzzedName, depth - 1), tree(data, fuzzedName, depth - 1));
      default -> new GroupExpressionProperties.Eq(tree(data, fuzzedName, depth - 1), tree(data, fuzzedName, depth - 1),
          data.consumeBoolean());
    };
  }

  private static Subject subject(FuzzedDataProvider data, String fuzzedName) {
    Set<String> groups = new HashSet<>();
    Set<String> permissions = new HashSet<>();
    for (String name : NAMES) {
      if (data.consumeBoolean()) {
        groups.add(name);
      }
      if (data.consumeBoolean()) {
        permissions.add(name);
      }
    }
    if (data.consumeBoolean()) {
      groups.add(fuzzedName);
    }
    if (data.consumeBoolean()) {
      permissions.add(fuzzedName);
    }
    int type = data.consumeInt(0, STRINGS.length + 2);
    String clientType = type == STRINGS.length ? null : type == STRINGS.length + 1 ? fuzzedName
        : type == STRINGS.length + 2 ? "other" : STRINGS[type];
    return Subject.of(groups, permissions, clientType, data.consumeBoolean());
  }
}
