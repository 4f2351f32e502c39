package dev.keywarden.access;

import dev.keywarden.internal.ProblemText;
import java.util.Locale;
import java.util.Objects;

/**
 * The methods an {@link EndpointRule} can name. {@link #ALL} stands for every request method: the
 * seven others, and any other method (TRACE, custom verbs such as PROPFIND, other spellings such
 * as {@code get}) when the {@link RequestFirewall} lets it through (by default it refuses it).
 * Request methods are case-sensitive: {@code get} is not {@link #GET}.
 */
public enum HttpMethod {
  GET,
  POST,
  PUT,
  PATCH,
  DELETE,
  HEAD,
  OPTIONS,
  /** Every method: the seven above and, where the firewall allows them, all others. */
  ALL;

  private static final String NAMES = "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ALL";

  /**
   * Reads a method name, in any case.
   *
   * @param name the name; not {@code null}
   * @return the method
   * @throws IllegalArgumentException naming the accepted values
   */
  public static HttpMethod parse(String name) {
    Objects.requireNonNull(name, "method");
    String upper = name.toUpperCase(Locale.ROOT);
    for (HttpMethod method : values()) {
      if (method.name().equals(upper)) {
        return method;
      }
    }
    throw new IllegalArgumentException("method must be " + NAMES + " (was "
        + ProblemText.quote(name) + ")");
  }

  /** The request method's constant (exact upper case), or {@code null} for a method only {@link #ALL} covers. */
  static HttpMethod ofRequest(String method) {
    switch (method) {
      case "GET":
        return GET;
      case "POST":
        return POST;
      case "PUT":
        return PUT;
      case "PATCH":
        return PATCH;
      case "DELETE":
        return DELETE;
      case "HEAD":
        return HEAD;
      case "OPTIONS":
        return OPTIONS;
      default:
        return null;
    }
  }
}
