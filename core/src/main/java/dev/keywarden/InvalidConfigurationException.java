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
   * characters escaped and long values shortened, so a message stays one readable line and
   * cannot forge log lines.
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
      } else if (c < 0x20 || c == 0x7f) {
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
}
