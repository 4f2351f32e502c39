package dev.keywarden.access;

import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyDefinition;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.expression.CompileMode;
import dev.keywarden.expression.GroupExpression;
import dev.keywarden.expression.Subject;
import dev.keywarden.extract.Extraction;
import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.extract.RequestView;
import dev.keywarden.store.ApiKeyStore;
import dev.keywarden.store.InMemoryApiKeyStore;
import dev.keywarden.store.InvalidKeyReason;
import dev.keywarden.store.KeyResolution;
import dev.keywarden.store.KeyResolver;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access decision: the one entry point that turns a request into an {@link AccessDecision}.
 *
 * <p>Evaluated in this order (SPEC §6):
 * <ol>
 *   <li>a CORS preflight (OPTIONS with {@code Origin} and {@code Access-Control-Request-Method})
 *       passes through untouched, unless preflight pass-through is off;
 *   <li>conflicting or repeated different keys: 400 {@code conflicting-api-keys};
 *   <li>a presented key that is invalid, on every route, public ones included: 401
 *       {@code invalid-api-key};
 *   <li>a key store that cannot answer: 503 {@code key-store-unavailable};
 *   <li>no rule matches and no default rule is set: 401 {@code unauthorized} (fail closed);
 *   <li>the rule needs a key and none was presented: 401 {@code missing-api-key};
 *   <li>the rule is not public and nobody is logged in: 401 {@code authentication-required};
 *   <li>the expression is false for a caller with neither user nor valid key: 401
 *       {@code unauthorized};
 *   <li>the expression is false otherwise: 403 {@code forbidden};
 *   <li>otherwise the request is allowed, with its {@link Caller}.
 * </ol>
 *
 * <p>{@link #decide} never throws for anything a client sends. It throws only when a host
 * component fails ({@link UserResolver} or {@link BackofficeDetector}); the servlet filter
 * answers that with 500, never with an allow. Instances are immutable and thread-safe.
 */
public final class AccessGuard {
  private static final Logger LOG = LoggerFactory.getLogger(AccessGuard.class);
  private static final int MAX_LOGGED_MISSES = 1_000;

  private final KeyExtractor extractor;
  private final KeyResolver resolver;
  private final RouteTable routes;
  private final EndpointRule defaultRule;
  private final UserResolver userResolver;
  private final BackofficeDetector backofficeDetector;
  private final AccessListener listener;
  private final boolean preflightPassThrough;
  private final Map<DenyCode, AccessDecision.Deny> denials = new EnumMap<>(DenyCode.class);
  private final Set<String> loggedMisses = ConcurrentHashMap.newKeySet();

  private AccessGuard(Builder builder, KeyResolver resolver, RouteTable routes) {
    this.extractor = builder.extractor;
    this.resolver = resolver;
    this.routes = routes;
    this.defaultRule = builder.defaultRule;
    this.userResolver = builder.userResolver;
    this.backofficeDetector = builder.backofficeDetector;
    this.listener = builder.listener;
    this.preflightPassThrough = builder.preflightPassThrough;
    for (DenyCode code : DenyCode.values()) {
      denials.put(code, new AccessDecision.Deny(code, builder.statuses.getOrDefault(code, code.defaultStatus())));
    }
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decides on a request.
   *
   * @param request the request; not {@code null}
   * @return the decision; never {@code null}
   */
  public AccessDecision decide(RequestView request) {
    if (listener == null) {
      return decide(request, null);
    }
    long start = System.nanoTime();
    Trace trace = new Trace(request);
    AccessDecision decision = decide(request, trace);
    report(decision, trace, System.nanoTime() - start);
    return decision;
  }

  /** The decision itself; {@code trace} collects details for the listener and may be null. */
  private AccessDecision decide(RequestView request, Trace trace) {
    String method = request.method();
    if (preflightPassThrough && "OPTIONS".equals(method)
        && !request.headers("Origin").isEmpty()
        && !request.headers("Access-Control-Request-Method").isEmpty()) {
      return AccessDecision.PassThrough.INSTANCE;
    }
    Extraction extraction = extractor.extract(request);
    ApiKey key = null;
    if (extraction instanceof Extraction.Conflict) {
      return deny(DenyCode.CONFLICTING_API_KEYS);
    }
    if (extraction instanceof Extraction.Presented presented) {
      KeyResolution resolution = resolver.resolve(presented.secret());
      if (resolution instanceof KeyResolution.Invalid invalid) {
        if (trace != null) {
          trace.invalidKeyReason = invalid.reason();
        }
        return deny(DenyCode.INVALID_API_KEY);
      }
      if (resolution instanceof KeyResolution.Unavailable) {
        return deny(DenyCode.KEY_STORE_UNAVAILABLE);
      }
      key = ((KeyResolution.Valid) resolution).key();
      if (trace != null) {
        trace.key = key;
      }
    }
    EndpointRule rule = routes.find(method, request.path());
    if (rule == null) {
      rule = defaultRule;
      if (rule == null) {
        logMiss(method, request.path());
        return deny(DenyCode.UNAUTHORIZED);
      }
    }
    if (trace != null) {
      trace.rule = rule;
    }
    if (rule.apiKeyRequired() && key == null) {
      return deny(DenyCode.MISSING_API_KEY);
    }
    User user = userResolver.resolve(request).orElse(null);
    if (trace != null) {
      trace.user = user;
    }
    if (!rule.isPublic() && user == null) {
      return deny(DenyCode.AUTHENTICATION_REQUIRED);
    }
    boolean backoffice = backofficeDetector.isBackoffice(request);
    String clientType = key == null ? null : key.clientType();
    GroupExpression expression = rule.expressionFor(backoffice);
    if (!expression.test(new CallerSubject(user, clientType, backoffice))) {
      return deny(user == null && key == null ? DenyCode.UNAUTHORIZED : DenyCode.FORBIDDEN);
    }
    return new AccessDecision.Allow(new Caller(clientType, key == null ? null : key.id(), user, rule, backoffice));
  }

  private AccessDecision.Deny deny(DenyCode code) {
    return denials.get(code);
  }

  private void logMiss(String method, String path) {
    if (!LOG.isWarnEnabled() || loggedMisses.size() >= MAX_LOGGED_MISSES) {
      return;
    }
    String normalized = "/" + String.join("/", RouteTable.normalize(path));
    if (loggedMisses.add(normalized)) {
      LOG.warn("no endpoint rule matches {} {} and no default rule is set: refused with 401{}",
          InvalidConfigurationException.quote(method), InvalidConfigurationException.quote(normalized),
          loggedMisses.size() >= MAX_LOGGED_MISSES ? " (further unmatched paths are not logged)" : "");
    }
  }

  private void report(AccessDecision decision, Trace trace, long elapsed) {
    AccessEvent.Outcome outcome;
    DenyCode code = null;
    int status = 0;
    if (decision instanceof AccessDecision.Deny deny) {
      outcome = AccessEvent.Outcome.DENIED;
      code = deny.code();
      status = deny.status();
    } else if (decision instanceof AccessDecision.Allow) {
      outcome = AccessEvent.Outcome.ALLOWED;
    } else {
      outcome = AccessEvent.Outcome.PASSED_THROUGH;
    }
    AccessEvent event = new AccessEvent(outcome, code, status, trace.rule,
        trace.key == null ? null : trace.key.clientType(), trace.key == null ? null : trace.key.id(),
        trace.invalidKeyReason, trace.user == null ? null : trace.user.id(),
        trace.request.method(), trace.request.path(), elapsed);
    try {
      listener.onDecision(event);
    } catch (RuntimeException e) {
      LOG.warn("access listener failed: {}", e.toString());
    }
  }

  /**
   * Returns the key extractor, so an adapter knows which headers and cookies carry keys.
   *
   * @return the extractor
   */
  public KeyExtractor keyExtractor() {
    return extractor;
  }

  /**
   * Returns the back-office detector, so an adapter knows whether to strip {@code isbackoffice}.
   *
   * @return the detector
   */
  public BackofficeDetector backofficeDetector() {
    return backofficeDetector;
  }

  /**
   * Returns the route table.
   *
   * @return the routes
   */
  public RouteTable routes() {
    return routes;
  }

  @Override
  public String toString() {
    return "AccessGuard[" + routes + ", defaultRule=" + defaultRule + "]";
  }

  /** What the decision learned, for the listener. */
  private static final class Trace {
    final RequestView request;
    ApiKey key;
    InvalidKeyReason invalidKeyReason;
    EndpointRule rule;
    User user;

    Trace(RequestView request) {
      this.request = request;
    }
  }

  /** The expression's view of the caller. */
  private record CallerSubject(User user, String clientType, boolean backoffice) implements Subject {
    @Override
    public boolean hasGroup(String group) {
      return user != null && user.hasGroup(group);
    }

    @Override
    public boolean hasPermission(String permission) {
      return user != null && user.hasPermission(permission);
    }

    @Override
    public boolean isBackoffice() {
      return backoffice;
    }
  }

  /** Builds an {@link AccessGuard}; {@link #build()} reports every configuration problem at once. */
  public static final class Builder {
    private KeyExtractor extractor = KeyExtractor.defaults();
    private KeyResolver resolver;
    private ApiKeyStore store;
    private KeywardenConfig config;
    private final List<EndpointRule> rules = new ArrayList<>();
    private EndpointRule defaultRule;
    private UserResolver userResolver = UserResolver.none();
    private BackofficeDetector backofficeDetector = BackofficeDetector.never();
    private AccessListener listener;
    private boolean preflightPassThrough = true;
    private CompileMode compileMode = CompileMode.EAGER;
    private final Map<DenyCode, Integer> statuses = new EnumMap<>(DenyCode.class);

    private Builder() {}

    /**
     * Takes keys and rules from a configuration: its keys go into an in-memory store (unless a
     * store is set, in which case the configuration must hold no keys), its rules into the
     * route table, after any rules added in code.
     *
     * @param newConfig the configuration; not {@code null}
     * @return this builder
     */
    public Builder config(KeywardenConfig newConfig) {
      this.config = Objects.requireNonNull(newConfig, "config");
      return this;
    }

    /**
     * Sets the key store; keys are resolved with {@link KeyResolver#of(ApiKeyStore)}.
     *
     * @param newStore the store; not {@code null}
     * @return this builder
     */
    public Builder keyStore(ApiKeyStore newStore) {
      this.store = Objects.requireNonNull(newStore, "store");
      return this;
    }

    /**
     * Sets the key resolver (for a clock or checksum settings of one's own); replaces
     * {@link #keyStore}.
     *
     * @param newResolver the resolver; not {@code null}
     * @return this builder
     */
    public Builder keyResolver(KeyResolver newResolver) {
      this.resolver = Objects.requireNonNull(newResolver, "resolver");
      return this;
    }

    /**
     * Sets where keys are looked for; default {@link KeyExtractor#defaults()}.
     *
     * @param newExtractor the extractor; not {@code null}
     * @return this builder
     */
    public Builder keyExtractor(KeyExtractor newExtractor) {
      this.extractor = Objects.requireNonNull(newExtractor, "extractor");
      return this;
    }

    /**
     * Adds a rule.
     *
     * @param rule the rule; not {@code null}
     * @return this builder
     */
    public Builder rule(EndpointRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Adds rules.
     *
     * @param newRules the rules; not {@code null}
     * @return this builder
     */
    public Builder rules(List<EndpointRule> newRules) {
      newRules.forEach(this::rule);
      return this;
    }

    /**
     * Sets the rule applied to requests that match no rule; its method and path are ignored.
     * Without one, such requests are refused with 401 (fail closed).
     *
     * @param rule the default rule, or {@code null} for none
     * @return this builder
     */
    public Builder defaultRule(EndpointRule rule) {
      this.defaultRule = rule;
      return this;
    }

    /**
     * Sets who the logged-in user is; default {@link UserResolver#none()}.
     *
     * @param newResolver the resolver; not {@code null}
     * @return this builder
     */
    public Builder userResolver(UserResolver newResolver) {
      this.userResolver = Objects.requireNonNull(newResolver, "userResolver");
      return this;
    }

    /**
     * Sets how back-office requests are recognised; default {@link BackofficeDetector#never()}.
     *
     * @param detector the detector; not {@code null}
     * @return this builder
     */
    public Builder backofficeDetector(BackofficeDetector detector) {
      this.backofficeDetector = Objects.requireNonNull(detector, "backofficeDetector");
      return this;
    }

    /**
     * Sets the listener told of every decision; default none.
     *
     * @param newListener the listener, or {@code null} for none
     * @return this builder
     */
    public Builder listener(AccessListener newListener) {
      this.listener = newListener;
      return this;
    }

    /**
     * Sets whether CORS preflights pass through untouched; default {@code true}.
     *
     * @param passThrough the flag
     * @return this builder
     */
    public Builder preflightPassThrough(boolean passThrough) {
      this.preflightPassThrough = passThrough;
      return this;
    }

    /**
     * Sets when the rules' expressions are compiled to validated bytecode: while {@link #build()}
     * runs ({@link CompileMode#EAGER}, the default), on a background thread after it
     * ({@link CompileMode#LAZY}), or never ({@link CompileMode#OFF}). Never on a request thread.
     *
     * @param mode the mode; not {@code null}
     * @return this builder
     */
    public Builder compileMode(CompileMode mode) {
      this.compileMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Overrides the status answered for a deny code, e.g. 403 for {@code invalid-api-key} as
     * Mia-Platform's Envoy gateway answers.
     *
     * @param code the code; not {@code null}
     * @param status 400 to 599
     * @return this builder
     * @throws IllegalArgumentException if the status is out of range
     */
    public Builder status(DenyCode code, int status) {
      Objects.requireNonNull(code, "code");
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status for " + code.code() + " must be between 400 and 599 (was " + status + ")");
      }
      statuses.put(code, status);
      return this;
    }

    /**
     * Builds the guard, validating everything once.
     *
     * @return the guard
     * @throws InvalidConfigurationException naming every problem: configuration, duplicate
     *     rules, keys given twice
     */
    public AccessGuard build() {
      List<String> problems = new ArrayList<>();
      List<EndpointRule> allRules = new ArrayList<>(rules);
      List<ApiKey> keys = List.of();
      if (config != null) {
        List<String> configProblems = config.problems();
        problems.addAll(configProblems);
        if (configProblems.isEmpty()) {
          // Validated just above: build directly rather than through rules()/keys(), which would
          // validate (parse every expression, hash every secret) twice more.
          config.endpoints().forEach(definition -> allRules.add(definition.toRule()));
          keys = config.apiKeys().stream().map(ApiKeyDefinition::toApiKey).toList();
        }
        if (!config.apiKeys().isEmpty() && (store != null || resolver != null)) {
          problems.add("apiKeys are given in the configuration and a key store is set too; put the keys in the store");
        }
      }
      if (problems.isEmpty()) {
        problems.addAll(RouteTable.duplicateProblems(allRules));
      }
      if (!problems.isEmpty()) {
        throw new InvalidConfigurationException(problems);
      }
      KeyResolver keyResolver = resolver != null ? resolver
          : KeyResolver.of(store != null ? store : InMemoryApiKeyStore.of(keys));
      // Compile here, never on a request thread.
      List<GroupExpression> expressions = new ArrayList<>();
      Stream.concat(allRules.stream(), Stream.ofNullable(defaultRule)).forEach(rule -> {
        expressions.add(rule.userGroupPermission());
        rule.backofficeUserGroupPermission().ifPresent(expressions::add);
      });
      GroupExpression.compileAll(expressions, compileMode);
      return new AccessGuard(this, keyResolver, RouteTable.of(allRules));
    }
  }
}
