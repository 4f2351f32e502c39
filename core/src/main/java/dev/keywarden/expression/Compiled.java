package dev.keywarden.expression;

import java.util.List;

/**
 * The compiled form of an expression: a tree of pre-built evaluator objects, built once.
 * {@link #test} answers truthiness directly; {@link #value} yields the JavaScript-like value
 * ({@link Boolean#TRUE}, {@link Boolean#FALSE}, a {@link String}, or {@link #ABSENT}) for
 * equality and for {@code &&}/{@code ||} results. Neither allocates: booleans are the two
 * shared constants, strings already exist.
 *
 * <p>This tree is the reference evaluator and the fallback: {@link BytecodeCompiler} turns most
 * expressions into generated code, which calls back into this tree only for general comparisons.
 */
abstract class Compiled {
  /** JavaScript's {@code undefined}. */
  static final Object ABSENT = new Object() {
    @Override
    public String toString() {
      return "ABSENT";
    }
  };

  abstract Object value(Subject subject);

  abstract boolean test(Subject subject);

  static boolean truthy(Object value) {
    return value == Boolean.TRUE || value instanceof String s && !s.isEmpty();
  }

  /** Strict equality: same kind and same value, no coercion. */
  static boolean same(Object left, Object right) {
    if (left == right) {
      return true;
    }
    return left instanceof String l && right instanceof String r && l.equals(r);
  }

  static Compiled compile(Node node) {
    return node.accept(BUILDER);
  }

  private static final Node.Visitor<Compiled> BUILDER = new Node.Visitor<>() {
    @Override
    public Compiled boolLiteral(Node.BoolLiteral node) {
      return new Constant(node.value() ? Boolean.TRUE : Boolean.FALSE);
    }

    @Override
    public Compiled stringLiteral(Node.StringLiteral node) {
      return new Constant(node.value());
    }

    @Override
    public Compiled member(Node.Member node) {
      return new Membership(node.kind() == Node.Kind.GROUPS, node.name(), ABSENT);
    }

    @Override
    public Compiled in(Node.In node) {
      return new Membership(node.kind() == Node.Kind.GROUPS, node.name(), Boolean.FALSE);
    }

    @Override
    public Compiled clientType(Node.ClientType node) {
      return new ClientType();
    }

    @Override
    public Compiled backoffice(Node.Backoffice node) {
      return new Backoffice();
    }

    @Override
    public Compiled not(Node.Not node) {
      return new Not(compile(node.operand()));
    }

    @Override
    public Compiled and(Node.And node) {
      Compiled[] operands = compileAll(node.operands());
      return operands.length == 2 ? new And2(operands[0], operands[1]) : new And(operands);
    }

    @Override
    public Compiled or(Node.Or node) {
      Compiled[] operands = compileAll(node.operands());
      return operands.length == 2 ? new Or2(operands[0], operands[1]) : new Or(operands);
    }

    @Override
    public Compiled equality(Node.Equality node) {
      String expected = node.clientTypeConstant();
      if (expected != null) {
        return new ClientTypeIs(expected, node.negated());
      }
      return new Equality(compile(node.left()), compile(node.right()), node.negated());
    }
  };

  private static Compiled[] compileAll(List<Node> nodes) {
    Compiled[] compiled = new Compiled[nodes.size()];
    for (int i = 0; i < compiled.length; i++) {
      compiled[i] = compile(nodes.get(i));
    }
    return compiled;
  }

  /** A literal. */
  static final class Constant extends Compiled {
    final Object value;
    private final boolean truthy;

    Constant(Object value) {
      this.value = value;
      this.truthy = truthy(value);
    }

    @Override
    Object value(Subject subject) {
      return value;
    }

    @Override
    boolean test(Subject subject) {
      return truthy;
    }
  }

  /**
   * A membership test: {@code groups.x} / {@code permissions.x} (TRUE or ABSENT) and
   * {@code "x" in groups} / {@code "x" in permissions} (TRUE or FALSE).
   */
  static final class Membership extends Compiled {
    private final boolean groups;
    private final String name;
    private final Object whenAbsent;

    Membership(boolean groups, String name, Object whenAbsent) {
      this.groups = groups;
      this.name = name;
      this.whenAbsent = whenAbsent;
    }

    @Override
    Object value(Subject subject) {
      return test(subject) ? Boolean.TRUE : whenAbsent;
    }

    @Override
    boolean test(Subject subject) {
      return groups ? subject.hasGroup(name) : subject.hasPermission(name);
    }
  }

  /** {@code clientType}: the string, or ABSENT. */
  static final class ClientType extends Compiled {
    @Override
    Object value(Subject subject) {
      String type = subject.clientType();
      return type == null ? ABSENT : type;
    }

    @Override
    boolean test(Subject subject) {
      String type = subject.clientType();
      return type != null && !type.isEmpty();
    }
  }

  /** {@code clientType == "x"} or {@code !=}, the commonest comparison, without value juggling. */
  static final class ClientTypeIs extends Compiled {
    private final String expected;
    private final boolean negated;

    ClientTypeIs(String expected, boolean negated) {
      this.expected = expected;
      this.negated = negated;
    }

    @Override
    Object value(Subject subject) {
      return test(subject) ? Boolean.TRUE : Boolean.FALSE;
    }

    @Override
    boolean test(Subject subject) {
      return expected.equals(subject.clientType()) != negated;
    }
  }

  /** {@code isBackoffice}: TRUE or FALSE. */
  static final class Backoffice extends Compiled {
    @Override
    Object value(Subject subject) {
      return subject.isBackoffice() ? Boolean.TRUE : Boolean.FALSE;
    }

    @Override
    boolean test(Subject subject) {
      return subject.isBackoffice();
    }
  }

  /** {@code !x}: always TRUE or FALSE. */
  static final class Not extends Compiled {
    private final Compiled operand;

    Not(Compiled operand) {
      this.operand = operand;
    }

    @Override
    Object value(Subject subject) {
      return operand.test(subject) ? Boolean.FALSE : Boolean.TRUE;
    }

    @Override
    boolean test(Subject subject) {
      return !operand.test(subject);
    }
  }

  /** {@code a && b ...}: the first falsy operand's value, else the last one's. */
  static final class And extends Compiled {
    private final Compiled[] operands;

    And(Compiled[] operands) {
      this.operands = operands;
    }

    @Override
    Object value(Subject subject) {
      int last = operands.length - 1;
      for (int i = 0; i < last; i++) {
        Object value = operands[i].value(subject);
        if (!truthy(value)) {
          return value;
        }
      }
      return operands[last].value(subject);
    }

    @Override
    boolean test(Subject subject) {
      for (Compiled operand : operands) {
        if (!operand.test(subject)) {
          return false;
        }
      }
      return true;
    }
  }

  /** {@code a || b ...}: the first truthy operand's value, else the last one's. */
  static final class Or extends Compiled {
    private final Compiled[] operands;

    Or(Compiled[] operands) {
      this.operands = operands;
    }

    @Override
    Object value(Subject subject) {
      int last = operands.length - 1;
      for (int i = 0; i < last; i++) {
        Object value = operands[i].value(subject);
        if (truthy(value)) {
          return value;
        }
      }
      return operands[last].value(subject);
    }

    @Override
    boolean test(Subject subject) {
      for (Compiled operand : operands) {
        if (operand.test(subject)) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code a && b}, the commonest shape, without a loop. */
  static final class And2 extends Compiled {
    private final Compiled left;
    private final Compiled right;

    And2(Compiled left, Compiled right) {
      this.left = left;
      this.right = right;
    }

    @Override
    Object value(Subject subject) {
      Object value = left.value(subject);
      return truthy(value) ? right.value(subject) : value;
    }

    @Override
    boolean test(Subject subject) {
      return left.test(subject) && right.test(subject);
    }
  }

  /** {@code a || b}, the commonest shape, without a loop. */
  static final class Or2 extends Compiled {
    private final Compiled left;
    private final Compiled right;

    Or2(Compiled left, Compiled right) {
      this.left = left;
      this.right = right;
    }

    @Override
    Object value(Subject subject) {
      Object value = left.value(subject);
      return truthy(value) ? value : right.value(subject);
    }

    @Override
    boolean test(Subject subject) {
      return left.test(subject) || right.test(subject);
    }
  }

  /** {@code a == b} / {@code a != b}: strict comparison of values. */
  static final class Equality extends Compiled {
    private final Compiled left;
    private final Compiled right;
    private final boolean negated;

    Equality(Compiled left, Compiled right, boolean negated) {
      this.left = left;
      this.right = right;
      this.negated = negated;
    }

    @Override
    Object value(Subject subject) {
      return test(subject) ? Boolean.TRUE : Boolean.FALSE;
    }

    @Override
    boolean test(Subject subject) {
      return same(left.value(subject), right.value(subject)) != negated;
    }
  }
}
