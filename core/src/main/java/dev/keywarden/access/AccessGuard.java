package dev.keywarden.access;

import dev.keywarden.ApiKey;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.KeyDigest;
import dev.keywarden.expression.CompileMode;
import dev.keywarden.expression.GroupExpression;
import dev.keywarden.expression.Subject;
import dev.keywarden.extract.Extraction;
import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.extract.KeySource;
import dev.keywarden.extract.RequestView;
import dev.keywarden.internal.ProblemText;
import dev.keywarden.store.ApiKeyStore;
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
 *   <li>the {@link RequestFirewall} (strict by default) refuses an ambiguous or malformed path
 *       or a non-standard method (such as {@code get} or {@code PROPFIND}), and a path the route table would not match as is ({@code ;}, empty, {@code .} or
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
 * <p>{@link #explain(RequestView)} and {@link #explain(ExplainProbe)} run the same decision and
 * say why: the row above that decided, the matched rule and the value of each atom of its
 * expression.
 *
 * <p>{@link #decide} never throws for anything a client sends. It throws only when a host
 * component fails ({@link UserResolver} or {@link BackofficeDetector}); the servlet filter
 * answers that with 500, never with an allow. Instances are immutable and thread-safe.
 */
public final class AccessGuard {
  private static final Logger LOG = LoggerFactory.getLogger(AccessGuard.class);
  private static final int MAX_LOGGED_MISSES = 1_000;
  private static final KeySource PROBE_SOURCE = new KeySource.Header("explain-probe");
  private static final KeyDigest PROBE_DIGEST = KeyDigest.of("explain-probe");

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
    Extraction extraction = extract(request, trace);
    ApiKey key = null;
    if (extraction instanceof Extraction.Conflict) {
      return deny(DenyCode.CONFLICTING_API_KEYS);
    }
    if (extraction instanceof Extraction.Presented presented) {
      KeyResolution resolution = resolve(presented.secret(), trace);
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
    User user = user(request, trace);
    if (trace != null) {
      trace.user = user;
    }
    if (!rule.isPublic() && user == null) {
      return deny(DenyCode.AUTHENTICATION_REQUIRED);
    }
    boolean backoffice = backoffice(request, trace);
    String clientType = key == null ? null : key.clientType();
    GroupExpression expression = rule.expressionFor(backoffice);
    if (!expression.test(new CallerSubject(user, clientType, backoffice))) {
      return deny(user == null && key == null ? DenyCode.UNAUTHORIZED : DenyCode.FORBIDDEN);
    }
    return new AccessDecision.Allow(new Caller(clientType, key == null ? null : key.id(), user, rule, backoffice));
  }

  // The four inputs of the decision come from the request, or from an explain probe that
  // describes the caller directly; the decision table itself exists once, in decide above.

  private Extraction extract(RequestView request, Trace trace) {
    if (trace == null || trace.probe == null) {
      return extractor.extract(request);
    }
    ExplainProbe probe = trace.probe;
    if (probe.key() != null) {
      return new Extraction.Presented(probe.key(), PROBE_SOURCE);
    }
    return probe.clientType() != null ? new Extraction.Presented("", PROBE_SOURCE) : Extraction.Absent.INSTANCE;
  }

  private KeyResolution resolve(String secret, Trace trace) {
    if (trace == null || trace.probe == null || trace.probe.clientType() == null) {
      return resolver.resolve(secret);
    }
    // A probe that names a client type stands for a valid key of that type.
    return new KeyResolution.Valid(ApiKey.builder().digest(PROBE_DIGEST).id("explain-probe")
        .clientType(trace.probe.clientType()).build());
  }

  private User user(RequestView request, Trace trace) {
    return trace == null || trace.probe == null ? userResolver.resolve(request).orElse(null) : trace.probe.user();
  }

  private boolean backoffice(RequestView request, Trace trace) {
    boolean backoffice = trace == null || trace.probe == null
        ? backofficeDetector.isBackoffice(request) : trace.probe.backoffice();
    if (trace != null) {
      trace.backoffice = backoffice;
    }
    return backoffice;
  }

  /**
   * Decides on a request as {@link #decide} does, and says why: the row of the decision table
   * that decided, the rule that matched, and the value of each atom of its expression. The
   * {@link AccessListener} is not told (an explanation is not a request).
   *
   * @param request the request; not {@code null}
   * @return the explanation; never {@code null}
   */
  public Explanation explain(RequestView request) {
    Objects.requireNonNull(request, "request");
    Trace trace = new Trace(request);
    return explanation(decide(request, trace), trace);
  }

  /**
   * Decides on a hypothetical request whose caller is described directly (a key or client type,
   * a user, the back-office flag) instead of through the host's extractor and resolvers, and
   * says why, as {@link #explain(RequestView)} does. A key in the probe is resolved through the
   * guard's store like a presented key.
   *
   * @param probe the hypothetical request; not {@code null}
   * @return the explanation; never {@code null}
   * @throws dev.keywarden.InvalidConfigurationException if the probe's client type is not a
   *     valid client type
   */
  public Explanation explain(ExplainProbe probe) {
    Objects.requireNonNull(probe, "probe");
    RequestView request = RequestView.builder(probe.method(), probe.path()).build();
    Trace trace = new Trace(request, probe);
    return explanation(decide(request, trace), trace);
  }

  private Explanation explanation(AccessDecision decision, Trace trace) {
    DecisionRow row;
    if (decision instanceof AccessDecision.Allow) {
      row = DecisionRow.ALLOWED;
    } else if (decision instanceof AccessDecision.Deny deny) {
      row = switch (deny.code()) {
        case REJECTED_REQUEST -> DecisionRow.REJECTED_REQUEST;
        case CONFLICTING_API_KEYS -> DecisionRow.CONFLICTING_API_KEYS;
        case INVALID_API_KEY -> DecisionRow.INVALID_API_KEY;
        case KEY_STORE_UNAVAILABLE -> DecisionRow.KEY_STORE_UNAVAILABLE;
        case MISSING_API_KEY -> DecisionRow.MISSING_API_KEY;
        case AUTHENTICATION_REQUIRED -> DecisionRow.AUTHENTICATION_REQUIRED;
        case NO_MATCHING_RULE -> DecisionRow.NO_MATCHING_RULE;
        case UNAUTHORIZED -> DecisionRow.UNAUTHORIZED;
        case FORBIDDEN -> DecisionRow.FORBIDDEN;
      };
    } else {
      row = DecisionRow.PREFLIGHT;
    }
    List<Explanation.Atom> atoms = new ArrayList<>();
    Boolean result = null;
    String clientType = trace.key == null ? null : trace.key.clientType();
    if (trace.rule != null) {
      GroupExpression expression = trace.rule.expressionFor(trace.backoffice);
      CallerSubject subject = new CallerSubject(trace.user, clientType, trace.backoffice);
      for (String group : expression.groups()) {
        atoms.add(new Explanation.Atom("groups[" + quote(group) + "]", subject.hasGroup(group) ? "true" : "undefined"));
      }
      for (String permission : expression.permissions()) {
        atoms.add(new Explanation.Atom("permissions[" + quote(permission) + "]",
            subject.hasPermission(permission) ? "true" : "undefined"));
      }
      atoms.add(new Explanation.Atom("clientType", clientType == null ? "undefined" : quote(clientType)));
      atoms.add(new Explanation.Atom("isBackoffice", String.valueOf(trace.backoffice)));
      if (row == DecisionRow.UNAUTHORIZED || row == DecisionRow.FORBIDDEN || row == DecisionRow.ALLOWED) {
        result = row == DecisionRow.ALLOWED;
      }
    }
    boolean probeKey = trace.probe != null && trace.probe.clientType() != null;
    return new Explanation(decision, row, trace.rule, trace.backoffice, clientType,
        trace.key == null || probeKey ? null : trace.key.id(), trace.user == null ? null : trace.user.id(),
        result, atoms);
  }

  private static String quote(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
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
          ProblemText.quote(method), ProblemText.quote(path),
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
    final ExplainProbe probe;
    ApiKey key;
    InvalidKeyReason invalidKeyReason;
    String invalidKeyId;
    EndpointRule rule;
    User user;
    boolean backoffice;

    Trace(RequestView request) {
      this(request, null);
    }

    Trace(RequestView request, ExplainProbe probe) {
      this.request = request;
      this.probe = probe;
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
    private CompileMode compileMode = CompileMode.EAGER;
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
      GuardAssembly assembly = GuardAssembly.assemble(rules, config, store, resolver, defaultRule, compileMode);
      return new AccessGuard(this, assembly.resolver(), assembly.routes());
    }
  }
}
