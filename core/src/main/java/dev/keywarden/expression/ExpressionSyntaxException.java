package dev.keywarden.expression;

import dev.keywarden.internal.ProblemText;

/**
 * Thrown when a user group expression cannot be parsed. It carries the expression, the 1-based
 * column of the problem, the reason, and a caret line pointing at the spot:
 *
 * <pre>
 * unknown identifier 'group'; expected true, false, groups, permissions, clientType, isBackoffice or isBackOffice (column 1)
 *   group.admin
 *   ^
 * </pre>
 *
 * <p>Errors are only ever found when an expression is parsed, never when it is evaluated.
 */
public final class ExpressionSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private static final int WINDOW = 72;

  /** The expression that failed, a generated-form key in it masked (a key pasted into a rule). */
  private final String expression;
  private final int column;
  private final String reason;
  private final String excerpt;
  private final String caretLine;

  /** A generated-form key in {@code expression} or {@code reason} is masked, same length, so the caret holds. */
  ExpressionSyntaxException(String expression, int column, String reason) {
    super(render(ProblemText.maskKeys(expression), column, ProblemText.maskKeys(reason)));
    this.expression = ProblemText.maskKeys(expression);
    this.column = column;
    this.reason = ProblemText.maskKeys(reason);
    String[] window = window(this.expression, column);
    this.excerpt = window[0];
    this.caretLine = window[1];
  }

  /** {@return the whole expression that failed to parse, with any generated-form key masked by {@code *}} */
  public String expression() {
    return expression;
  }

  /** {@return the 1-based column of the problem} One past the end for a premature end. */
  public int column() {
    return column;
  }

  /** {@return what is wrong and what was expected, without position or caret} */
  public String reason() {
    return reason;
  }

  /**
   * {@return the part of the expression shown above the caret} That is the whole expression if
   * short, else a window around the column; control characters are shown as spaces.
   */
  public String excerpt() {
    return excerpt;
  }

  /** {@return spaces and a {@code ^} under the problem in {@link #excerpt()}} */
  public String caretLine() {
    return caretLine;
  }

  private static String render(String expression, int column, String reason) {
    String[] window = window(expression, column);
    return reason + " (column " + column + ")\n  " + window[0] + "\n  " + window[1];
  }

  private static String[] window(String expression, int column) {
    int index = column - 1;
    int start = 0;
    int end = expression.length();
    if (end > WINDOW) {
      start = Math.max(0, Math.min(index - WINDOW / 2, end - WINDOW));
      end = Math.min(end, start + WINDOW);
    }
    StringBuilder text = new StringBuilder();
    if (start > 0) {
      text.append("...");
    }
    for (int i = start; i < end; i++) {
      char c = expression.charAt(i);
      text.append(Character.isISOControl(c) ? ' ' : c);
    }
    int caretAt = (start > 0 ? 3 : 0) + (index - start);
    if (end < expression.length()) {
      text.append("...");
    }
    return new String[] {text.toString(), " ".repeat(Math.max(0, caretAt)) + "^"};
  }
}
