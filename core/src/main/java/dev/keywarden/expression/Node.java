package dev.keywarden.expression;

import java.util.List;

/** The syntax tree of an expression: one record per construct, each with its 1-based column. */
sealed interface Node {

  /** The 1-based column where the construct starts. */
  int column();

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
  record BoolLiteral(int column, boolean value) implements Node {}

  /** A string literal. */
  record StringLiteral(int column, String value) implements Node {}

  /** {@code groups.x}, {@code groups["x"]}, {@code permissions.x}: TRUE or ABSENT. */
  record Member(int column, Kind kind, String name) implements Node {}

  /** {@code "x" in groups}: TRUE or FALSE. */
  record In(int column, Kind kind, String name) implements Node {}

  /** {@code clientType}: a string or ABSENT. */
  record ClientType(int column) implements Node {}

  /** {@code isBackoffice} or {@code isBackOffice}: TRUE or FALSE. */
  record Backoffice(int column) implements Node {}

  /** {@code !operand}. */
  record Not(int column, Node operand) implements Node {}

  /** {@code a && b && ...}, two operands or more. */
  record And(int column, List<Node> operands) implements Node {}

  /** {@code a || b || ...}, two operands or more. */
  record Or(int column, List<Node> operands) implements Node {}

  /** {@code a == b} (also {@code ===}), or {@code a != b} (also {@code !==}) when negated. */
  record Equality(int column, Node left, Node right, boolean negated) implements Node {}
}
