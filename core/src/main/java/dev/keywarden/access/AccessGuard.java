package dev.keywarden.access;

import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyDefinition;
import dev.keywarden.InvalidConfigurationException;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access decision: the one entry point that turns a request into an {@link AccessDecision}.
 *
 * <p>Evaluated in this order (SPEC §6):
 * <ol>
 *   <li>the {@link RequestFirewall} (strict by default) refuses an ambiguous or malformed path,
 *       and a path the route table would not match as is ({@code ;}, empty, {@code .} or
 *       {@code ..} segments) is refused even where the firewall allows its category: 400
 *       {@code rejected-request};
 *   <li>a CORS preflight (OPTIONS with {@code Origin} and {@code Access-Control-Request-Method})
 *       passes through untouched, unless preflight pass-through is off;
 *   <li>conflicting or repeated different keys: 400 {@code conflicting-api-keys};
 *   <li>a presented key that is invalid, on every route, public ones included: 401
 *       {@code invalid-api-key};
 *   <li>a key store that cannot answer: 503 {@code key-store-unavailable};
 *   <li>no rule matches and no default rule is set: 401 {@code unauthorized} (fail closed; {@link DenyCode#NO_MATCHING_RULE} for listeners);
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

  private final RequestFirewall firewall;
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
    this.firewall = builder.firewall;
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
    RequestFirewall.Category refused = firewall.refusal(request);
    if (refused != null || !RouteTable.isCanonical(request.path())) {
      if (LOG.isDebugEnabled()) {
        LOG.debug("request refused by the firewall: {}", refused != null ? refused : "path not matchable as is");
      }
      return deny(DenyCode.REJECTED_REQUEST);
    }
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
          trace.invalidKeyId = invalid.keyId();
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
        return deny(DenyCode.NO_MATCHING_RULE);
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
    // The firewall let only a canonical path through: it is logged as matched, escaped.
    if (loggedMisses.add(path)) {
      LOG.warn("no endpoint rule matches {} {} and no default rule is set: refused with 401{}",
          InvalidConfigurationException.quote(method), InvalidConfigurationException.quote(path),
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
        trace.key == null ? null : trace.key.clientType(), trace.key == null ? trace.invalidKeyId : trace.key.id(),
        trace.invalidKeyReason, trace.user == null ? null : trace.user.id(),
        trace.request.method(), trace.request.path(), elapsed);
    try {
      listener.onDecision(event);
    } catch (RuntimeException e) {
      LOG.warn("access listener failed: {}", e.toString());
    }
  }

  /**
   * Returns the request firewall applied first.
   *
   * @return the firewall
   */
  public RequestFirewall firewall() {
    return firewall;
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
    String invalidKeyId;
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

  /**
   * Builds an {@link AccessGuard}. Not thread-safe.
   *
   * <p>One rule for every Keywarden builder: a mistake in code fails at once, with a short
   * message (each setting may be made once; {@code keyStore} and {@code keyResolver} exclude
   * each other: {@link IllegalStateException}; a bad argument: {@link IllegalArgumentException});
   * problems in configuration data are collected, and {@link #build()} reports them all in one
   * {@link InvalidConfigurationException}.
   */
  public static final class Builder {
    private RequestFirewall firewall = RequestFirewall.strict();
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
    private final Map<DenyCode, Integer> statuses = new EnumMap<>(DenyCode.class);
    private final Set<String> set = new HashSet<>();

    private Builder() {}

    /** Fails at once when a setting is made twice: the second value would silently win. */
    private void once(String setting) {
      if (!set.add(setting)) {
        throw new IllegalStateException(setting + " was already set");
      }
    }

    /**
     * Takes keys and rules from a configuration: its keys go into an in-memory store (unless a
     * store is set, in which case the configuration must hold no keys), its rules into the
     * route table, after any rules added in code.
     *
     * @param newConfig the configuration; not {@code null}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder config(KeywardenConfig newConfig) {
      Objects.requireNonNull(newConfig, "config");
      once("configuration");
      this.config = newConfig;
      return this;
    }

    /**
     * Sets the key store; keys are resolved with {@link KeyResolver#of(ApiKeyStore)}. Either this
     * or {@link #keyResolver}, not both.
     *
     * @param newStore the store; not {@code null}
     * @return this builder
     * @throws IllegalStateException if already set, or a key resolver is set
     */
    public Builder keyStore(ApiKeyStore newStore) {
      Objects.requireNonNull(newStore, "store");
      once("key store");
      if (resolver != null) {
        throw new IllegalStateException("key store and key resolver are mutually exclusive: the resolver has its own store");
      }
      this.store = newStore;
      return this;
    }

    /**
     * Sets the key resolver (for a clock or checksum settings of one's own) instead of a
     * {@link #keyStore}: the resolver has its own store.
     *
     * @param newResolver the resolver; not {@code null}
     * @return this builder
     * @throws IllegalStateException if already set, or a key store is set
     */
    public Builder keyResolver(KeyResolver newResolver) {
      Objects.requireNonNull(newResolver, "resolver");
      once("key resolver");
      if (store != null) {
        throw new IllegalStateException("key store and key resolver are mutually exclusive: the resolver has its own store");
      }
      this.resolver = newResolver;
      return this;
    }

    /**
     * Sets the request firewall, the first step of every decision; default
     * {@link RequestFirewall#strict()}. Allowing a category is a way around the rules when the
     * application's dispatcher reads such paths differently: see {@link RequestFirewall.Builder#allow}.
     *
     * @param newFirewall the firewall; not {@code null}
     * @return this builder
     */
    public Builder firewall(RequestFirewall newFirewall) {
      this.firewall = Objects.requireNonNull(newFirewall, "firewall");
      return this;
    }

    /**
     * Sets where keys are looked for; default {@link KeyExtractor#defaults()}.
     *
     * @param newExtractor the extractor; not {@code null}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder keyExtractor(KeyExtractor newExtractor) {
      Objects.requireNonNull(newExtractor, "extractor");
      once("key extractor");
      this.extractor = newExtractor;
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
      Objects.requireNonNull(newRules, "rules");
      newRules.forEach(this::rule);
      return this;
    }

    /**
     * Sets the rule applied to requests that match no rule; its method and path are ignored.
     * Without one, such requests are refused with 401 (fail closed).
     *
     * @param rule the default rule, or {@code null} for none
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder defaultRule(EndpointRule rule) {
      once("default rule");
      this.defaultRule = rule;
      return this;
    }

    /**
     * Sets who the logged-in user is; default {@link UserResolver#none()}.
     *
     * @param newResolver the resolver; not {@code null}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder userResolver(UserResolver newResolver) {
      Objects.requireNonNull(newResolver, "userResolver");
      once("user resolver");
      this.userResolver = newResolver;
      return this;
    }

    /**
     * Sets how back-office requests are recognised; default {@link BackofficeDetector#never()}.
     *
     * @param detector the detector; not {@code null}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder backofficeDetector(BackofficeDetector detector) {
      Objects.requireNonNull(detector, "backofficeDetector");
      once("back-office detector");
      this.backofficeDetector = detector;
      return this;
    }

    /**
     * Sets the listener told of every decision; default none.
     *
     * @param newListener the listener, or {@code null} for none
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder listener(AccessListener newListener) {
      once("listener");
      this.listener = newListener;
      return this;
    }

    /**
     * Sets whether CORS preflights pass through untouched; default {@code true}.
     *
     * @param passThrough the flag
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder preflightPassThrough(boolean passThrough) {
      once("preflight pass-through");
      this.preflightPassThrough = passThrough;
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
     * @throws IllegalStateException if a status for this code was already set
     */
    public Builder status(DenyCode code, int status) {
      Objects.requireNonNull(code, "code");
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status for " + code.code() + " must be between 400 and 599 (was " + status + ")");
      }
      if (statuses.putIfAbsent(code, status) != null) {
        throw new IllegalStateException("status for " + code.code() + " was already set");
      }
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
        // Rules added in code come first in allRules, then the configuration's endpoints.
        int inCode = rules.size();
        problems.addAll(RouteTable.duplicateProblems(allRules,
            i -> i < inCode ? "rule added in code #" + (i + 1) : "endpoints[" + (i - inCode) + "]"));
      }
      if (!problems.isEmpty()) {
        throw new InvalidConfigurationException(problems);
      }
      KeyResolver keyResolver = resolver != null ? resolver
          : KeyResolver.of(store != null ? store : InMemoryApiKeyStore.of(keys));
      return new AccessGuard(this, keyResolver, RouteTable.of(allRules));
    }
  }
}
