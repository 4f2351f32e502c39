package dev.keywarden.expression;

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

  private Printer() {}

  static String print(Node node) {
    StringBuilder out = new StringBuilder();
    print(node, out);
    return out.toString();
  }

  private static void print(Node node, StringBuilder out) {
    if (node instanceof Node.BoolLiteral literal) {
      out.append(literal.value());
    } else if (node instanceof Node.StringLiteral literal) {
      out.append(quote(literal.value()));
    } else if (node instanceof Node.Member member) {
      out.append(member.kind().word);
      if (isDottedName(member.name())) {
        out.append('.').append(member.name());
      } else {
        out.append('[').append(quote(member.name())).append(']');
      }
    } else if (node instanceof Node.In in) {
      out.append(quote(in.name())).append(" in ").append(in.kind().word);
    } else if (node instanceof Node.ClientType) {
      out.append("clientType");
    } else if (node instanceof Node.Backoffice) {
      out.append("isBackoffice");
    } else if (node instanceof Node.Not not) {
      Node.Equality flipped = flippedComparison(not);
      if (flipped != null) {
        print(flipped, out);
      } else {
        out.append('!');
        printOperand(not.operand(), precedence(not.operand()) >= UNARY, out);
      }
    } else if (node instanceof Node.And and) {
      join(and.operands(), " && ", AND + 1, out);
    } else if (node instanceof Node.Or or) {
      join(or.operands(), " || ", OR + 1, out);
    } else if (node instanceof Node.Equality equality) {
      printOperand(equality.left(), precedence(equality.left()) == PRIMARY, out);
      out.append(equality.negated() ? " != " : " == ");
      printOperand(equality.right(), precedence(equality.right()) == PRIMARY, out);
    } else {
      throw new IllegalStateException("unknown node " + node.getClass());
    }
  }

  private static void join(java.util.List<Node> operands, String operator, int minimum,
      StringBuilder out) {
    for (int i = 0; i < operands.size(); i++) {
      if (i > 0) {
        out.append(operator);
      }
      Node operand = operands.get(i);
      printOperand(operand, precedence(operand) >= minimum, out);
    }
  }

  private static void printOperand(Node operand, boolean bare, StringBuilder out) {
    if (bare) {
      print(operand, out);
    } else {
      out.append('(');
      print(operand, out);
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
    if (node instanceof Node.Not not && flippedComparison(not) != null) {
      return EQUALITY;
    }
    if (node instanceof Node.Or) {
      return OR;
    }
    if (node instanceof Node.And) {
      return AND;
    }
    if (node instanceof Node.Not) {
      return UNARY;
    }
    if (node instanceof Node.Equality) {
      return EQUALITY;
    }
    return PRIMARY;
  }

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
          if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogateAt(value, i)) {
            out.append(String.format("\\u%04x", (int) c));
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

  static String visible(char c) {
    return c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
