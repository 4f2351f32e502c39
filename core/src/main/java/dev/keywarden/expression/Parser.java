package dev.keywarden.expression;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The recursive-descent parser: one method per precedence level, scanning characters directly
 * (names after {@code groups.} allow {@code -} and {@code :}, so tokens depend on context).
 */
final class Parser {
  static final String KNOWN_IDENTIFIERS =
      "true, false, groups, permissions, clientType, isBackoffice or isBackOffice";
  private static final String A_VALUE =
      "a value (true, false, a string, groups.NAME, permissions.NAME, \"NAME\" in groups, clientType or isBackoffice)";

  private final String source;
  private final ExpressionLimits limits;
  private int pos;
  private int depth;

  private Parser(String source, ExpressionLimits limits) {
    this.source = source;
    this.limits = limits;
  }

  static Node parse(String source, ExpressionLimits limits) {
    if (source.length() > limits.maxLength()) {
      throw new ExpressionSyntaxException(source, limits.maxLength() + 1, "expression is " + source.length()
          + " characters long; at most " + limits.maxLength() + " are allowed");
    }
    Parser parser = new Parser(source, limits);
    parser.skipWhitespace();
    if (parser.atEnd()) {
      throw parser.error(parser.pos, "expression is empty; expected for example true, groups.admin or clientType == \"web\"");
    }
    Node root = parser.or();
    parser.skipWhitespace();
    if (parser.peek(';')) {
      parser.pos++;
      parser.skipWhitespace();
    }
    if (parser.peek(')')) {
      throw parser.error(parser.pos, "unbalanced parentheses: this ')' has no matching '('");
    }
    if (!parser.atEnd()) {
      throw parser.unexpected("'||', '&&', '==', '!=' or the end of the expression");
    }
    return root;
  }

  private Node or() {
    int column = column();
    Node first = and();
    List<Node> operands = null;
    while (match("||")) {
      if (operands == null) {
        operands = new ArrayList<>();
        operands.add(first);
      }
      operands.add(and());
    }
    return operands == null ? first : new Node.Or(column, List.copyOf(operands));
  }

  private Node and() {
    skipWhitespace();
    int column = column();
    Node first = unary();
    List<Node> operands = null;
    while (match("&&")) {
      if (operands == null) {
        operands = new ArrayList<>();
        operands.add(first);
      }
      operands.add(unary());
    }
    return operands == null ? first : new Node.And(column, List.copyOf(operands));
  }

  private Node unary() {
    skipWhitespace();
    if (peek('!')) {
      int column = column();
      enter(pos);
      pos++;
      Node operand = unary();
      depth--;
      return new Node.Not(column, operand);
    }
    return equality();
  }

  private Node equality() {
    skipWhitespace();
    int column = column();
    Node left = primary();
    Boolean negated = equalityOperator();
    if (negated == null) {
      return left;
    }
    Node right = primary();
    skipWhitespace();
    int next = pos;
    if (equalityOperator() != null) {
      throw error(next, "comparisons cannot be chained; combine them with && or group one in parentheses");
    }
    return new Node.Equality(column, left, right, negated);
  }

  /** Consumes an equality operator: FALSE for {@code ==}/{@code ===}, TRUE for the negations. */
  private Boolean equalityOperator() {
    skipWhitespace();
    if (match("===") || match("==")) {
      return Boolean.FALSE;
    }
    if (match("!==") || match("!=")) {
      return Boolean.TRUE;
    }
    return null;
  }

  private Node primary() {
    skipWhitespace();
    if (atEnd()) {
      throw error(pos, "unexpected end of expression; expected " + A_VALUE);
    }
    int column = column();
    char c = source.charAt(pos);
    if (c == '(') {
      return parenthesised();
    }
    if (c == ')') {
      throw error(pos, "unbalanced parentheses: this ')' has no matching '('");
    }
    if (c == '"' || c == '\'') {
      return stringOrIn(column);
    }
    if (c == '[') {
      throw legacyArray();
    }
    if (isWordStart(c)) {
      return identifier(column);
    }
    throw unexpected(A_VALUE);
  }

  /** {@code ( expression )}: one level of nesting. */
  private Node parenthesised() {
    int open = pos;
    enter(open);
    pos++;
    Node inner = or();
    skipWhitespace();
    if (atEnd()) {
      throw error(open, "unbalanced parentheses: this '(' is never closed");
    }
    if (!peek(')')) {
      throw unexpected("')' to close the '(' at column " + (open + 1));
    }
    pos++;
    depth--;
    return inner;
  }

  /** A string literal, or {@code "NAME" in groups} / {@code in permissions}. */
  private Node stringOrIn(int column) {
    String value = string();
    int save = pos;
    skipWhitespace();
    if (isWordStart(peekChar()) && "in".equals(word())) {
      skipWhitespace();
      int kindAt = pos;
      String target = isWordStart(peekChar()) ? word() : "";
      Node.Kind kind = kind(target);
      if (kind == null) {
        throw error(kindAt, "expected 'groups' or 'permissions' after 'in'");
      }
      return new Node.In(column, kind, value);
    }
    pos = save;
    return new Node.StringLiteral(column, value);
  }

  private Node identifier(int column) {
    String word = word();
    switch (word) {
      case "true":
        return new Node.BoolLiteral(column, true);
      case "false":
        return new Node.BoolLiteral(column, false);
      case "clientType":
        return new Node.ClientType(column);
      case "isBackoffice":
      case "isBackOffice":
        return new Node.Backoffice(column);
      case "groups":
      case "permissions":
        return member(column, kind(word));
      default:
        throw error(column - 1, "unknown identifier '" + word + "'; expected " + KNOWN_IDENTIFIERS);
    }
  }

  /** What follows {@code groups} or {@code permissions}: {@code .NAME} or {@code ["NAME"]}. */
  private Node member(int column, Node.Kind kind) {
    skipWhitespace();
    if (peek('.')) {
      return new Node.Member(column, kind, dottedName(kind));
    }
    if (peek('[')) {
      return new Node.Member(column, kind, bracketedName(kind));
    }
    throw error(pos, "expected ." + "NAME or [\"NAME\"] after '" + kind.word + "'");
  }

  /** {@code .a.b}: name parts joined by dots, whitespace allowed around each dot. */
  private String dottedName(Node.Kind kind) {
    StringBuilder name = new StringBuilder();
    while (peek('.')) {
      pos++;
      skipWhitespace();
      int start = pos;
      while (!atEnd() && isNameChar(source.charAt(pos))) {
        pos++;
      }
      if (start == pos) {
        throw error(pos, "expected a name after '" + kind.word + ".' (letters, digits, _ $ : -)");
      }
      if (name.length() > 0) {
        name.append('.');
      }
      name.append(source, start, pos);
      int save = pos;
      skipWhitespace();
      if (!peek('.')) {
        pos = save;
      }
    }
    return name.toString();
  }

  /** {@code ["NAME"]}. */
  private String bracketedName(Node.Kind kind) {
    pos++;
    skipWhitespace();
    if (!peek('"') && !peek('\'')) {
      throw unexpected("a quoted name inside " + kind.word + "[...]");
    }
    String name = string();
    skipWhitespace();
    if (!peek(']')) {
      throw unexpected("']' after the name in " + kind.word + "[...]");
    }
    pos++;
    return name;
  }

  /**
   * The error for the legacy array form {@code ["a", "b"] in groups}, suggesting the rewrite
   * with the names and target it could read (generic ones if it could read none).
   */
  private ExpressionSyntaxException legacyArray() {
    int start = pos;
    List<String> names = new ArrayList<>();
    String target = "groups";
    try {
      pos++;
      skipWhitespace();
      readLegacyNames(names);
      target = readLegacyTarget(target);
    } catch (ExpressionSyntaxException ignored) {
      // The suggestion below falls back to generic names.
    }
    if (names.isEmpty()) {
      names = List.of("a", "b");
    }
    StringBuilder suggestion = new StringBuilder();
    for (String name : names) {
      if (suggestion.length() > 0) {
        suggestion.append(" || ");
      }
      suggestion.append(Printer.quote(name)).append(" in ").append(target);
    }
    return error(start, "the array form [...] in " + target + " is not supported; write " + suggestion);
  }

  /** Reads the quoted, comma-separated names of a legacy array, up to the first non-name. */
  private void readLegacyNames(List<String> names) {
    while (peek('"') || peek('\'')) {
      names.add(string());
      skipWhitespace();
      if (!peek(',')) {
        break;
      }
      pos++;
      skipWhitespace();
    }
  }

  /** Reads {@code ] in groups} or {@code ] in permissions}; the fallback if anything else follows. */
  private String readLegacyTarget(String fallback) {
    skipWhitespace();
    if (peek(']')) {
      pos++;
      skipWhitespace();
      if (isWordStart(peekChar()) && "in".equals(word())) {
        skipWhitespace();
        if (isWordStart(peekChar())) {
          String word = word();
          if (kind(word) != null) {
            return word;
          }
        }
      }
    }
    return fallback;
  }

  private String string() {
    int open = pos;
    char quote = source.charAt(pos++);
    StringBuilder value = new StringBuilder();
    while (true) {
      if (atEnd()) {
        throw error(open, "unterminated string: the " + (quote == '"' ? "\"" : "'") + " here is never closed");
      }
      char c = source.charAt(pos);
      if (c == quote) {
        pos++;
        return value.toString();
      }
      if (c == '\\') {
        value.append(escape());
        continue;
      }
      value.append(c);
      pos++;
    }
  }

  private char escape() {
    int backslash = pos;
    pos++;
    if (atEnd()) {
      throw error(backslash, "unterminated string: it ends in a lone '\\'");
    }
    char c = source.charAt(pos++);
    switch (c) {
      case '"':
      case '\'':
      case '\\':
        return c;
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'u':
        if (pos + 4 <= source.length() && isHex(source, pos, pos + 4)) {
          pos += 4;
          return (char) HexFormat.fromHexDigits(source, pos - 4, pos);
        }
        throw error(backslash, "invalid escape: \\u must be followed by 4 hexadecimal digits");
      default:
        throw error(backslash, "invalid escape '\\" + Printer.visible(c)
            + "'; the escapes are \\\" \\' \\\\ \\n \\t and \\uXXXX");
    }
  }

  /** ASCII hex digits only, as in JavaScript (Character.digit would take any Unicode digit). */
  private static boolean isHex(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!HexFormat.isHexDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private void enter(int at) {
    if (++depth > limits.maxDepth()) {
      throw error(at, "expression is nested deeper than " + limits.maxDepth()
          + " levels (each parenthesis and each ! is one level)");
    }
  }

  private String word() {
    int start = pos;
    while (!atEnd() && isWordPart(source.charAt(pos))) {
      pos++;
    }
    return source.substring(start, pos);
  }

  private ExpressionSyntaxException unexpected(String expected) {
    if (atEnd()) {
      return error(pos, "unexpected end of expression; expected " + expected);
    }
    char c = source.charAt(pos);
    if (isWordStart(c)) {
      int start = pos;
      String word = word();
      pos = start;
      return error(start, "unexpected '" + word + "'; expected " + expected);
    }
    if (c == '|' || c == '&') {
      return error(pos, "a single '" + c + "' is not an operator; use '" + c + c + "'");
    }
    if (c == '=') {
      return error(pos, "a single '=' is not an operator; use '==' or '==='");
    }
    return error(pos, "unexpected character '" + Printer.visible(c) + "'; expected " + expected);
  }

  private ExpressionSyntaxException error(int index, String reason) {
    return new ExpressionSyntaxException(source, index + 1, reason);
  }

  private static Node.Kind kind(String word) {
    switch (word) {
      case "groups":
        return Node.Kind.GROUPS;
      case "permissions":
        return Node.Kind.PERMISSIONS;
      default:
        return null;
    }
  }

  private boolean match(String operator) {
    skipWhitespace();
    if (source.startsWith(operator, pos)) {
      // "==" must not match the start of "===" or "!==" the start of "!===": longest first above.
      pos += operator.length();
      return true;
    }
    return false;
  }

  private void skipWhitespace() {
    while (!atEnd() && Character.isWhitespace(source.charAt(pos))) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= source.length();
  }

  private boolean peek(char c) {
    return !atEnd() && source.charAt(pos) == c;
  }

  private char peekChar() {
    return atEnd() ? '\0' : source.charAt(pos);
  }

  private int column() {
    return pos + 1;
  }

  private static boolean isWordStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$';
  }

  private static boolean isWordPart(char c) {
    return isWordStart(c) || c >= '0' && c <= '9';
  }

  static boolean isNameChar(char c) {
    return isWordPart(c) || c == ':' || c == '-';
  }
}
