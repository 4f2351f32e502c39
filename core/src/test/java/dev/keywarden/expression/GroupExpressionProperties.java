package dev.keywarden.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Seeded property tests: random expression trees are rendered to text, parsed, and compared
 * with a reference interpreter written here from SPEC §7 (independent of the production tree
 * and compiler). Each repetition uses its own seed, printed in any failure.
 */
class GroupExpressionProperties {
  private static final long BASE_SEED = Long.getLong("keywarden.seed", 20261126L);
  private static final String[] GROUPS = {"admin", "users", "a.b", "my-group", "team:ops", "with space", ""};
  private static final String[] PERMISSIONS = {"api.read", "api.write", "x"};
  private static final String[] STRINGS = {"web", "mobile", "", "a b", "it's", "q\"uote", "\\", "\u00e9"};
  private static final String[] CLIENT_TYPES = {null, "", "web", "mobile"};
  private static final Object ABSENT = new Object();

  /** The reference syntax tree. */
  sealed interface Ref {
    String render(Random r);

    Object eval(Subject s);
  }

  record Lit(Object value) implements Ref {
    public String render(Random r) {
      if (value instanceof Boolean b) {
        return b.toString();
      }
      return quote((String) value, r.nextBoolean() ? '"' : '\'');
    }

    public Object eval(Subject s) {
      return value;
    }
  }

  record Member(boolean groups, String name) implements Ref {
    public String render(Random r) {
      String word = groups ? "groups" : "permissions";
      boolean dotted = !name.isEmpty() && name.matches("[A-Za-z0-9_$:-]+(\\.[A-Za-z0-9_$:-]+)*");
      return dotted && r.nextBoolean() ? word + "." + name : word + "[" + quote(name, '"') + "]";
    }

    public Object eval(Subject s) {
      return (groups ? s.hasGroup(name) : s.hasPermission(name)) ? Boolean.TRUE : ABSENT;
    }
  }

  record In(boolean groups, String name) implements Ref {
    public String render(Random r) {
      return quote(name, '\'') + " in " + (groups ? "groups" : "permissions");
    }

    public Object eval(Subject s) {
      return groups ? s.hasGroup(name) : s.hasPermission(name);
    }
  }

  record ClientType() implements Ref {
    public String render(Random r) {
      return "clientType";
    }

    public Object eval(Subject s) {
      return s.clientType() == null ? ABSENT : s.clientType();
    }
  }

  record Backoffice() implements Ref {
    public String render(Random r) {
      return r.nextBoolean() ? "isBackoffice" : "isBackOffice";
    }

    public Object eval(Subject s) {
      return s.isBackoffice();
    }
  }

  record Not(Ref operand) implements Ref {
    public String render(Random r) {
      return "!(" + operand.render(r) + ")";
    }

    public Object eval(Subject s) {
      return !truthy(operand.eval(s));
    }
  }

  record And(Ref left, Ref right) implements Ref {
    public String render(Random r) {
      return "(" + left.render(r) + ws(r) + "&&" + ws(r) + right.render(r) + ")";
    }

    public Object eval(Subject s) {
      Object l = left.eval(s);
      return truthy(l) ? right.eval(s) : l;
    }
  }

  record Or(Ref left, Ref right) implements Ref {
    public String render(Random r) {
      return "(" + left.render(r) + ws(r) + "||" + ws(r) + right.render(r) + ")";
    }

    public Object eval(Subject s) {
      Object l = left.eval(s);
      return truthy(l) ? l : right.eval(s);
    }
  }

  record Eq(Ref left, Ref right, boolean negated) implements Ref {
    public String render(Random r) {
      String op = negated ? (r.nextBoolean() ? "!=" : "!==") : (r.nextBoolean() ? "==" : "===");
      return "(" + left.render(r) + ")" + ws(r) + op + ws(r) + "(" + right.render(r) + ")";
    }

    public Object eval(Subject s) {
      Object l = left.eval(s);
      Object r = right.eval(s);
      boolean same = l == r || l instanceof Boolean && l.equals(r) || l instanceof String && l.equals(r);
      return same != negated;
    }
  }

  static boolean truthy(Object value) {
    return Boolean.TRUE.equals(value) || value instanceof String str && !str.isEmpty();
  }

  static String ws(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> "";
      case 1 -> "  ";
      case 2 -> "\t";
      default -> " ";
    };
  }

  static String quote(String value, char quote) {
    StringBuilder out = new StringBuilder().append(quote);
    for (char c : value.toCharArray()) {
      if (c == quote || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append(quote).toString();
  }

  static Ref randomTree(Random r, int depth) {
    if (depth <= 0 || r.nextInt(3) == 0) {
      return switch (r.nextInt(7)) {
        case 0 -> new Lit(r.nextBoolean());
        case 1 -> new Lit(STRINGS[r.nextInt(STRINGS.length)]);
        case 2 -> new Member(true, GROUPS[r.nextInt(GROUPS.length)]);
        case 3 -> new Member(false, PERMISSIONS[r.nextInt(PERMISSIONS.length)]);
        case 4 -> new In(r.nextBoolean(), r.nextBoolean() ? GROUPS[r.nextInt(GROUPS.length)] : PERMISSIONS[r.nextInt(PERMISSIONS.length)]);
        case 5 -> new ClientType();
        default -> new Backoffice();
      };
    }
    return switch (r.nextInt(4)) {
      case 0 -> new Not(randomTree(r, depth - 1));
      case 1 -> new And(randomTree(r, depth - 1), randomTree(r, depth - 1));
      case 2 -> new Or(randomTree(r, depth - 1), randomTree(r, depth - 1));
      default -> new Eq(randomTree(r, depth - 1), randomTree(r, depth - 1), r.nextBoolean());
    };
  }

  static Subject randomSubject(Random r) {
    Set<String> groups = new HashSet<>();
    Set<String> permissions = new HashSet<>();
    for (String g : GROUPS) {
      if (r.nextBoolean()) {
        groups.add(g);
      }
    }
    for (String p : PERMISSIONS) {
      if (r.nextBoolean()) {
        permissions.add(p);
      }
    }
    return Subject.of(groups, permissions, CLIENT_TYPES[r.nextInt(CLIENT_TYPES.length)], r.nextBoolean());
  }

  private static long seed(RepetitionInfo info) {
    return BASE_SEED * 31 + info.getCurrentRepetition();
  }

  @RepeatedTest(20)
  void compiledEvaluator_agreesWithTheReferenceInterpreter(RepetitionInfo info) {
    long seed = seed(info);
    Random r = new Random(seed);
    for (int n = 0; n < 300; n++) {
      Ref tree = randomTree(r, 5);
      String text = tree.render(r);
      GroupExpression parsed = GroupExpression.parse(text);
      for (int k = 0; k < 8; k++) {
        Subject subject = randomSubject(r);
        boolean expected = truthy(tree.eval(subject));
        if (parsed.test(subject) != expected) {
          fail("seed " + seed + ": '" + text + "' gave " + !expected + " for " + subject);
        }
      }
    }
  }

  /** The generated code, unvalidated: these properties check it independently of the validator. */
  static Compiled generate(Node root) {
    try {
      return BytecodeCompiler.compile(root);
    } catch (Throwable e) {
      throw new AssertionError("no bytecode for " + Printer.print(root), e);
    }
  }

  @RepeatedTest(20)
  void generatedBytecode_agreesWithTheTreeEvaluatorAndTheReference(RepetitionInfo info) {
    long seed = seed(info);
    Random r = new Random(seed);
    for (int n = 0; n < 200; n++) {
      Ref ref = randomTree(r, 6);
      String text = ref.render(r);
      Node root = Parser.parse(text, ExpressionLimits.DEFAULT);
      Compiled generated = generate(root);
      assertThat(generated).as("seed %d: no bytecode for %s", seed, text).isInstanceOf(GeneratedBase.class);
      Compiled tree = Compiled.compile(root);
      for (int k = 0; k < 8; k++) {
        Subject subject = randomSubject(r);
        boolean expected = truthy(ref.eval(subject));
        assertThat(tree.test(subject)).as("seed %d: tree, %s for %s", seed, text, subject).isEqualTo(expected);
        assertThat(generated.test(subject)).as("seed %d: bytecode, %s for %s", seed, text, subject).isEqualTo(expected);
      }
    }
  }

  @RepeatedTest(10)
  void compile_validatesAndSwitchesToBytecode_withTheReferenceAnswers(RepetitionInfo info) {
    long seed = seed(info);
    Random r = new Random(seed);
    for (int n = 0; n < 100; n++) {
      Ref ref = randomTree(r, 5);
      String text = ref.render(r);
      GroupExpression e = GroupExpression.parse(text);
      assertThat(e.evaluator().compiled()).isFalse();
      EvaluatorStatus status = e.compile();
      assertThat(status.compiled()).as("seed %d: %s: %s", seed, text, status.reason()).isTrue();
      assertThat(e.active).isInstanceOf(GeneratedBase.class);
      assertThat(e.evaluator()).isEqualTo(status);
      for (int k = 0; k < 8; k++) {
        Subject subject = randomSubject(r);
        assertThat(e.test(subject)).as("seed %d: %s for %s", seed, text, subject).isEqualTo(truthy(ref.eval(subject)));
      }
    }
  }

  @Test
  void hugeExpressions_stayOnTheTreeEvaluator_andSayWhy() {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      terms.add("groups.g" + i);
    }
    GroupExpression big = GroupExpression.parse(String.join(" || ", terms),
        new ExpressionLimits(ExpressionLimits.MAX_LENGTH_CAP, 64));
    EvaluatorStatus status = big.compile();
    assertThat(status.compiled()).isFalse();
    assertThat(status.reason()).startsWith("bytecode not generated: ").contains("over 32768");
    assertThat(big.active).isNotInstanceOf(GeneratedBase.class);
    assertThat(big.test(Subject.builder().groups("g4999").build())).isTrue();
    assertThat(big.test(Subject.builder().groups("g5000").build())).isFalse();
  }

  @RepeatedTest(20)
  void printedForm_parsesBackToAnEquivalentExpression(RepetitionInfo info) {
    long seed = seed(info);
    Random r = new Random(seed);
    for (int n = 0; n < 300; n++) {
      Ref tree = randomTree(r, 5);
      GroupExpression parsed = GroupExpression.parse(tree.render(r));
      String printed = parsed.toString();
      GroupExpression reparsed = GroupExpression.parse(printed);
      assertThat(reparsed.toString()).as("seed %d", seed).isEqualTo(printed);
      assertThat(reparsed).as("seed %d", seed).isEqualTo(parsed);
      for (int k = 0; k < 8; k++) {
        Subject subject = randomSubject(r);
        assertThat(reparsed.test(subject)).as("seed %d: %s", seed, printed).isEqualTo(parsed.test(subject));
      }
    }
  }

  @RepeatedTest(10)
  void doubleNegation_andDeMorgan_hold(RepetitionInfo info) {
    long seed = seed(info);
    Random r = new Random(seed);
    for (int n = 0; n < 200; n++) {
      String a = randomTree(r, 3).render(r);
      String b = randomTree(r, 3).render(r);
      GroupExpression e = GroupExpression.parse(a);
      GroupExpression notNot = GroupExpression.parse("!!(" + a + ")");
      GroupExpression notAnd = GroupExpression.parse("!((" + a + ") && (" + b + "))");
      GroupExpression orNots = GroupExpression.parse("!(" + a + ") || !(" + b + ")");
      GroupExpression notOr = GroupExpression.parse("!((" + a + ") || (" + b + "))");
      GroupExpression andNots = GroupExpression.parse("!(" + a + ") && !(" + b + ")");
      for (int k = 0; k < 8; k++) {
        Subject s = randomSubject(r);
        assertThat(notNot.test(s)).as("seed %d: !!e for %s", seed, a).isEqualTo(e.test(s));
        assertThat(notAnd.test(s)).as("seed %d: De Morgan && for %s, %s", seed, a, b).isEqualTo(orNots.test(s));
        assertThat(notOr.test(s)).as("seed %d: De Morgan || for %s, %s", seed, a, b).isEqualTo(andNots.test(s));
      }
    }
  }

  @RepeatedTest(10)
  void anyString_parsesOrFailsWithTheSyntaxException(RepetitionInfo info) {
    long seed = seed(info);
    Random r = new Random(seed);
    String[] pieces = {"groups", "permissions", ".", "[", "]", "(", ")", "!", "&&", "||", "&", "|", "==", "===",
        "!=", "!==", "=", "'", "\"", "\\", "x", "in", "clientType", "isBackoffice", "true", "false", ";", " ", "a-b",
        "\u0000", "\n", "1", "{", "\uD800", "web", "'web'", "\"admin\""};
    for (int n = 0; n < 2_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = r.nextInt(12);
      for (int i = 0; i < length; i++) {
        text.append(pieces[r.nextInt(pieces.length)]);
      }
      try {
        GroupExpression e = GroupExpression.parse(text.toString());
        e.test(randomSubject(r));
        assertThat(GroupExpression.parse(e.toString())).isEqualTo(e);
      } catch (ExpressionSyntaxException expected) {
        assertThat(expected.column()).as("seed %d: column inside '%s'", seed, text)
            .isBetween(1, text.length() + 1);
      } catch (RuntimeException | StackOverflowError other) {
        fail("seed " + seed + ": '" + text + "' threw " + other);
      }
    }
  }

  @Test
  void canonicalForm_ofAnExpressionAtTheDepthLimit_parsesUnderTheSameLimit() {
    // Each inner expression with its own nesting ('!' and '(' count one level each), so that the
    // parentheses around it reach the limit exactly and one more pair is over it.
    Map<String, Integer> inners = Map.of("!groups.a == true", 1, "groups.a || groups.b && groups.c", 0,
        "!(clientType != 'x')", 2);
    int limit = ExpressionLimits.DEFAULT.maxDepth();
    for (Map.Entry<String, Integer> inner : inners.entrySet()) {
      int parens = limit - inner.getValue();
      String deepest = "(".repeat(parens) + inner.getKey() + ")".repeat(parens);
      String tooDeep = "(" + deepest + ")";
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> GroupExpression.parse(tooDeep))
          .isInstanceOf(ExpressionSyntaxException.class).hasMessageContaining("nested deeper than " + limit);
      GroupExpression e = GroupExpression.parse(deepest);
      GroupExpression again = GroupExpression.parse(e.toString());
      assertThat(again).isEqualTo(e);
      assertThat(again.toString()).isEqualTo(e.toString());
    }
  }

  @Test
  void hugeNesting_failsCleanlyWithoutStackOverflow() {
    String parens = "(".repeat(100_000);
    ExpressionLimits generous = new ExpressionLimits(ExpressionLimits.MAX_LENGTH_CAP, ExpressionLimits.MAX_DEPTH_CAP);
    // The deepest expressions the cap allows parse, print, compile and evaluate on this stack
    // (which, in the full suite, runs code instrumented by the Jazzer agent).
    int cap = ExpressionLimits.MAX_DEPTH_CAP;
    for (String atCap : List.of("(".repeat(cap) + "true" + ")".repeat(cap), "!".repeat(cap) + "groups.a")) {
      GroupExpression e = GroupExpression.parse(atCap, generous);
      assertThat(e.compile().compiled()).isTrue();
      assertThat(e.test(Subject.anonymous())).isEqualTo(atCap.startsWith("("));
    }
    for (String text : List.of(parens, "!".repeat(100_000) + "true", parens + "true" + ")".repeat(100_000))) {
      try {
        GroupExpression.parse(text);
        fail("must not parse");
      } catch (ExpressionSyntaxException e) {
        assertThat(e.reason()).matches("expression is \\d+ characters long; at most 4096 are allowed");
      }
      try {
        GroupExpression.parse(text, generous);
        fail("must not parse");
      } catch (ExpressionSyntaxException e) {
        assertThat(e.reason()).startsWith("expression is nested deeper than " + ExpressionLimits.MAX_DEPTH_CAP + " levels");
      }
    }
  }

  @Test
  void longFlatChains_parseAndEvaluateWithoutDeepRecursion() {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      terms.add("groups.g" + i);
    }
    GroupExpression or = GroupExpression.parse(String.join(" || ", terms),
        new ExpressionLimits(ExpressionLimits.MAX_LENGTH_CAP, 64));
    assertThat(or.test(Subject.builder().groups("g4999").build())).isTrue();
    assertThat(or.test(Subject.anonymous())).isFalse();
    assertThat(or.groups()).hasSize(5_000);
  }

  @Test
  void limits_rejectOutOfRangeValues() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ExpressionLimits(0, 64))
        .hasMessage("max length must be between 1 and 1000000 (was 0)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ExpressionLimits(10, 257))
        .hasMessage("max depth must be between 1 and 256 (was 257)");
  }
}
