package dev.keywarden.benchmarks;

import dev.keywarden.expression.Subject;
import java.util.Set;

/**
 * The two rules measured, written once per engine, and the one context all engines see. Rule S
 * is the issue's; rule L has 22 terms mixing groups, permissions, client types, back-office and
 * negations, and is only satisfied by its last disjunct, so every engine walks most of it.
 */
final class Rules {
  static final Set<String> GROUPS = Set.of("users", "team:ops");
  static final Set<String> PERMISSIONS = Set.of("api.orders.read", "api.users.read");
  static final String CLIENT_TYPE = "web";
  static final boolean BACKOFFICE = false;

  static final String KEYWARDEN_S = "groups.admin || (groups.users && clientType == \"web\")";
  static final String KEYWARDEN_L = String.join(" ",
      "(groups.admin || groups.superuser) && !groups.banned",
      "|| (groups.users && clientType == \"internal\" && permissions.api.orders.read && !isBackoffice)",
      "|| (groups.partners && clientType == \"partner\" && \"api.orders.write\" in permissions)",
      "|| (isBackoffice && groups.support && !permissions.api.admin)",
      "|| (clientType == \"mobile\" && groups.users && !groups.suspended && permissions.api.orders.read)",
      "|| (groups[\"team:ops\"] && (clientType == \"ops\" || clientType == \"web\") && !groups.contractors",
      "    && permissions.api.users.read)");

  /** The root object SpEL and MVEL evaluate against, and JEXL's {@code ctx} variable. */
  public static final class Ctx {
    private final Set<String> groups;
    private final Set<String> permissions;
    private final String clientType;
    private final boolean backoffice;

    Ctx(Set<String> groups, Set<String> permissions, String clientType, boolean backoffice) {
      this.groups = groups;
      this.permissions = permissions;
      this.clientType = clientType;
      this.backoffice = backoffice;
    }

    public boolean hasGroup(String group) {
      return groups.contains(group);
    }

    public boolean hasPermission(String permission) {
      return permissions.contains(permission);
    }

    public String getClientType() {
      return clientType;
    }

    public boolean isBackoffice() {
      return backoffice;
    }
  }

  static final String SPEL_S = "hasGroup('admin') or (hasGroup('users') and clientType == 'web')";
  static final String SPEL_L = String.join(" ",
      "(hasGroup('admin') or hasGroup('superuser')) and !hasGroup('banned')",
      "or (hasGroup('users') and clientType == 'internal' and hasPermission('api.orders.read') and !backoffice)",
      "or (hasGroup('partners') and clientType == 'partner' and hasPermission('api.orders.write'))",
      "or (backoffice and hasGroup('support') and !hasPermission('api.admin'))",
      "or (clientType == 'mobile' and hasGroup('users') and !hasGroup('suspended') and hasPermission('api.orders.read'))",
      "or (hasGroup('team:ops') and (clientType == 'ops' or clientType == 'web') and !hasGroup('contractors')",
      "    and hasPermission('api.users.read'))");

  static final String JEXL_S = "ctx.hasGroup('admin') || (ctx.hasGroup('users') && ctx.clientType == 'web')";
  static final String JEXL_L = String.join(" ",
      "(ctx.hasGroup('admin') || ctx.hasGroup('superuser')) && !ctx.hasGroup('banned')",
      "|| (ctx.hasGroup('users') && ctx.clientType == 'internal' && ctx.hasPermission('api.orders.read') && !ctx.backoffice)",
      "|| (ctx.hasGroup('partners') && ctx.clientType == 'partner' && ctx.hasPermission('api.orders.write'))",
      "|| (ctx.backoffice && ctx.hasGroup('support') && !ctx.hasPermission('api.admin'))",
      "|| (ctx.clientType == 'mobile' && ctx.hasGroup('users') && !ctx.hasGroup('suspended') && ctx.hasPermission('api.orders.read'))",
      "|| (ctx.hasGroup('team:ops') && (ctx.clientType == 'ops' || ctx.clientType == 'web') && !ctx.hasGroup('contractors')",
      "    && ctx.hasPermission('api.users.read'))");

  static final String MVEL_S = "hasGroup('admin') || (hasGroup('users') && clientType == 'web')";
  static final String MVEL_L = String.join(" ",
      "(hasGroup('admin') || hasGroup('superuser')) && !hasGroup('banned')",
      "|| (hasGroup('users') && clientType == 'internal' && hasPermission('api.orders.read') && !backoffice)",
      "|| (hasGroup('partners') && clientType == 'partner' && hasPermission('api.orders.write'))",
      "|| (backoffice && hasGroup('support') && !hasPermission('api.admin'))",
      "|| (clientType == 'mobile' && hasGroup('users') && !hasGroup('suspended') && hasPermission('api.orders.read'))",
      "|| (hasGroup('team:ops') && (clientType == 'ops' || clientType == 'web') && !hasGroup('contractors')",
      "    && hasPermission('api.users.read'))");

  static final String CEL_S = "'admin' in groups || ('users' in groups && clientType == 'web')";
  static final String CEL_L = String.join(" ",
      "('admin' in groups || 'superuser' in groups) && !('banned' in groups)",
      "|| ('users' in groups && clientType == 'internal' && 'api.orders.read' in permissions && !isBackoffice)",
      "|| ('partners' in groups && clientType == 'partner' && 'api.orders.write' in permissions)",
      "|| (isBackoffice && 'support' in groups && !('api.admin' in permissions))",
      "|| (clientType == 'mobile' && 'users' in groups && !('suspended' in groups) && 'api.orders.read' in permissions)",
      "|| ('team:ops' in groups && (clientType == 'ops' || clientType == 'web') && !('contractors' in groups)",
      "    && 'api.users.read' in permissions)");

  /** Rule S by hand over the same {@link Subject} Keywarden sees: the floor. */
  static boolean javaS(Subject s) {
    return s.hasGroup("admin") || (s.hasGroup("users") && "web".equals(s.clientType()));
  }

  /** Rule L by hand over the same {@link Subject} Keywarden sees: the floor. */
  static boolean javaL(Subject s) {
    String clientType = s.clientType();
    return (s.hasGroup("admin") || s.hasGroup("superuser")) && !s.hasGroup("banned")
        || (s.hasGroup("users") && "internal".equals(clientType) && s.hasPermission("api.orders.read")
            && !s.isBackoffice())
        || (s.hasGroup("partners") && "partner".equals(clientType) && s.hasPermission("api.orders.write"))
        || (s.isBackoffice() && s.hasGroup("support") && !s.hasPermission("api.admin"))
        || ("mobile".equals(clientType) && s.hasGroup("users") && !s.hasGroup("suspended")
            && s.hasPermission("api.orders.read"))
        || (s.hasGroup("team:ops") && ("ops".equals(clientType) || "web".equals(clientType))
            && !s.hasGroup("contractors") && s.hasPermission("api.users.read"));
  }

  private Rules() {}
}
