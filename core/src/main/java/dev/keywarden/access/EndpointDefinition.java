package dev.keywarden.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.expression.ExpressionSyntaxException;
import dev.keywarden.expression.GroupExpression;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw, unvalidated definition of an endpoint rule as it appears in configuration (SPEC §8):
 *
 * <pre>{@code
 * { "method": "GET", "path": "/orders/**", "public": true, "apiKeyRequired": true,
 *   "userGroupPermission": "clientType == 'web' || groups.admin",
 *   "backofficeUserGroupPermission": "groups.support" }
 * }</pre>
 *
 * <p>Defaults when a field is absent: {@code method} {@code ALL}, {@code public} {@code false}
 * (a login is needed), {@code apiKeyRequired} {@code false}, {@code userGroupPermission}
 * {@code "true"}, no back-office expression. {@code path} is required. Validation happens in
 * {@link #toRule()}, which reports every problem at once.
 *
 * @param method the method name or {@code ALL}
 * @param path the path pattern
 * @param isPublic {@code true} when no login is needed (JSON {@code public})
 * @param apiKeyRequired {@code true} when a valid API key is needed
 * @param userGroupPermission the expression deciding who passes
 * @param backofficeUserGroupPermission the expression used for back-office requests
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"method", "path", "public", "apiKeyRequired", "userGroupPermission",
    "backofficeUserGroupPermission"})
public record EndpointDefinition(
    @JsonProperty("method") String method,
    @JsonProperty("path") String path,
    @JsonProperty("public") Boolean isPublic,
    @JsonProperty("apiKeyRequired") Boolean apiKeyRequired,
    @JsonProperty("userGroupPermission") String userGroupPermission,
    @JsonProperty("backofficeUserGroupPermission") String backofficeUserGroupPermission) {

  /**
   * The canonical constructor, also Jackson's creator.
   *
   * @param method the method name or {@code ALL}; {@code null} means {@code ALL}
   * @param path the path pattern
   * @param isPublic {@code null} means {@code false}
   * @param apiKeyRequired {@code null} means {@code false}
   * @param userGroupPermission {@code null} means {@code "true"}
   * @param backofficeUserGroupPermission {@code null} means none
   */
  @JsonCreator
  public EndpointDefinition {
    // Values are validated by toRule(), so that a configuration reports every problem at once.
  }

  /**
   * Returns a short label for messages, such as {@code GET /orders/**}.
   *
   * @return the label
   */
  public String label() {
    return (method == null ? "ALL" : method) + " " + path;
  }

  /**
   * Lists every rule this definition breaks.
   *
   * @return the problems; empty when {@link #toRule()} would succeed
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    build(problems);
    return problems;
  }

  /**
   * Validates this definition and builds the rule, parsing its expressions.
   *
   * @return the rule
   * @throws InvalidConfigurationException listing every problem
   */
  public EndpointRule toRule() {
    List<String> problems = new ArrayList<>();
    EndpointRule rule = build(problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return rule;
  }

  /** Returns "METHOD shape" for duplicate detection, or null when the method or path is invalid. */
  String shapeKey() {
    try {
      return (method == null ? HttpMethod.ALL : HttpMethod.parse(method)) + " " + PathPattern.parse(path).shape();
    } catch (IllegalArgumentException | InvalidConfigurationException e) {
      return null;
    }
  }

  private EndpointRule build(List<String> problems) {
    HttpMethod parsedMethod = HttpMethod.ALL;
    if (method != null) {
      try {
        parsedMethod = HttpMethod.parse(method);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    PathPattern pattern = null;
    try {
      pattern = PathPattern.parse(path);
    } catch (InvalidConfigurationException e) {
      problems.addAll(e.problems());
    }
    GroupExpression expression = expression("userGroupPermission",
        userGroupPermission == null ? "true" : userGroupPermission, problems);
    GroupExpression backoffice = backofficeUserGroupPermission == null
        ? null
        : expression("backofficeUserGroupPermission", backofficeUserGroupPermission, problems);
    if (!problems.isEmpty()) {
      return null;
    }
    return new EndpointRule(parsedMethod, pattern, isPublic != null && isPublic,
        apiKeyRequired != null && apiKeyRequired, expression, backoffice);
  }

  private static GroupExpression expression(String field, String text, List<String> problems) {
    try {
      return GroupExpression.parse(text);
    } catch (ExpressionSyntaxException e) {
      problems.add(field + ": " + e.getMessage());
      return null;
    }
  }
}
