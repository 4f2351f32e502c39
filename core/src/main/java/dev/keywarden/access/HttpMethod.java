package dev.keywarden.access;

import java.util.Locale;
import java.util.Objects;

/**
 * The methods an {@link EndpointRule} can name. {@link #ALL} stands for the seven others; a
 * request with any other method (TRACE, CONNECT, custom verbs) matches no {@code ALL} rule.
 */
public enum HttpMethod {
  /** GET. */
  GET,
  /** POST. */
  POST,
  /** PUT. */
  PUT,
  /** PATCH. */
  PATCH,
  /** DELETE. */
  DELETE,
  /** HEAD. */
  HEAD,
  /** OPTIONS. */
  OPTIONS,
  /** Any of the seven methods above. */
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
        + dev.keywarden.InvalidConfigurationException.quote(name) + ")");
  }

  /** Returns the request method's constant, or {@code null} for a method no rule can name. */
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
