package dev.keywarden.access;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.Problem;
import dev.keywarden.Validated;
import dev.keywarden.expression.ExpressionSyntaxException;
import dev.keywarden.expression.GroupExpression;
import dev.keywarden.internal.ProblemText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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
 * (a login is needed), {@code apiKeyRequired} {@code false}, no back-office expression.
 * {@code path} is required. Validation happens in {@link #check()}, which builds the rule and
 * reports every problem at once.
 *
 * <p><b>An absent {@code userGroupPermission} means {@code "true"}</b>, as SPEC §5 and
 * Mia-Platform define it: the rule then lets through everyone its {@code public} and
 * {@code apiKeyRequired} flags let through, so {@code "public": true} without an expression is
 * an open route. {@link #userGroupPermission()} stays {@code null} when the field was omitted
 * (and {@link #hasDefaultUserGroupPermission()} says so), so tools such as {@code check-config}
 * can point such rules out; write {@code "userGroupPermission": "true"} to say it on purpose.
 *
 * <p><b>Unknown fields are configuration errors</b>, whatever the {@code ObjectMapper}'s
 * {@code FAIL_ON_UNKNOWN_PROPERTIES} setting: their names are collected in
 * {@link #unknownFields()} and reported by {@link #check()} and {@link #toRule()}, so a misspelt
 * {@code "userGroupPermision"} can never silently fall back to {@code true}. (Collecting them
 * needs jackson-databind 2.18 or later; older versions refuse to bind this type at all.)
 *
 * @param method the method name or {@code ALL}
 * @param path the path pattern
 * @param isPublic {@code true} when no login is needed (JSON {@code public})
 * @param apiKeyRequired {@code true} when a valid API key is needed
 * @param userGroupPermission the expression deciding who passes; {@code null} when omitted
 * @param backofficeUserGroupPermission the expression used for back-office requests
 * @param unknownFields the names of the fields of the source this model does not know; each is
 *     a problem
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
    @JsonProperty("backofficeUserGroupPermission") String backofficeUserGroupPermission,
    List<String> unknownFields) {

  /** The fields an endpoint definition has, as written in JSON. */
  static final List<String> FIELDS = List.of("method", "path", "public", "apiKeyRequired",
      "userGroupPermission", "backofficeUserGroupPermission");

  /**
   * The canonical constructor.
   *
   * @param method the method name or {@code ALL}; {@code null} means {@code ALL}
   * @param path the path pattern
   * @param isPublic {@code null} means {@code false}
   * @param apiKeyRequired {@code null} means {@code false}
   * @param userGroupPermission {@code null} means {@code "true"}
   * @param backofficeUserGroupPermission {@code null} means none
   * @param unknownFields names of unknown fields; {@code null} means none
   */
  public EndpointDefinition {
    // Values are validated by toRule(), so that a configuration reports every problem at once.
    // Sorted: Jackson collects them in no particular order, and messages should be stable.
    unknownFields = unknownFields == null ? List.of() : List.copyOf(new TreeSet<>(unknownFields));
  }

  /**
   * Creates a definition with no unknown fields.
   *
   * @param method the method name or {@code ALL}; {@code null} means {@code ALL}
   * @param path the path pattern
   * @param isPublic {@code null} means {@code false}
   * @param apiKeyRequired {@code null} means {@code false}
   * @param userGroupPermission {@code null} means {@code "true"}
   * @param backofficeUserGroupPermission {@code null} means none
   */
  public EndpointDefinition(String method, String path, Boolean isPublic, Boolean apiKeyRequired,
      String userGroupPermission, String backofficeUserGroupPermission) {
    this(method, path, isPublic, apiKeyRequired, userGroupPermission, backofficeUserGroupPermission, null);
  }

  /**
   * Jackson's creator: every field it does not map to a parameter lands in {@code unknown},
   * whatever the mapper's {@code FAIL_ON_UNKNOWN_PROPERTIES}; only the names are kept.
   *
   * @param method the method name or {@code ALL}
   * @param path the path pattern
   * @param isPublic the {@code public} flag
   * @param apiKeyRequired the flag
   * @param userGroupPermission the expression, or {@code null}
   * @param backofficeUserGroupPermission the back-office expression, or {@code null}
   * @param unknown the unknown fields; {@code null} means none
   */
  @JsonCreator
  public static EndpointDefinition bind(
      @JsonProperty("method") String method,
      @JsonProperty("path") String path,
      @JsonProperty("public") Boolean isPublic,
      @JsonProperty("apiKeyRequired") Boolean apiKeyRequired,
      @JsonProperty("userGroupPermission") String userGroupPermission,
      @JsonProperty("backofficeUserGroupPermission") String backofficeUserGroupPermission,
      @JsonAnySetter Map<String, Object> unknown) {
    return new EndpointDefinition(method, path, isPublic, apiKeyRequired, userGroupPermission,
        backofficeUserGroupPermission, unknown == null ? null : List.copyOf(unknown.keySet()));
  }

  /**
   * {@return the expression deciding who passes, as written, or {@code null} when the field was
   * omitted} The rule then uses {@code true}: see {@link #hasDefaultUserGroupPermission()}.
   */
  @Override
  public String userGroupPermission() {
    return userGroupPermission;
  }

  /**
   * Tells whether {@code userGroupPermission} was omitted, so the rule uses the default
   * {@code true}. Such a rule with {@code "public": true} and no {@code apiKeyRequired} lets
   * anyone through: tools should point it out.
   */
  public boolean hasDefaultUserGroupPermission() {
    return userGroupPermission == null;
  }

  /**
   * {@return the names of the fields of the source that this model does not know (misspelt or
   * unsupported), sorted; unmodifiable, empty for a clean definition} Each one is reported by
   * {@link #check()}; their values are not kept.
   */
  @Override
  @JsonIgnore
  public List<String> unknownFields() {
    return unknownFields;
  }

  /**
   * {@return a short label for messages, such as {@code GET /orders/**}, or {@code GET, no path}
   * for a rule without a path}
   */
  public String label() {
    String shownMethod = method == null ? "ALL" : method;
    // Masked like a quoted value: a key pasted into the method or path must not name the rule.
    return ProblemText.maskKeys(path == null ? shownMethod + ", no path" : shownMethod + " " + path);
  }

  /**
   * Checks this definition and builds the rule in one pass, parsing the path and each expression
   * once. An expression's problems are located at its field ({@code userGroupPermission});
   * the others have no location (this definition is checked on its own). A
   * {@link KeywardenConfig} places them all at {@code endpoints[i] (METHOD path)}.
   *
   * @return the rule, or every rule this definition breaks
   */
  public Validated<EndpointRule> check() {
    return checkWithShape().rule();
  }

  /**
   * Validates this definition and builds the rule, parsing its expressions:
   * {@code check().value()}.
   *
   * @return the rule
   * @throws InvalidConfigurationException listing every problem
   */
  public EndpointRule toRule() {
    return check().value();
  }

  /**
   * The single pass's result, with the "METHOD shape" key that duplicate detection needs even
   * when the rule is invalid (a bad expression beside a duplicate path); {@code shapeKey} is null
   * when the method or path is invalid.
   */
  record Checked(Validated<EndpointRule> rule, String shapeKey) {}

  /** Checks and builds; see {@link #check()}. */
  Checked checkWithShape() {
    List<Problem> problems = new ArrayList<>();
    for (String field : unknownFields) {
      problems.add(Problem.of(ProblemText.unknownField(field, FIELDS)));
    }
    HttpMethod parsedMethod = HttpMethod.ALL;
    boolean methodValid = true;
    if (method != null) {
      try {
        parsedMethod = HttpMethod.parse(method);
      } catch (IllegalArgumentException e) {
        problems.add(Problem.of(e.getMessage()));
        methodValid = false;
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
    String shapeKey = methodValid && pattern != null ? parsedMethod + " " + pattern.shape() : null;
    if (!problems.isEmpty()) {
      return new Checked(Validated.invalid(problems), shapeKey);
    }
    return new Checked(Validated.valid(new EndpointRule(parsedMethod, pattern, isPublic != null && isPublic,
        apiKeyRequired != null && apiKeyRequired, expression, backoffice)), shapeKey);
  }

  private static GroupExpression expression(String field, String text, List<Problem> problems) {
    try {
      return GroupExpression.parse(text);
    } catch (ExpressionSyntaxException e) {
      problems.add(new Problem(field, e.getMessage()));
      return null;
    }
  }
}
