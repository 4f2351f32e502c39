package dev.keywarden.expression;

import java.util.List;

/** The syntax tree of an expression: one record per construct, each with its 1-based column. */
sealed interface Node {

  /** The 1-based column where the construct starts. */
  int column();

  /**
   * Calls the visitor's method for this node's type. Every walk of the tree goes through here,
   * so adding a node type fails compilation in every walk until it is handled.
   */
  <R> R accept(Visitor<R> visitor);

  /** One method per node type: the only dispatch on node types. */
  interface Visitor<R> {
    R boolLiteral(BoolLiteral node);

    R stringLiteral(StringLiteral node);

    R member(Member node);

    R in(In node);

    R clientType(ClientType node);

    R backoffice(Backoffice node);

    R not(Not node);

    R and(And node);

    R or(Or node);

    R equality(Equality node);
  }

  /** Which membership a reference tests. */
  enum Kind {
    GROUPS("groups"),
    PERMISSIONS("permissions");

    final String word;

    Kind(String word) {
      this.word = word;
    }
  }

  /** {@code true} or {@code false}. */
  record BoolLiteral(int column, boolean value) implements Node {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.boolLiteral(this);
    }
  }

  /** A string literal. */
  record StringLiteral(int column, String value) implements Node {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.stringLiteral(this);
    }
  }

  /** {@code groups.x}, {@code groups["x"]}, {@code permissions.x}: TRUE or ABSENT. */
  record Member(int column, Kind kind, String name) implements Node {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.member(this);
    }
  }

  /** {@code "x" in groups}: TRUE or FALSE. */
  record In(int column, Kind kind, String name) implements Node {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.in(this);
    }
  }

  /** {@code clientType}: a string or ABSENT. */
  record ClientType(int column) implements Node {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.clientType(this);
    }
  }

  /** {@code isBackoffice} or {@code isBackOffice}: TRUE or FALSE. */
  record Backoffice(int column) implements Node {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.backoffice(this);
    }
  }

  /** {@code !operand}. */
  record Not(int column, Node operand) implements Node {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.not(this);
    }
  }

  /** {@code a && b && ...}, two operands or more. */
  record And(int column, List<Node> operands) implements Node {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.and(this);
    }
  }

  /** {@code a || b || ...}, two operands or more. */
  record Or(int column, List<Node> operands) implements Node {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.or(this);
    }
  }

  /** {@code a == b} (also {@code ===}), or {@code a != b} (also {@code !==}) when negated. */
  record Equality(int column, Node left, Node right, boolean negated) implements Node {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.equality(this);
    }

    /**
     * The constant of {@code clientType == "x"} (either side, either operator), or {@code null}
     * for any other comparison. The one place that recognises the commonest comparison, which
     * both evaluators and the mention lists treat specially.
     */
    String clientTypeConstant() {
      if (left instanceof ClientType && right instanceof StringLiteral s) {
        return s.value();
      }
      if (right instanceof ClientType && left instanceof StringLiteral s) {
        return s.value();
      }
      return null;
    }
  }
}
