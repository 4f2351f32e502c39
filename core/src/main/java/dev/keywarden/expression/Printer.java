package dev.keywarden.expression;

import java.util.HexFormat;

/**
 * Prints a syntax tree in canonical form: {@code ==} and {@code !=} for equality, double-quoted
 * strings, {@code groups.a.b} where the name allows it and {@code groups["..."]} otherwise, and
 * parentheses only where precedence needs them. A negated comparison prints as the opposite
 * comparison ({@code !(a == b)} as {@code a != b}, which is the same value). So the canonical form
 * never nests deeper than the text it came from, and parses back, under the same depth limit, to
 * an expression that prints identically.
 */
final class Printer {
  private static final int OR = 1;
  private static final int AND = 2;
  private static final int UNARY = 3;
  private static final int EQUALITY = 4;
  private static final int PRIMARY = 5;

  private final StringBuilder out = new StringBuilder();

  private Printer() {}

  static String print(Node node) {
    Printer printer = new Printer();
    printer.append(node);
    return printer.out.toString();
  }

  private void append(Node node) {
    node.accept(printing);
  }

  private final Node.Visitor<Void> printing = new Node.Visitor<>() {
    @Override
    public Void boolLiteral(Node.BoolLiteral literal) {
      out.append(literal.value());
      return null;
    }

    @Override
    public Void stringLiteral(Node.StringLiteral literal) {
      out.append(quote(literal.value()));
      return null;
    }

    @Override
    public Void member(Node.Member member) {
      out.append(member.kind().word);
      if (isDottedName(member.name())) {
        out.append('.').append(member.name());
      } else {
        out.append('[').append(quote(member.name())).append(']');
      }
      return null;
    }

    @Override
    public Void in(Node.In in) {
      out.append(quote(in.name())).append(" in ").append(in.kind().word);
      return null;
    }

    @Override
    public Void clientType(Node.ClientType node) {
      out.append("clientType");
      return null;
    }

    @Override
    public Void backoffice(Node.Backoffice node) {
      out.append("isBackoffice");
      return null;
    }

    @Override
    public Void not(Node.Not not) {
      Node.Equality flipped = flippedComparison(not);
      if (flipped != null) {
        append(flipped);
      } else {
        out.append('!');
        printOperand(not.operand(), precedence(not.operand()) >= UNARY);
      }
      return null;
    }

    @Override
    public Void and(Node.And and) {
      join(and.operands(), " && ", AND + 1);
      return null;
    }

    @Override
    public Void or(Node.Or or) {
      join(or.operands(), " || ", OR + 1);
      return null;
    }

    @Override
    public Void equality(Node.Equality equality) {
      printOperand(equality.left(), precedence(equality.left()) == PRIMARY);
      out.append(equality.negated() ? " != " : " == ");
      printOperand(equality.right(), precedence(equality.right()) == PRIMARY);
      return null;
    }
  };

  private void join(java.util.List<Node> operands, String operator, int minimum) {
    for (int i = 0; i < operands.size(); i++) {
      if (i > 0) {
        out.append(operator);
      }
      Node operand = operands.get(i);
      printOperand(operand, precedence(operand) >= minimum);
    }
  }

  private void printOperand(Node operand, boolean bare) {
    if (bare) {
      append(operand);
    } else {
      out.append('(');
      append(operand);
      out.append(')');
    }
  }

  /**
   * For a chain of {@code !} over a comparison, the comparison it equals: the same one for an
   * even number of {@code !}, the opposite one for an odd number; {@code null} otherwise.
   */
  private static Node.Equality flippedComparison(Node.Not not) {
    boolean negate = false;
    Node node = not;
    while (node instanceof Node.Not inner) {
      negate = !negate;
      node = inner.operand();
    }
    if (node instanceof Node.Equality equality) {
      return new Node.Equality(equality.column(), equality.left(), equality.right(), equality.negated() != negate);
    }
    return null;
  }

  private static int precedence(Node node) {
    return node.accept(PRECEDENCE);
  }

  private static final Node.Visitor<Integer> PRECEDENCE = new Node.Visitor<>() {
    @Override
    public Integer boolLiteral(Node.BoolLiteral node) {
      return PRIMARY;
    }

    @Override
    public Integer stringLiteral(Node.StringLiteral node) {
      return PRIMARY;
    }

    @Override
    public Integer member(Node.Member node) {
      return PRIMARY;
    }

    @Override
    public Integer in(Node.In node) {
      return PRIMARY;
    }

    @Override
    public Integer clientType(Node.ClientType node) {
      return PRIMARY;
    }

    @Override
    public Integer backoffice(Node.Backoffice node) {
      return PRIMARY;
    }

    @Override
    public Integer not(Node.Not node) {
      return flippedComparison(node) != null ? EQUALITY : UNARY;
    }

    @Override
    public Integer and(Node.And node) {
      return AND;
    }

    @Override
    public Integer or(Node.Or node) {
      return OR;
    }

    @Override
    public Integer equality(Node.Equality node) {
      return EQUALITY;
    }
  };

  static boolean isDottedName(String name) {
    if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '.' && !Parser.isNameChar(c)) {
        return false;
      }
    }
    return true;
  }

  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (breaksLines(c) || Character.isSurrogate(c) && !validSurrogateAt(value, i)) {
            out.append(unicodeEscape(c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }

  private static boolean validSurrogateAt(String value, int i) {
    char c = value.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
  }

  /** A Unicode escape: backslash, {@code u}, four lowercase hex digits. */
  private static String unicodeEscape(char c) {
    return "\\u" + HexFormat.of().toHexDigits(c);
  }

  static String visible(char c) {
    return breaksLines(c) || Character.isSurrogate(c) ? unicodeEscape(c) : String.valueOf(c);
  }

  /**
   * Whether a character could break or disguise a log line holding the canonical form: C0 and C1
   * controls, Unicode line and paragraph separators (U+2028, U+2029) and format characters (such
   * as bidirectional overrides); printed as Unicode escapes, which parse back to the same string.
   */
  static boolean breaksLines(char c) {
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
