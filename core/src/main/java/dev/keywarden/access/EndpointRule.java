package dev.keywarden.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.keywarden.expression.GroupExpression;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How one endpoint is protected: the method (or {@link HttpMethod#ALL}) and path pattern it
 * applies to, whether a login is needed ({@code public}), whether a valid API key is needed
 * ({@code apiKeyRequired}), and the expressions that decide who passes
 * ({@code userGroupPermission}, and {@code backofficeUserGroupPermission} for back-office
 * requests, falling back to the former). The names are Mia-Platform's.
 *
 * <p>Path patterns: literal segments, {@code {name}} or {@code *} for one segment, and a final
 * {@code **} for any rest (including none: {@code /orders/**} also covers {@code /orders}). A
 * trailing slash is insignificant; matching is case-sensitive.
 *
 * <p><b>Which rule a request matches.</b> The most specific rule wins: more literal segments
 * first, then more {@code {}}/{@code *} segments, then patterns without {@code **}, then earlier
 * literal segments; among rules with
 * the same pattern, one naming the request's method beats {@code ALL}. A {@code HEAD} request
 * with no {@code HEAD} rule on a pattern takes that pattern's {@code GET} rule, since servlets
 * answer {@code HEAD} by running {@code GET}.
 *
 * <p><b>Non-standard methods.</b> A request method other than the seven rules name, spelled
 * exactly ({@code GET}, {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}, {@code HEAD},
 * {@code OPTIONS}), is refused by the {@link RequestFirewall} unless the host allows
 * {@link RequestFirewall.Category#NONSTANDARD_METHOD}. Matched anyway, such a method
 * ({@code get}, {@code Delete}, {@code PROPFIND}, {@code TRACE}) is covered by {@code ALL} rules
 * only, with the usual path precedence: on each pattern it takes the {@code ALL} rule, and a
 * pattern with only method-specific rules is passed over for a less specific one with an
 * {@code ALL} rule ({@code ALL /admin/**} covers {@code PROPFIND /admin/users} even next to
 * {@code GET /admin/users}). A method is never read case-insensitively: Spring MVC and servlets
 * do not run a {@code GET} handler for {@code get}, and a {@code @RequestMapping} without a method
 * runs for every method. The default rule decides only where no {@code ALL} rule covers the
 * path, exactly as for a standard method with no rule of its own.
 *
 * <p>Instances are immutable and thread-safe. Binds from JSON through {@link EndpointDefinition}.
 */
public final class EndpointRule {
  private final HttpMethod method;
  private final PathPattern pattern;
  private final boolean isPublic;
  private final boolean apiKeyRequired;
  private final GroupExpression userGroupPermission;
  private final GroupExpression backofficeUserGroupPermission;

  EndpointRule(HttpMethod method, PathPattern pattern, boolean isPublic, boolean apiKeyRequired,
      GroupExpression userGroupPermission, GroupExpression backofficeUserGroupPermission) {
    this.method = method;
    this.pattern = pattern;
    this.isPublic = isPublic;
    this.apiKeyRequired = apiKeyRequired;
    this.userGroupPermission = userGroupPermission;
    this.backofficeUserGroupPermission = backofficeUserGroupPermission;
  }

  /**
   * Returns a builder for a rule on a method and path. Defaults: not public (a login is
   * needed), no API key required, expression {@code true}.
   *
   * @param method {@code GET}, {@code POST}, ... or {@code ALL}, any case
   * @param path the path pattern
   * @throws NullPointerException if either is {@code null}; other bad values are reported by
   *     {@link Builder#build()}
   */
  public static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  /**
   * Builds a rule from its JSON definition, as a plain Jackson {@code ObjectMapper} does.
   *
   * @param definition the definition; not {@code null}
   * @throws dev.keywarden.InvalidConfigurationException listing every problem
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static EndpointRule fromDefinition(EndpointDefinition definition) {
    return Objects.requireNonNull(definition, "definition").toRule();
  }

  /**
   * {@return the JSON definition of this rule} Expressions are as they were written: their source
   * text, which binds back under the limits it was parsed with.
   */
  @JsonValue
  public EndpointDefinition toDefinition() {
    return new EndpointDefinition(method.name(), pattern.text(), isPublic, apiKeyRequired,
        userGroupPermission.source(),
        backofficeUserGroupPermission == null ? null : backofficeUserGroupPermission.source());
  }

  /** {@return the method this rule applies to, possibly {@link HttpMethod#ALL}} */
  public HttpMethod method() {
    return method;
  }

  /** {@return the path pattern as written} */
  public String path() {
    return pattern.text();
  }

  /** {@return whether no login is needed} */
  public boolean isPublic() {
    return isPublic;
  }

  /** {@return whether a valid API key is needed} */
  public boolean apiKeyRequired() {
    return apiKeyRequired;
  }

  /** {@return the expression deciding who passes; {@code true} unless one was set} */
  public GroupExpression userGroupPermission() {
    return userGroupPermission;
  }

  /** {@return the expression for back-office requests, or empty to use the main one} */
  public Optional<GroupExpression> backofficeUserGroupPermission() {
    return Optional.ofNullable(backofficeUserGroupPermission);
  }

  /** The expression to apply to a request, chosen by the back-office flag. */
  GroupExpression expressionFor(boolean backoffice) {
    return backoffice && backofficeUserGroupPermission != null ? backofficeUserGroupPermission : userGroupPermission;
  }

  PathPattern pattern() {
    return pattern;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EndpointRule that && toDefinition().equals(that.toDefinition());
  }

  @Override
  public int hashCode() {
    return toDefinition().hashCode();
  }

  /** {@return e.g. {@code GET /orders/** (public, apiKeyRequired, groups.admin)}} */
  @Override
  public String toString() {
    return method + " " + pattern.text() + " (" + (isPublic ? "public" : "login required")
        + (apiKeyRequired ? ", apiKeyRequired" : "") + ", " + userGroupPermission
        + (backofficeUserGroupPermission == null ? "" : ", backoffice: " + backofficeUserGroupPermission) + ")";
  }

  /**
   * Builds an {@link EndpointRule}. Each setting may be made once (an expression given as text
   * or parsed is one setting); a second call fails at once with {@link IllegalStateException}.
   * Invalid values (a bad method, path or expression) are reported together by {@link #build()}.
   * Not thread-safe.
   */
  public static final class Builder {
    private final String method;
    private final String path;
    private boolean isPublic;
    private boolean apiKeyRequired;
    private String userGroupPermission;
    private GroupExpression parsedUserGroupPermission;
    private String backofficeUserGroupPermission;
    private GroupExpression parsedBackofficeUserGroupPermission;

    private final Set<String> set = new HashSet<>();

    private Builder(String method, String path) {
      this.method = Objects.requireNonNull(method, "method");
      this.path = Objects.requireNonNull(path, "path");
    }

    /** Fails at once when a setting is made twice: the second value would silently win. */
    private void once(String setting) {
      if (!set.add(setting)) {
        throw new IllegalStateException(setting + " was already set");
      }
    }

    /**
     * Sets whether no login is needed.
     *
     * @param flag {@code true} for a public endpoint; default {@code false}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder isPublic(boolean flag) {
      once("public flag");
      this.isPublic = flag;
      return this;
    }

    /**
     * Sets whether a valid API key is needed.
     *
     * @param flag {@code true} to require one; default {@code false}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder apiKeyRequired(boolean flag) {
      once("api key required flag");
      this.apiKeyRequired = flag;
      return this;
    }

    /**
     * Sets the expression deciding who passes.
     *
     * @param expression the expression text; not {@code null}; default {@code true}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder userGroupPermission(String expression) {
      Objects.requireNonNull(expression, "expression");
      once("user group permission");
      this.userGroupPermission = expression;
      this.parsedUserGroupPermission = null;
      return this;
    }

    /**
     * Sets the expression deciding who passes, already parsed (e.g. with other limits).
     *
     * @param expression the expression; not {@code null}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder userGroupPermission(GroupExpression expression) {
      Objects.requireNonNull(expression, "expression");
      once("user group permission");
      this.parsedUserGroupPermission = expression;
      this.userGroupPermission = expression.source();
      return this;
    }

    /**
     * Sets the expression for back-office requests.
     *
     * @param expression the expression text, or {@code null} to fall back to the main one
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder backofficeUserGroupPermission(String expression) {
      once("backoffice user group permission");
      this.backofficeUserGroupPermission = expression;
      this.parsedBackofficeUserGroupPermission = null;
      return this;
    }

    /**
     * Sets the expression for back-office requests, already parsed.
     *
     * @param expression the expression; not {@code null}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder backofficeUserGroupPermission(GroupExpression expression) {
      Objects.requireNonNull(expression, "expression");
      once("backoffice user group permission");
      this.parsedBackofficeUserGroupPermission = expression;
      this.backofficeUserGroupPermission = expression.source();
      return this;
    }

    /**
     * Builds the rule.
     *
     * @throws dev.keywarden.InvalidConfigurationException listing every problem
     */
    public EndpointRule build() {
      // Expressions given already parsed (possibly with other limits) are not parsed again.
      EndpointRule rule = new EndpointDefinition(method, path, isPublic, apiKeyRequired,
          parsedUserGroupPermission != null ? null : userGroupPermission,
          parsedBackofficeUserGroupPermission != null ? null : backofficeUserGroupPermission).toRule();
      if (parsedUserGroupPermission == null && parsedBackofficeUserGroupPermission == null) {
        return rule;
      }
      return new EndpointRule(rule.method, rule.pattern, isPublic, apiKeyRequired,
          parsedUserGroupPermission != null ? parsedUserGroupPermission : rule.userGroupPermission,
          parsedBackofficeUserGroupPermission != null
              ? parsedBackofficeUserGroupPermission
              : rule.backofficeUserGroupPermission);
    }
  }
}
