package dev.keywarden.access;

import dev.keywarden.extract.RequestView;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Tells who the logged-in user of a request is, if anyone. Keywarden does not authenticate
 * users itself: a host supplies this, or picks a shipped kind.
 *
 * <p>Implementations must be thread-safe and should not throw; an exception is treated as a
 * failure of the host and the request is refused.
 */
@FunctionalInterface
public interface UserResolver {

  /** {@return the user of the request, or empty when nobody is logged in} */
  Optional<User> resolve(RequestView request);

  /** {@return the resolver for which nobody is ever logged in (the default): only public rules can pass} */
  static UserResolver none() {
    return request -> Optional.empty();
  }

  /**
   * The user is a {@link User} an earlier filter stored in a request attribute. A value of
   * another type counts as nobody.
   *
   * @param attributeName the attribute name; not {@code null}
   */
  static UserResolver requestAttribute(String attributeName) {
    Objects.requireNonNull(attributeName, "attributeName");
    return request -> request.attribute(attributeName) instanceof User user ? Optional.of(user) : Optional.empty();
  }

  /**
   * The user is the container-authenticated principal; a group test is
   * {@code isUserInRole}; no permissions.
   */
  static UserResolver containerPrincipal() {
    return request -> {
      String name = request.principalName();
      if (name == null) {
        return Optional.empty();
      }
      return Optional.of(User.of(name, request::isUserInRole, permission -> false));
    };
  }

  /**
   * Mia-Platform style trusted headers: the user id in {@code miauserid}, groups
   * comma-separated in {@code miausergroups}. <strong>Only for deployments behind a gateway
   * that authenticates users and overwrites these headers</strong>: anyone who can reach the
   * application directly can claim any identity with them.
   */
  static UserResolver trustedHeaders() {
    return trustedHeaders("miauserid", "miausergroups");
  }

  /**
   * Trusted headers with other names; see {@link #trustedHeaders()} for the warning.
   *
   * @param userIdHeader the header holding the user id; not {@code null}
   * @param groupsHeader the header holding comma-separated groups; not {@code null}
   */
  static UserResolver trustedHeaders(String userIdHeader, String groupsHeader) {
    String idName = userIdHeader.toLowerCase(Locale.ROOT);
    String groupsName = groupsHeader.toLowerCase(Locale.ROOT);
    return request -> {
      List<String> ids = request.headers(idName);
      String id = ids.isEmpty() ? null : ids.get(0).trim();
      if (id == null || id.isEmpty() || ids.stream().map(String::trim).distinct().count() > 1) {
        return Optional.empty();
      }
      Set<String> groups = new LinkedHashSet<>();
      for (String header : request.headers(groupsName)) {
        for (String group : header.split(",")) {
          String trimmed = group.trim();
          if (!trimmed.isEmpty()) {
            groups.add(trimmed);
          }
        }
      }
      return Optional.of(User.of(id, groups, Set.of()));
    };
  }
}
