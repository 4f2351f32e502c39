package dev.keywarden.expression;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a user group expression is evaluated against: the caller's group and permission
 * membership, its client type and whether the request is a back-office one.
 *
 * <p>Membership is a test, not necessarily a set, so a container's {@code isUserInRole} can back
 * {@link #hasGroup(String)}. Implementations used on the hot path should not allocate.
 */
public interface Subject {

  /**
   * Tells whether the caller belongs to a group.
   *
   * @param group the group name, case-sensitive
   * @return {@code true} if so
   */
  boolean hasGroup(String group);

  /**
   * Tells whether the caller holds a permission.
   *
   * @param permission the permission name, case-sensitive (dotted names such as
   *     {@code api.users.get} are one name)
   * @return {@code true} if so
   */
  boolean hasPermission(String permission);

  /**
   * Returns the client type of the valid API key presented, or {@code null} when no valid key
   * was presented (the expression then sees {@code clientType} as absent). A nullable return
   * rather than {@code Optional} keeps evaluation allocation-free.
   *
   * @return the client type, or {@code null}
   */
  String clientType();

  /** {@return whether the request is a back-office one} */
  boolean isBackoffice();

  /** {@return a subject with no group, no permission, no client type, not back-office} */
  static Subject anonymous() {
    return SetSubject.ANONYMOUS;
  }

  /**
   * Returns a subject backed by sets.
   *
   * @param groups the groups; not {@code null}
   * @param permissions the permissions; not {@code null}
   * @param clientType the client type, or {@code null} for none
   * @param backoffice the back-office flag
   * @return an immutable subject
   */
  static Subject of(Set<String> groups, Set<String> permissions, String clientType, boolean backoffice) {
    return new SetSubject(Set.copyOf(groups), Set.copyOf(permissions), clientType, backoffice);
  }

  /**
   * Returns a subject whose membership tests are functions, e.g.
   * {@code Subject.of(request::isUserInRole, p -> false, "web", false)}.
   *
   * @param groups the group test; not {@code null}
   * @param permissions the permission test; not {@code null}
   * @param clientType the client type, or {@code null} for none
   * @param backoffice the back-office flag
   * @return a subject
   */
  static Subject of(Predicate<String> groups, Predicate<String> permissions, String clientType, boolean backoffice) {
    Objects.requireNonNull(groups, "groups");
    Objects.requireNonNull(permissions, "permissions");
    return new Subject() {
      @Override
      public boolean hasGroup(String group) {
        return groups.test(group);
      }

      @Override
      public boolean hasPermission(String permission) {
        return permissions.test(permission);
      }

      @Override
      public String clientType() {
        return clientType;
      }

      @Override
      public boolean isBackoffice() {
        return backoffice;
      }

      @Override
      public String toString() {
        return "Subject[clientType=" + clientType + ", backoffice=" + backoffice + "]";
      }
    };
  }

  /** {@return a new builder for a set-backed subject} */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a set-backed {@link Subject}. Not thread-safe; the subjects it builds are immutable. */
  final class Builder {
    private final Set<String> groups = new HashSet<>();
    private final Set<String> permissions = new HashSet<>();
    private String clientType;
    private boolean backoffice;

    private Builder() {}

    /** Adds groups the caller belongs to; {@code null} names are refused. */
    public Builder groups(String... names) {
      groups.addAll(Set.of(names));
      return this;
    }

    /** Adds permissions the caller holds; {@code null} names are refused. */
    public Builder permissions(String... names) {
      permissions.addAll(Set.of(names));
      return this;
    }

    /** Sets the client type; {@code null}, the default, is none (no valid key). */
    public Builder clientType(String type) {
      this.clientType = type;
      return this;
    }

    /** Sets whether the request is a back-office one; {@code false} by default. */
    public Builder backoffice(boolean flag) {
      this.backoffice = flag;
      return this;
    }

    /** {@return an immutable subject} */
    public Subject build() {
      return Subject.of(groups, permissions, clientType, backoffice);
    }
  }
}
