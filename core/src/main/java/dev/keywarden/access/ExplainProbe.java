package dev.keywarden.access;

import java.util.Objects;
import java.util.Optional;

/**
 * A hypothetical request for {@link AccessGuard#explain(ExplainProbe)}: a method and path, and
 * the caller described directly instead of through headers, cookies and the host's resolvers.
 * The caller presents at most one of a key (resolved through the guard's store, like a real
 * request) or a client type (as if a valid key of that type were presented).
 *
 * @param method the HTTP method; not {@code null}
 * @param path the request path; not {@code null}
 * @param key a key to present, or {@code null}; never printed
 * @param clientType the client type of a valid key to assume, or {@code null}
 * @param user the logged-in user, or {@code null} for nobody
 * @param backoffice whether the request is back-office
 */
public record ExplainProbe(String method, String path, String key, String clientType, User user, boolean backoffice) {

  /**
   * @throws NullPointerException if the method or path is null
   * @throws IllegalArgumentException if both a key and a client type are given
   */
  public ExplainProbe {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    if (key != null && clientType != null) {
      throw new IllegalArgumentException("give a key or a client type, not both");
    }
  }

  /** {@return the logged-in user, or empty for nobody} */
  public Optional<User> optionalUser() {
    return Optional.ofNullable(user);
  }

  /** {@return the probe, its key shown as {@code <redacted>}} */
  @Override
  public String toString() {
    return "ExplainProbe[" + method + " " + path + (key == null ? "" : ", key=<redacted>")
        + (clientType == null ? "" : ", clientType=" + clientType) + (user == null ? "" : ", user=" + user.id())
        + ", backoffice=" + backoffice + "]";
  }
}
