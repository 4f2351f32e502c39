package dev.keywarden;

import java.util.List;
import java.util.Objects;

/**
 * Thrown when a Keywarden object is built from invalid configuration: a malformed API key, a
 * duplicate secret, a bad expression, a duplicate or malformed endpoint rule.
 *
 * <p>It carries every problem found, each a {@link Problem} naming where it is and which rule it
 * breaks, so a host can fix its configuration in one pass. Problems never contain a secret or a digest.
 */
public final class InvalidConfigurationException extends KeywardenException {
  private static final long serialVersionUID = 1L;

  /** The problems, in the order found. */
  private final List<Problem> problems;

  /**
   * Creates an exception listing problems that have no structured location (each text names its
   * place itself, if it has one), as a host reports its own configuration problems.
   *
   * @param problems one or more problem descriptions; must not be empty
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public InvalidConfigurationException(List<String> problems) {
    this(Objects.requireNonNull(problems, "problems").stream().map(Problem::of).toList(), true);
  }

  /** The unused flag tells this from the public constructor: both take a List, which erase alike. */
  private InvalidConfigurationException(List<Problem> problems, boolean structured) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * Creates an exception listing structured problems.
   *
   * @param problems one or more problems; not {@code null}, must not be empty
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public static InvalidConfigurationException of(List<Problem> problems) {
    return new InvalidConfigurationException(Objects.requireNonNull(problems, "problems"), true);
  }

  /**
   * {@return every problem found, in the order found; unmodifiable, never empty} Each one's
   * {@code toString()} is the line the message shows.
   */
  public List<Problem> problems() {
    return problems;
  }

  private static String render(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    if (problems.size() == 1) {
      return "invalid configuration: " + problems.get(0);
    }
    StringBuilder text = new StringBuilder("invalid configuration, ")
        .append(problems.size()).append(" problems:");
    for (Problem problem : problems) {
      text.append("\n  - ").append(problem.toString().replace("\n", "\n    "));
    }
    return text.toString();
  }
}
