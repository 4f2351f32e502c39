package dev.keywarden;

import java.io.Serializable;
import java.util.Objects;

/**
 * One problem of a configuration: where it is and what is wrong, kept apart so that a tool can
 * point at the place (the Spring Boot starter names its own property, {@code check-config} prints
 * both) instead of parsing text. Modelled on cel-java's {@code CelIssue}.
 *
 * <p>The location names a place in the configuration as its user wrote it:
 * <ul>
 *   <li>{@code apiKeys[2]} or {@code apiKeys[2] (id "web-1")}: a key definition, by index, with
 *       its id when it has one;
 *   <li>{@code endpoints[0] (GET /orders/**)}: an endpoint definition, by index, with its method
 *       and path;
 *   <li>{@code top level}: a field of the configuration object itself;
 *   <li>a field name such as {@code userGroupPermission}: a field of a single definition checked
 *       on its own;
 *   <li>empty: a problem that relates several places (a duplicate secret, a duplicate rule),
 *       whose message names each of them, or a problem with no place.
 * </ul>
 *
 * <p>A problem found inside an entry is placed at the entry; the inner location stays at the
 * head of the message ({@code endpoints[3] (GET /x)} with {@code userGroupPermission: ...}).
 * Neither part ever holds a secret or a digest. Immutable; serializable, as the
 * {@link InvalidConfigurationException} that carries it is.
 *
 * @param location where the problem is; empty when it has no single place; not {@code null}
 * @param message what is wrong; not {@code null} or empty
 */
public record Problem(String location, String message) implements Serializable {

  /** @throws IllegalArgumentException if {@code message} is empty */
  public Problem {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
    if (message.isEmpty()) {
      throw new IllegalArgumentException("message must not be empty");
    }
  }

  /**
   * Creates a problem with no single place, such as one relating several entries.
   *
   * @param message what is wrong, naming the places it relates; not {@code null} or empty
   */
  public static Problem of(String message) {
    return new Problem("", message);
  }

  /**
   * Places this problem, found inside an entry, at that entry: the result's location is
   * {@code entry} and its message is this problem's text, inner location first.
   *
   * @param entry the entry's location, such as {@code apiKeys[2]}; not {@code null}
   */
  public Problem at(String entry) {
    return new Problem(entry, toString());
  }

  /**
   * {@return the problem as one line of text: {@code location: message}, or the message alone
   * when there is no location} For example
   * {@code endpoints[1] (FETCH orders): path must start with '/' (was "orders")}.
   */
  @Override
  public String toString() {
    return location.isEmpty() ? message : location + ": " + message;
  }
}
