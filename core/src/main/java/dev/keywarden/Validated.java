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
   * {@return a valid result, without problems}
   *
   * @param value the value; not {@code null}
   * @param <T> the type of the value
   */
  public static <T> Validated<T> valid(T value) {
    return new Validated<>(Objects.requireNonNull(value, "value"), List.of());
  }

  /**
   * {@return an invalid result, without value}
   *
   * @param problems the problems; not {@code null} or empty
   * @param <T> the type the value would have had
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public static <T> Validated<T> invalid(List<Problem> problems) {
    List<Problem> copy = List.copyOf(problems);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    return new Validated<>(null, copy);
  }

  /** {@return every problem found, in the order found; unmodifiable, empty when valid} */
  public List<Problem> problems() {
    return problems;
  }

  /** {@return whether the data had no problem, so that {@link #value()} returns} */
  public boolean isValid() {
    return problems.isEmpty();
  }

  /**
   * {@return the value built from valid data; never {@code null}}
   *
   * @throws InvalidConfigurationException listing every problem, when invalid
   */
  public T value() {
    if (value == null) {
      throw InvalidConfigurationException.of(problems);
    }
    return value;
  }

  /** {@return the problems, or that the result is valid} The value is not printed: it may hold a key. */
  @Override
  public String toString() {
    return isValid() ? "Validated[valid]" : "Validated" + problems;
  }
}
