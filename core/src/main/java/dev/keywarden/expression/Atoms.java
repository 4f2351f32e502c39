package dev.keywarden.expression;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The atoms an expression mentions, in order of first mention: groups, permissions, the constants
 * compared with {@code clientType}, and every string literal. One walk serves the public mention
 * sets of {@link GroupExpression} and the assignments of the {@link TranslationValidator}.
 */
final class Atoms implements Node.Visitor<Void> {
  final Set<String> groups = new LinkedHashSet<>();
  final Set<String> permissions = new LinkedHashSet<>();
  final Set<String> clientTypes = new LinkedHashSet<>();
  final Set<String> strings = new LinkedHashSet<>();

  private Atoms() {}

  static Atoms of(Node root) {
    Atoms atoms = new Atoms();
    root.accept(atoms);
    return atoms;
  }

  @Override
  public Void boolLiteral(Node.BoolLiteral node) {
    return null;
  }

  @Override
  public Void stringLiteral(Node.StringLiteral node) {
    strings.add(node.value());
    return null;
  }

  @Override
  public Void member(Node.Member node) {
    (node.kind() == Node.Kind.GROUPS ? groups : permissions).add(node.name());
    return null;
  }

  @Override
  public Void in(Node.In node) {
    (node.kind() == Node.Kind.GROUPS ? groups : permissions).add(node.name());
    return null;
  }

  @Override
  public Void clientType(Node.ClientType node) {
    return null;
  }

  @Override
  public Void backoffice(Node.Backoffice node) {
    return null;
  }

  @Override
  public Void not(Node.Not node) {
    return node.operand().accept(this);
  }

  @Override
  public Void and(Node.And node) {
    node.operands().forEach(operand -> operand.accept(this));
    return null;
  }

  @Override
  public Void or(Node.Or node) {
    node.operands().forEach(operand -> operand.accept(this));
    return null;
  }

  @Override
  public Void equality(Node.Equality node) {
    String clientType = node.clientTypeConstant();
    if (clientType != null) {
      clientTypes.add(clientType);
    }
    node.left().accept(this);
    return node.right().accept(this);
  }
}
