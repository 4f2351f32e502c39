package dev.keywarden.extract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A servlet-free view of an HTTP request: what Keywarden needs to decide on it. The servlet
 * adapter implements it over {@code HttpServletRequest}; other frameworks, and tests, can use
 * {@link #builder()}.
 *
 * <p>Header names are case-insensitive; cookie names are exact. Multi-valued: a repeated
 * header or cookie yields every value, in order.
 */
public interface RequestView {

  /** {@return the HTTP method, upper case as sent (e.g. {@code GET})} */
  String method();

  /**
   * Returns the request path inside the application, the one rules are matched against: decoded,
   * without query string and context path, starting with {@code /}. For a servlet container it
   * is the servlet path plus the path info, i.e. what the container routed by. The route table
   * matches it only when it has no empty, {@code .} or {@code ..} segment and no {@code ;}; the
   * request firewall refuses anything else first.
   *
   * @return the path
   */
  String path();

  /**
   * Returns the path exactly as the client sent it: still percent-encoded, with the context
   * path, without the query string (a servlet request's {@code getRequestURI()}). The request
   * firewall refuses a request whose raw path is ambiguous, or does not decode to
   * {@link #contextPath()} + {@link #path()}.
   *
   * <p>Implement it whenever the raw form is available. The default returns {@link #path()},
   * for views that only know the decoded path: the firewall then judges that path as if it had
   * been sent unencoded (so a literal {@code %} in it is refused as malformed).
   *
   * @return the raw path
   */
  default String rawPath() {
    return path();
  }

  /**
   * Returns the decoded context path: the prefix under which the application is deployed, empty
   * for the root context, otherwise starting with {@code /} and not ending with one. It is part
   * of {@link #rawPath()} but not of {@link #path()}.
   *
   * @return the context path; default empty
   */
  default String contextPath() {
    return "";
  }

  /**
   * {@return every value of a header, in order; empty if the header is absent}
   *
   * @param name the header name, matched case-insensitively
   */
  List<String> headers(String name);

  /**
   * {@return every value of a cookie, in order; empty if the cookie is absent}
   *
   * @param name the cookie name, matched exactly
   */
  List<String> cookies(String name);

  /**
   * {@return a request attribute set by earlier processing (e.g. an authentication filter), or
   * {@code null}}
   *
   * @param name the attribute name
   */
  default Object attribute(String name) {
    return null;
  }

  /** {@return the name of the user the container authenticated, or {@code null}} */
  default String principalName() {
    return null;
  }

  /**
   * {@return whether the container-authenticated user has a role}
   *
   * @param role the role
   */
  default boolean isUserInRole(String role) {
    return false;
  }

  /** {@return the local port the request arrived on, or -1 if unknown} */
  default int localPort() {
    return -1;
  }

  /**
   * Returns a builder for a simple in-memory view, for frameworks without an adapter and for
   * tests.
   *
   * @param method the HTTP method; not {@code null}
   * @param path the decoded path; not {@code null}
   * @return a new builder
   */
  static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  /** Builds a simple, immutable {@link RequestView}. Not thread-safe; the views it builds are. */
  final class Builder {
    private final String method;
    private final String path;
    private String rawPath;
    private String contextPath = "";
    private final Map<String, List<String>> headers = new HashMap<>();
    private final Map<String, List<String>> cookies = new HashMap<>();
    private final Map<String, Object> attributes = new HashMap<>();
    private final Set<String> roles = new HashSet<>();
    private String principal;
    private int localPort = -1;

    private Builder(String method, String path) {
      this.method = Objects.requireNonNull(method, "method");
      this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * Sets the raw, still percent-encoded path with the context path (see
     * {@link RequestView#rawPath()}); default: the decoded path given to the builder, prefixed by
     * the context path.
     *
     * @param raw the raw path; not {@code null}
     * @return this builder
     */
    public Builder rawPath(String raw) {
      this.rawPath = Objects.requireNonNull(raw, "rawPath");
      return this;
    }

    /**
     * Sets the decoded context path (see {@link RequestView#contextPath()}); default empty.
     *
     * @param newContextPath the context path; not {@code null}
     * @return this builder
     */
    public Builder contextPath(String newContextPath) {
      this.contextPath = Objects.requireNonNull(newContextPath, "contextPath");
      return this;
    }

    /**
     * Adds a header value (repeat to add several).
     *
     * @param name the name, any case
     * @param value the value
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds a cookie value (repeat to add several).
     *
     * @param name the exact name
     * @param value the value
     * @return this builder
     */
    public Builder cookie(String name, String value) {
      cookies.computeIfAbsent(name, k -> new ArrayList<>()).add(Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets a request attribute.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder attribute(String name, Object value) {
      attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the container principal and its roles.
     *
     * @param name the principal name
     * @param principalRoles its roles
     * @return this builder
     */
    public Builder principal(String name, String... principalRoles) {
      this.principal = Objects.requireNonNull(name, "name");
      roles.addAll(List.of(principalRoles));
      return this;
    }

    /**
     * Sets the local port; default -1, unknown.
     *
     * @param port the port
     * @return this builder
     */
    public Builder localPort(int port) {
      this.localPort = port;
      return this;
    }

    /**
     * Builds the view.
     *
     * @return an immutable view of what was set so far
     */
    public RequestView build() {
      return new BuiltView(this);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> values) {
      Map<String, List<String>> copy = new HashMap<>();
      values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return Collections.unmodifiableMap(copy);
    }

    /** The view a builder builds: a snapshot of it, so later builder calls do not change it. */
    private static final class BuiltView implements RequestView {
      private final String method;
      private final String path;
      private final String rawPath;
      private final String contextPath;
      private final Map<String, List<String>> headers;
      private final Map<String, List<String>> cookies;
      private final Map<String, Object> attributes;
      private final Set<String> roles;
      private final String principal;
      private final int localPort;

      BuiltView(Builder builder) {
        method = builder.method;
        path = builder.path;
        contextPath = builder.contextPath;
        rawPath = builder.rawPath != null ? builder.rawPath : contextPath + path;
        headers = copy(builder.headers);
        cookies = copy(builder.cookies);
        attributes = Map.copyOf(builder.attributes);
        roles = Set.copyOf(builder.roles);
        principal = builder.principal;
        localPort = builder.localPort;
      }

      @Override
      public String method() {
        return method;
      }

      @Override
      public String path() {
        return path;
      }

      @Override
      public String rawPath() {
        return rawPath;
      }

      @Override
      public String contextPath() {
        return contextPath;
      }

      @Override
      public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
      }

      @Override
      public List<String> cookies(String name) {
        return cookies.getOrDefault(name, List.of());
      }

      @Override
      public Object attribute(String name) {
        return attributes.get(name);
      }

      @Override
      public String principalName() {
        return principal;
      }

      @Override
      public boolean isUserInRole(String role) {
        return principal != null && roles.contains(role);
      }

      @Override
      public int localPort() {
        return localPort;
      }

      @Override
      public String toString() {
        return "RequestView[" + method + " " + path + "]";
      }
    }
  }
}
