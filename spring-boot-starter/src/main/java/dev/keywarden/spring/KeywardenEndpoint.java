package dev.keywarden.spring;

import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointDefinition;
import dev.keywarden.access.EndpointRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The Actuator endpoint {@code keywarden} ({@code /actuator/keywarden} once exposed): the
 * endpoint rules in force, in the order they were configured, and the default rule.
 * It shows rules only: never a key, a secret or a digest. Thread-safe.
 */
@Endpoint(id = "keywarden")
public final class KeywardenEndpoint {
  private final AccessGuard guard;
  private final EndpointRule defaultRule;

  /**
   * Creates the endpoint.
   *
   * @param guard the guard whose rules are listed; not {@code null}
   * @param defaultRule the default rule, or {@code null}
   */
  public KeywardenEndpoint(AccessGuard guard, EndpointRule defaultRule) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.defaultRule = defaultRule;
  }

  /** {@return the rules, under {@code rules} (a list) and {@code defaultRule} (or {@code null})} */
  @ReadOperation
  public Map<String, Object> rules() {
    Map<String, Object> body = new LinkedHashMap<>();
    List<Map<String, Object>> rules = guard.rules().stream().map(KeywardenEndpoint::describe).toList();
    body.put("rules", rules);
    body.put("defaultRule", defaultRule == null ? null : describe(defaultRule));
    return body;
  }

  private static Map<String, Object> describe(EndpointRule rule) {
    EndpointDefinition definition = rule.toDefinition();
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("method", definition.method());
    described.put("path", definition.path());
    described.put("public", definition.isPublic());
    described.put("apiKeyRequired", definition.apiKeyRequired());
    described.put("userGroupPermission", definition.userGroupPermission());
    if (definition.backofficeUserGroupPermission() != null) {
      described.put("backofficeUserGroupPermission", definition.backofficeUserGroupPermission());
    }
    return described;
  }
}
