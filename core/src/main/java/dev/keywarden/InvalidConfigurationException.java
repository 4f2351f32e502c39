package dev.keywarden;

import java.util.List;
import java.util.Objects;

/**
 * Thrown when a Keywarden object is built from invalid configuration: a malformed API key, a
 * duplicate secret, a bad expression, a duplicate or malformed endpoint rule.
 *
 * <p>It carries every problem found, each naming where it is and which rule it breaks, so a host
 * can fix its configuration in one pass. Problems never contain a secret or a digest.
 */
public final class InvalidConfigurationException extends KeywardenException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_QUOTED = 80;

  /** The problems, each a self-contained sentence naming its location. */
  private final List<String> problems;

  /**
   * Creates an exception listing the given problems.
   *
   * @param problems one or more problem descriptions; must not be empty
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public InvalidConfigurationException(List<String> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * Returns every problem found, in the order found.
   *
   * @return an unmodifiable, non-empty list
   */
  public List<String> problems() {
    return problems;
  }

  private static String render(List<String> problems) {
    Objects.requireNonNull(problems, "problems");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    if (problems.size() == 1) {
      return "invalid configuration: " + problems.get(0);
    }
    StringBuilder text = new StringBuilder("invalid configuration, ")
        .append(problems.size()).append(" problems:");
    for (String problem : problems) {
      text.append("\n  - ").append(problem.replace("\n", "\n    "));
    }
    return text.toString();
  }

  /**
   * Renders a non-secret configuration value for an error message: quoted, with control
   * characters (C0, DEL, C1 such as U+0085), Unicode line and paragraph separators (U+2028,
   * U+2029), format characters (zero-width and bidirectional controls) and lone surrogates
   * escaped as <code>&#92;uXXXX</code>, and long values shortened, so a message stays one readable line
   * and cannot forge log lines in any viewer.
   *
   * @param value the value, may be {@code null}
   * @return the quoted form, or {@code null} unquoted for {@code null}
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_QUOTED) + 8).append('"');
    int limit = Math.min(value.length(), MAX_QUOTED);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (mustEscape(value, i, limit)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (value.length() > MAX_QUOTED) {
      out.append("... (").append(value.length()).append(" characters)");
    }
    return out.toString();
  }

  /** Whether the char at {@code i} could break or disguise a log line. */
  private static boolean mustEscape(String value, int i, int limit) {
    char c = value.charAt(i);
    if (c < 0x20 || c == 0x7f) {
      return true;
    }
    if (c < 0x80) {
      return false;
    }
    if (Character.isSurrogate(c)) {
      boolean paired = Character.isHighSurrogate(c) ? i + 1 < limit && Character.isLowSurrogate(value.charAt(i + 1))
          : i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
      if (!paired) {
        return true;
      }
      int codePoint = value.codePointAt(Character.isHighSurrogate(c) ? i : i - 1);
      return Character.getType(codePoint) == Character.FORMAT; // escaped as two escaped halves
    }
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
