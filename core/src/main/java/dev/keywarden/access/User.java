package dev.keywarden.access;

import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A logged-in user as the access decision sees it: an id and membership tests for groups and
 * permissions. Membership is a test, not necessarily a set, so a container's
 * {@code isUserInRole} can back it. Produced by a {@link UserResolver}.
 */
public interface User {

  /** {@return the user's id, as shown in audit events; never {@code null}} */
  String id();

  /**
   * Tells whether the user belongs to a group.
   *
   * @param group the group, case-sensitive
   * @return {@code true} if so
   */
  boolean hasGroup(String group);

  /**
   * Tells whether the user holds a permission.
   *
   * @param permission the permission, case-sensitive
   * @return {@code true} if so
   */
  boolean hasPermission(String permission);

  /**
   * Returns an immutable user backed by sets.
   *
   * @param id the id; not {@code null}
   * @param groups the groups; not {@code null}
   * @param permissions the permissions; not {@code null}
   * @return the user
   */
  static User of(String id, Set<String> groups, Set<String> permissions) {
    return of(id, Set.copyOf(groups)::contains, Set.copyOf(permissions)::contains);
  }

  /**
   * Returns a user whose membership tests are functions.
   *
   * @param id the id; not {@code null}
   * @param groups the group test; not {@code null}
   * @param permissions the permission test; not {@code null}
   * @return the user
   */
  static User of(String id, Predicate<String> groups, Predicate<String> permissions) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(groups, "groups");
    Objects.requireNonNull(permissions, "permissions");
    return new User() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public boolean hasGroup(String group) {
        return groups.test(group);
      }

      @Override
      public boolean hasPermission(String permission) {
        return permissions.test(permission);
      }

      @Override
      public String toString() {
        return "User[" + id + "]";
      }
    };
  }
}
