package dev.keywarden;

import java.util.List;
import java.util.Objects;

/**
 * The result of checking configuration data in one pass: the built value together with every
 * problem found, in the order found. Either the value is there and there are no problems, or
 * there is at least one problem and no value. Modelled on cel-java's
 * {@code CelValidationResult}: tools list {@link #problems()}; code that only wants the value
 * calls {@link #value()}, which throws when the data was invalid.
 *
 * <p>Immutable and safe to share when the value is.
 *
 * @param <T> the type of the value
 */
public final class Validated<T> {
  private final T value;
  private final List<Problem> problems;

  private Validated(T value, List<Problem> problems) {
    this.value = value;
    this.problems = problems;
  }

  /**
   * Creates a valid result.
   *
   * @param value the value; not {@code null}
   * @param <T> the type of the value
   * @return a result without problems
   */
  public static <T> Validated<T> valid(T value) {
    return new Validated<>(Objects.requireNonNull(value, "value"), List.of());
  }

  /**
   * Creates an invalid result.
   *
   * @param problems the problems; not {@code null} or empty
   * @param <T> the type the value would have had
   * @return a result without value
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public static <T> Validated<T> invalid(List<Problem> problems) {
    List<Problem> copy = List.copyOf(problems);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    return new Validated<>(null, copy);
  }

  /**
   * Returns every problem found, in the order found.
   *
   * @return an unmodifiable list, empty when valid
   */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * Tells whether the data had no problem, so that {@link #value()} returns.
   *
   * @return {@code true} when there are no problems
   */
  public boolean isValid() {
    return problems.isEmpty();
  }

  /**
   * Returns the value built from valid data.
   *
   * @return the value; never {@code null}
   * @throws InvalidConfigurationException listing every problem, when invalid
   */
  public T value() {
    if (value == null) {
      throw InvalidConfigurationException.of(problems);
    }
    return value;
  }

  /** Prints the problems, or that the result is valid; the value is not printed (it may hold a key). */
  @Override
  public String toString() {
    return isValid() ? "Validated[valid]" : "Validated" + problems;
  }
}
