package dev.keywarden.access;

import dev.keywarden.ApiKey;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.KeyDigest;
import dev.keywarden.expression.CompileMode;
import dev.keywarden.expression.GroupExpression;
import dev.keywarden.expression.Subject;
import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.extract.KeySource;
import dev.keywarden.extract.RequestView;
import dev.keywarden.internal.ProblemText;
import dev.keywarden.store.ApiKeyStore;
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
 * <p>A request's way: the adapter (the servlet filter) translates the request into a
 * {@link RequestView} and calls {@link #decide}; the guard runs the firewall, extracts the key,
 * resolves it, matches the rule and evaluates its expression, and returns the decision, which
 * says everything the adapter applies: the {@link Caller} and the {@link Redaction} of an allowed
 * request, the status and code of a denial. The adapter asks the guard nothing else.
 *
 * <p>Evaluated in this order (SPEC §6):
 * <ol>
 *   <li>the {@link RequestFirewall} (strict by default) refuses an ambiguous or malformed path
 *       or a non-standard method (such as {@code get} or {@code PROPFIND}), and a path the rules
 *       would not match as is ({@code ;}, empty, {@code .} or {@code ..} segments) is refused even
 *       where the firewall allows its category: 400 {@code rejected-request};
 *   <li>a CORS preflight (OPTIONS with {@code Origin} and {@code Access-Control-Request-Method})
 *       passes through untouched, unless preflight pass-through is off;
 *   <li>conflicting or repeated different keys: 400 {@code conflicting-api-keys};
 *   <li>a presented key that is invalid, on every route, public ones included: 401
 *       {@code invalid-api-key};
 *   <li>a key store that cannot answer: 503 {@code key-store-unavailable};
 *   <li>no rule matches and no default rule is set: 401 {@code unauthorized} (fail closed;
 *       {@link DenyCode#NO_MATCHING_RULE} for listeners);
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
  // Design: the table above is written once, in outcome(); its facts come from Inputs (the
  // request's, or an explain probe's) and end in one immutable Outcome, which the decision, the
  // listener's event and an explanation are all read from. An allowed request's Outcome is the
  // Caller it hands out, so it costs no object of its own.
  private static final Logger LOG = LoggerFactory.getLogger(AccessGuard.class);
  private static final int MAX_LOGGED_MISSES = 1_000;
  private static final KeySource PROBE_SOURCE = new KeySource.Header("explain-probe");
  private static final KeyDigest PROBE_DIGEST = KeyDigest.of("explain-probe");
  /** The facts of a request stopped before any were found. */
  private static final Caller NO_FACTS = new Caller(null, null, null, null, false);
  /** A passed-through preflight. */
  private static final Outcome.Stopped PREFLIGHT = new Outcome.Stopped(null, null, NO_FACTS);
  /** The outcome of a denial before any fact, one per code. */
  private static final Map<DenyCode, Outcome.Stopped> STOPPED = new EnumMap<>(DenyCode.class);

  static {
    for (DenyCode code : DenyCode.values()) {
      STOPPED.put(code, new Outcome.Stopped(code, null, NO_FACTS));
    }
  }

  private final RequestFirewall firewall;
  private final Inputs requestInputs;
  private final RouteTable routes;
  private final EndpointRule defaultRule;
  private final Reporter reporter;
  private final boolean preflightPassThrough;
  private final Redaction redaction;
  private final AccessDecision.PassThrough passThrough;
  private final Map<DenyCode, AccessDecision.Deny> denials = new EnumMap<>(DenyCode.class);
  private final Set<String> loggedMisses = ConcurrentHashMap.newKeySet();

  private AccessGuard(Builder builder, KeyResolver resolver, RouteTable routes) {
    this.firewall = builder.firewall;
    this.requestInputs = new RequestInputs(builder.extractor, resolver, builder.userResolver,
        builder.backofficeDetector);
    this.routes = routes;
    this.defaultRule = builder.defaultRule;
    this.reporter = builder.listener == null ? Reporter.SILENT : new Listening(builder.listener);
    this.preflightPassThrough = builder.preflightPassThrough;
    this.redaction = Redaction.of(builder.extractor.sources(),
        builder.backofficeDetector instanceof TrustedBackofficeHeader);
    this.passThrough = new AccessDecision.PassThrough(redaction.withoutCredentials());
    for (DenyCode code : DenyCode.values()) {
      denials.put(code, new AccessDecision.Deny(code, builder.statuses.getOrDefault(code, code.defaultStatus()),
          redaction));
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
    long start = reporter.start();
    Outcome outcome = outcome(request, requestInputs);
    AccessDecision decision = decision(outcome);
    reporter.report(request, outcome, decision, start);
    return decision;
  }

  /** The decision table of the class javadoc, in order: screen, key, then rule and caller. */
  private Outcome outcome(RequestView request, Inputs inputs) {
    Outcome screened = screen(request);
    if (screened != null) {
      return screened;
    }
    Extraction extraction = inputs.extract(request);
    if (extraction instanceof Extraction.Conflict) {
      return stopped(DenyCode.CONFLICTING_API_KEYS);
    }
    ApiKey key = null;
    if (extraction instanceof Extraction.Presented presented) {
      KeyResolution resolution = inputs.resolve(presented.secret());
      if (resolution instanceof KeyResolution.Invalid invalid) {
        return new Outcome.Stopped(DenyCode.INVALID_API_KEY, invalid, NO_FACTS);
      }
      if (!(resolution instanceof KeyResolution.Valid valid)) {
        return stopped(DenyCode.KEY_STORE_UNAVAILABLE);
      }
      key = valid.key();
    }
    return authorize(request, inputs, key);
  }

  /** The firewall, then the preflight pass-through; {@code null} when the request goes on to its key. */
  private Outcome screen(RequestView request) {
    RequestFirewall.Category refused = firewall.refusal(request);
    if (refused != null || !CanonicalPath.isCanonical(request.path())) {
      if (LOG.isDebugEnabled()) {
        LOG.debug("request refused by the firewall: {}", refused != null ? refused : "path not matchable as is");
      }
      return stopped(DenyCode.REJECTED_REQUEST);
    }
    if (preflightPassThrough && "OPTIONS".equals(request.method())
        && !request.headers("Origin").isEmpty()
        && !request.headers("Access-Control-Request-Method").isEmpty()) {
      return PREFLIGHT;
    }
    return null;
  }

  /** The rule, the caller it needs, and its expression, for a request whose key (if any) is valid. */
  private Outcome authorize(RequestView request, Inputs inputs, ApiKey key) {
    String clientType = key == null ? null : key.clientType();
    String keyId = key == null ? null : key.id();
    EndpointRule rule = match(request);
    if (rule == null) {
      return stopped(DenyCode.NO_MATCHING_RULE, new Caller(clientType, keyId, null, null, false));
    }
    if (rule.apiKeyRequired() && key == null) {
      return stopped(DenyCode.MISSING_API_KEY, new Caller(null, null, null, rule, false));
    }
    User user = inputs.user(request);
    if (!rule.isPublic() && user == null) {
      return stopped(DenyCode.AUTHENTICATION_REQUIRED, new Caller(clientType, keyId, null, rule, false));
    }
    Caller caller = new Caller(clientType, keyId, user, rule, inputs.backoffice(request));
    if (expression(caller).test(new CallerSubject(caller))) {
      return caller;
    }
    return stopped(user == null && key == null ? DenyCode.UNAUTHORIZED : DenyCode.FORBIDDEN, caller);
  }

  /** The matching rule, else the default rule, else {@code null} (logged once per path). */
  private EndpointRule match(RequestView request) {
    EndpointRule rule = routes.find(request.method(), request.path());
    if (rule == null) {
      rule = defaultRule;
      if (rule == null) {
        logMiss(request.method(), request.path());
      }
    }
    return rule;
  }

  /** What the adapter applies: shared denials and preflight decision; a new Allow for its Caller. */
  private AccessDecision decision(Outcome outcome) {
    if (outcome instanceof Caller caller) {
      return new AccessDecision.Allow(caller, redaction);
    }
    DenyCode denial = ((Outcome.Stopped) outcome).denial();
    return denial == null ? passThrough : denials.get(denial);
  }

  private static Outcome.Stopped stopped(DenyCode code) {
    return STOPPED.get(code);
  }

  private static Outcome.Stopped stopped(DenyCode code, Caller facts) {
    return new Outcome.Stopped(code, null, facts);
  }

  /** The facts of an outcome: its Caller, allowed or not. */
  private static Caller facts(Outcome outcome) {
    return outcome instanceof Caller caller ? caller : ((Outcome.Stopped) outcome).facts();
  }

  private static GroupExpression expression(Caller facts) {
    return facts.rule().expressionFor(facts.backoffice());
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
    Outcome outcome = outcome(request, requestInputs);
    return explanation(decision(outcome), facts(outcome), facts(outcome).keyIdOrNull());
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
    Outcome outcome = outcome(request, new ProbeInputs(probe, requestInputs));
    // A probe's client type stands for a key that does not exist: it has no id to show.
    Caller facts = facts(outcome);
    return explanation(decision(outcome), facts, probe.clientType() != null ? null : facts.keyIdOrNull());
  }

  private static Explanation explanation(AccessDecision decision, Caller facts, String keyId) {
    DecisionRow row = row(decision);
    List<Explanation.Atom> atoms = new ArrayList<>();
    Boolean result = null;
    EndpointRule rule = facts.rule();
    CallerSubject subject = new CallerSubject(facts);
    if (rule != null) {
      GroupExpression expression = expression(facts);
      for (String group : expression.groups()) {
        atoms.add(new Explanation.Atom("groups[" + quote(group) + "]", subject.hasGroup(group) ? "true" : "undefined"));
      }
      for (String permission : expression.permissions()) {
        atoms.add(new Explanation.Atom("permissions[" + quote(permission) + "]",
            subject.hasPermission(permission) ? "true" : "undefined"));
      }
      String clientType = facts.clientTypeOrNull();
      atoms.add(new Explanation.Atom("clientType", clientType == null ? "undefined" : quote(clientType)));
      atoms.add(new Explanation.Atom("isBackoffice", String.valueOf(facts.backoffice())));
      if (row == DecisionRow.UNAUTHORIZED || row == DecisionRow.FORBIDDEN || row == DecisionRow.ALLOWED) {
        result = row == DecisionRow.ALLOWED;
      }
    }
    User user = facts.userOrNull();
    return new Explanation(decision, row, rule, facts.backoffice(), facts.clientTypeOrNull(), keyId,
        user == null ? null : user.id(), result, atoms);
  }

  private static DecisionRow row(AccessDecision decision) {
    if (decision instanceof AccessDecision.Allow) {
      return DecisionRow.ALLOWED;
    }
    if (!(decision instanceof AccessDecision.Deny deny)) {
      return DecisionRow.PREFLIGHT;
    }
    return switch (deny.code()) {
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
  }

  private static String quote(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
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

  /**
   * Returns the rules, in the order they were given (rules added in code, then the
   * configuration's endpoints), without the default rule: for an endpoint or console that lists
   * them. Which rule a request matches is the guard's to say ({@link #explain(RequestView)}).
   *
   * @return an unmodifiable list
   */
  public List<EndpointRule> rules() {
    return routes.rules();
  }

  @Override
  public String toString() {
    return "AccessGuard[" + routes + ", defaultRule=" + defaultRule + "]";
  }

  /** The expression's view of the caller; short-lived, so the JIT can keep it off the heap. */
  private record CallerSubject(Caller caller) implements Subject {
    @Override
    public String clientType() {
      return caller.clientTypeOrNull();
    }

    @Override
    public boolean hasGroup(String group) {
      User user = caller.userOrNull();
      return user != null && user.hasGroup(group);
    }

    @Override
    public boolean hasPermission(String permission) {
      User user = caller.userOrNull();
      return user != null && user.hasPermission(permission);
    }

    @Override
    public boolean isBackoffice() {
      return caller.backoffice();
    }
  }

  /** Where the decision's facts come from: the request, or an explain probe. */
  private interface Inputs {
    Extraction extract(RequestView request);

    KeyResolution resolve(String secret);

    User user(RequestView request);

    boolean backoffice(RequestView request);
  }

  /** The facts of a real request, through the host's extractor, store and resolvers. */
  private record RequestInputs(KeyExtractor extractor, KeyResolver resolver, UserResolver userResolver,
      BackofficeDetector backofficeDetector) implements Inputs {
    @Override
    public Extraction extract(RequestView request) {
      return KeyReader.read(extractor, request);
    }

    @Override
    public KeyResolution resolve(String secret) {
      return resolver.resolve(secret);
    }

    @Override
    public User user(RequestView request) {
      return userResolver.resolve(request).orElse(null);
    }

    @Override
    public boolean backoffice(RequestView request) {
      return backofficeDetector.isBackoffice(request);
    }
  }

  /** The facts an explain probe states; a probe key is still resolved through the guard's store. */
  private record ProbeInputs(ExplainProbe probe, Inputs guard) implements Inputs {
    @Override
    public Extraction extract(RequestView request) {
      if (probe.key() != null) {
        return new Extraction.Presented(probe.key(), PROBE_SOURCE);
      }
      return probe.clientType() != null ? new Extraction.Presented("", PROBE_SOURCE) : Extraction.Absent.INSTANCE;
    }

    @Override
    public KeyResolution resolve(String secret) {
      if (probe.clientType() == null) {
        return guard.resolve(secret);
      }
      // A probe that names a client type stands for a valid key of that type.
      return new KeyResolution.Valid(ApiKey.builder().digest(PROBE_DIGEST).id("explain-probe")
          .clientType(probe.clientType()).build());
    }

    @Override
    public User user(RequestView request) {
      return probe.user();
    }

    @Override
    public boolean backoffice(RequestView request) {
      return probe.backoffice();
    }
  }

  /** Tells the listener of each decision; without a listener, {@link #SILENT} does nothing at all. */
  private interface Reporter {
    Reporter SILENT = new Reporter() {
      @Override
      public long start() {
        return 0;
      }

      @Override
      public void report(RequestView request, Outcome outcome, AccessDecision decision, long start) {
        // no listener
      }
    };

    long start();

    void report(RequestView request, Outcome outcome, AccessDecision decision, long start);
  }

  /** The reporter of a guard with a listener: one {@link AccessEvent} per decision. */
  private record Listening(AccessListener listener) implements Reporter {
    @Override
    public long start() {
      return System.nanoTime();
    }

    @Override
    public void report(RequestView request, Outcome outcome, AccessDecision decision, long start) {
      long elapsed = System.nanoTime() - start;
      DenyCode code = null;
      int status = 0;
      AccessEvent.Outcome kind;
      if (decision instanceof AccessDecision.Deny deny) {
        kind = AccessEvent.Outcome.DENIED;
        code = deny.code();
        status = deny.status();
      } else {
        kind = decision instanceof AccessDecision.Allow ? AccessEvent.Outcome.ALLOWED
            : AccessEvent.Outcome.PASSED_THROUGH;
      }
      Caller facts = facts(outcome);
      KeyResolution.Invalid invalid = outcome instanceof Outcome.Stopped stopped ? stopped.invalid() : null;
      // The id of the key presented: of a valid one, or of a refused one the store knows.
      String keyId = facts.keyIdOrNull() != null ? facts.keyIdOrNull() : invalid == null ? null : invalid.keyId();
      User user = facts.userOrNull();
      AccessEvent event = new AccessEvent(kind, code, status, facts.rule(), facts.clientTypeOrNull(), keyId,
          invalid == null ? null : invalid.reason(), user == null ? null : user.id(),
          request.method(), request.path(), elapsed);
      try {
        listener.onDecision(event);
      } catch (Throwable e) { // whatever it throws, the decision stands
        if (e instanceof VirtualMachineError fatal) {
          throw fatal;
        }
        LOG.warn("access listener failed: {}", e.getClass().getName()); // its message might quote request data
      }
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
