package dev.keywarden.expression;

import java.util.Set;

/** A subject backed by immutable sets. */
record SetSubject(Set<String> groups, Set<String> permissions, String clientType, boolean backoffice)
    implements Subject {
  static final SetSubject ANONYMOUS = new SetSubject(Set.of(), Set.of(), null, false);

  @Override
  public boolean hasGroup(String group) {
    return groups.contains(group);
  }

  @Override
  public boolean hasPermission(String permission) {
    return permissions.contains(permission);
  }

  @Override
  public boolean isBackoffice() {
    return backoffice;
  }
}
