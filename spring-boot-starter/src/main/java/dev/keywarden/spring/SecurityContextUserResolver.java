package dev.keywarden.spring;

import dev.keywarden.access.User;
import dev.keywarden.access.UserResolver;
import dev.keywarden.extract.RequestView;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The user of Spring Security's {@code SecurityContext}: its name is the user id, an authority
 * starting with the permission prefix is a permission (the prefix stripped), any other authority
 * a group (the group prefix, such as {@code ROLE_}, stripped when present). Anonymous and
 * unauthenticated callers are nobody.
 *
 * <p>The filter runs inside Spring Security's filter chain (it is ordered right after it), so
 * the context holds the request's authentication. Immutable and thread-safe.
 */
public final class SecurityContextUserResolver implements UserResolver {
  private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

  private final String groupPrefix;
  private final String permissionPrefix;

  /**
   * Creates the resolver.
   *
   * @param groupPrefix stripped from authorities to give groups, e.g. {@code ROLE_}; may be empty
   * @param permissionPrefix marks authorities that are permissions; empty for none
   */
  public SecurityContextUserResolver(String groupPrefix, String permissionPrefix) {
    this.groupPrefix = Objects.requireNonNull(groupPrefix, "groupPrefix");
    this.permissionPrefix = Objects.requireNonNull(permissionPrefix, "permissionPrefix");
  }

  @Override
  public Optional<User> resolve(RequestView request) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated() || TRUST.isAnonymous(authentication)) {
      return Optional.empty();
    }
    Set<String> groups = new HashSet<>();
    Set<String> permissions = new HashSet<>();
    for (GrantedAuthority granted : authentication.getAuthorities()) {
      String authority = granted.getAuthority();
      if (authority == null) {
        continue;
      }
      if (!permissionPrefix.isEmpty() && authority.startsWith(permissionPrefix)) {
        permissions.add(authority.substring(permissionPrefix.length()));
      } else if (!groupPrefix.isEmpty() && authority.startsWith(groupPrefix)) {
        groups.add(authority.substring(groupPrefix.length()));
      } else {
        groups.add(authority);
      }
    }
    return Optional.of(User.of(authentication.getName(), groups, permissions));
  }

  @Override
  public String toString() {
    return "SecurityContextUserResolver[groupPrefix=" + groupPrefix + ", permissionPrefix=" + permissionPrefix + "]";
  }
}
