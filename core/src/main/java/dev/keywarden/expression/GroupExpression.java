package dev.keywarden.expression;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed and compiled "user group permission" expression, such as
 * {@code groups.admin || clientType == "web"}, that decides whether a caller may pass.
 *
 * <p>Parse once with {@link #parse(String)}, then {@link #test(Subject)} as often as needed: all
 * errors are found by {@code parse} and reported as {@link ExpressionSyntaxException};
 * evaluation never throws, allocates nothing and uses no reflection. Semantics follow
 * JavaScript, the language Mia-Platform's expressions came from: values are TRUE, FALSE, a
 * string or ABSENT ({@code undefined}); {@code ==} and {@code ===} both compare strictly;
 * {@code &&} and {@code ||} short-circuit and yield an operand; the rule passes when the result
 * is truthy (TRUE or a non-empty string).
 *
 * <p>{@link #toString()} prints a canonical form that parses back to an equivalent expression;
 * equality and hash code follow that form. Instances are immutable and thread-safe.
 */
public final class GroupExpression {
  private static final GroupExpression ALWAYS = parse("true");

  private final String source;
  private final String canonical;
  private final Compiled compiled;
  private final Set<String> groups;
  private final Set<String> permissions;
  private final Set<String> clientTypes;

  private GroupExpression(String source, Node root) {
    this.source = source;
    this.canonical = Printer.print(root);
    this.compiled = Compiled.compile(root);
    Set<String> g = new LinkedHashSet<>();
    Set<String> p = new LinkedHashSet<>();
    Set<String> c = new LinkedHashSet<>();
    collect(root, g, p, c);
    this.groups = Collections.unmodifiableSet(g);
    this.permissions = Collections.unmodifiableSet(p);
    this.clientTypes = Collections.unmodifiableSet(c);
  }

  /**
   * Parses and compiles an expression with the {@linkplain ExpressionLimits#DEFAULT default
   * limits} (4,096 characters, 64 levels of nesting).
   *
   * @param expression the expression; not {@code null}
   * @return the compiled expression
   * @throws ExpressionSyntaxException if the expression is malformed or over a limit
   */
  public static GroupExpression parse(String expression) {
    return parse(expression, ExpressionLimits.DEFAULT);
  }

  /**
   * Parses and compiles an expression with the given limits.
   *
   * @param expression the expression; not {@code null}
   * @param limits the limits; not {@code null}
   * @return the compiled expression
   * @throws ExpressionSyntaxException if the expression is malformed or over a limit
   */
  public static GroupExpression parse(String expression, ExpressionLimits limits) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(limits, "limits");
    return new GroupExpression(expression, Parser.parse(expression, limits));
  }

  /**
   * Returns the expression {@code true}, the default of every rule.
   *
   * @return the always-passing expression
   */
  public static GroupExpression alwaysTrue() {
    return ALWAYS;
  }

  /**
   * Evaluates the expression.
   *
   * @param subject the caller; not {@code null}
   * @return {@code true} if the result is truthy
   */
  public boolean test(Subject subject) {
    return compiled.test(subject);
  }

  /**
   * Returns the text the expression was parsed from.
   *
   * @return the source
   */
  public String source() {
    return source;
  }

  /**
   * Returns the group names the expression mentions, in order of appearance.
   *
   * @return an unmodifiable set
   */
  public Set<String> groups() {
    return groups;
  }

  /**
   * Returns the permission names the expression mentions, in order of appearance.
   *
   * @return an unmodifiable set
   */
  public Set<String> permissions() {
    return permissions;
  }

  /**
   * Returns the client types the expression compares {@code clientType} with, in order of
   * appearance.
   *
   * @return an unmodifiable set
   */
  public Set<String> clientTypes() {
    return clientTypes;
  }

  /** Expressions are equal when their canonical forms are. */
  @Override
  public boolean equals(Object other) {
    return other instanceof GroupExpression that && canonical.equals(that.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  /** Returns the canonical form, which parses back to an equivalent expression. */
  @Override
  public String toString() {
    return canonical;
  }

  private static void collect(Node node, Set<String> groups, Set<String> permissions, Set<String> clientTypes) {
    if (node instanceof Node.Member member) {
      (member.kind() == Node.Kind.GROUPS ? groups : permissions).add(member.name());
    } else if (node instanceof Node.In in) {
      (in.kind() == Node.Kind.GROUPS ? groups : permissions).add(in.name());
    } else if (node instanceof Node.Not not) {
      collect(not.operand(), groups, permissions, clientTypes);
    } else if (node instanceof Node.And and) {
      and.operands().forEach(o -> collect(o, groups, permissions, clientTypes));
    } else if (node instanceof Node.Or or) {
      or.operands().forEach(o -> collect(o, groups, permissions, clientTypes));
    } else if (node instanceof Node.Equality equality) {
      if (equality.left() instanceof Node.ClientType && equality.right() instanceof Node.StringLiteral s) {
        clientTypes.add(s.value());
      } else if (equality.right() instanceof Node.ClientType && equality.left() instanceof Node.StringLiteral s) {
        clientTypes.add(s.value());
      }
      collect(equality.left(), groups, permissions, clientTypes);
      collect(equality.right(), groups, permissions, clientTypes);
    }
  }
}
