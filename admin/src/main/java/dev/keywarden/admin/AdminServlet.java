package dev.keywarden.admin;

import dev.keywarden.ApiKeyGenerator;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.Problem;
import dev.keywarden.access.AccessDecision;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.access.UserResolver;
import dev.keywarden.expression.GroupExpression;
import dev.keywarden.store.ApiKeyManagement;
import dev.keywarden.store.ApiKeyStore;
import dev.keywarden.store.ApiKeyStoreException;
import dev.keywarden.store.DuplicateApiKeyException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Keywarden admin: a servlet serving a JSON REST API ({@code api/...}, described by
 * {@code api/openapi.json}) and a web console over a key store that implements
 * {@link ApiKeyManagement}, and over the rules of an {@link AccessGuard}. Mount it under a prefix,
 * conventionally {@code /keywarden/*}.
 *
 * <p>Security, all on by default and not switchable off:
 * <ul>
 *   <li>every request, console files included, is judged by Keywarden itself: a rule on
 *       {@code ALL /**} that needs a logged-in user (from the {@link UserResolver} given) for
 *       whom the {@linkplain Builder#adminRule(String) administrator expression} is true. With no
 *       expression set, everybody is refused (fail closed);
 *   <li>state-changing calls (POST, PATCH, DELETE) need the header
 *       {@value #CSRF_HEADER}{@code : 1} (a non-simple header, which no cross-site form can send
 *       and no cross-origin script can send without a CORS preflight this servlet never grants),
 *       and their {@code Origin}, when sent, must be the servlet's own origin (or one of
 *       {@link Builder#allowedOrigin(String)}); {@code Sec-Fetch-Site}, when sent, must be
 *       {@code same-origin} ({@code none} too is refused); either header sent twice is refused;
 *   <li>responses carry a strict Content-Security-Policy (no inline script or style, nothing
 *       from another origin), {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy:
 *       no-referrer} and {@code X-Frame-Options: DENY}; API answers are {@code no-store};
 *   <li>secrets are shown once, in the answer to a create or rotate, and never logged; every
 *       action reaches the {@link AuditListener} with the actor and key id only;
 *   <li>a key's {@code ETag} is an HMAC under a key it never reveals (see
 *       {@link Builder#etagKey(byte[])}), so a logged tag cannot confirm a guessed secret.
 * </ul>
 *
 * <p>The servlet holds no mutable state but a lock that serialises this node's writes, so an
 * {@code If-Match} check and the write it guards are atomic on this node. Instances are
 * thread-safe; build them with {@link #builder}.
 */
public final class AdminServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AdminServlet.class);

  /** The fewest bytes an {@linkplain Builder#etagKey(byte[]) ETag key} may have (256 bits). */
  public static final int MIN_ETAG_KEY_BYTES = 32;
  /** The header a state-changing call must carry with the value {@code 1}. */
  public static final String CSRF_HEADER = "X-Keywarden-CSRF";
  /** The Content-Security-Policy of every answer. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final transient AccessGuard adminGuard;
  private final transient boolean adminRuleSet;
  private final transient Set<String> allowedOrigins;
  private final transient KeysApi keys;
  private final transient RulesApi rules;
  private final transient Console console;
  private final transient int maxBodyBytes;

  private AdminServlet(Builder builder) {
    this.adminRuleSet = builder.adminRule != null;
    AccessGuard.Builder guard = AccessGuard.builder().keyStore(builder.store).userResolver(builder.userResolver);
    if (adminRuleSet) {
      guard.rule(EndpointRule.builder("ALL", "/**").userGroupPermission(builder.adminRule).build());
    }
    this.adminGuard = guard.build();
    this.allowedOrigins = Set.copyOf(builder.allowedOrigins);
    byte[] etagKey = builder.etagKey;
    if (etagKey == null) {
      etagKey = new byte[MIN_ETAG_KEY_BYTES];
      new SecureRandom().nextBytes(etagKey);
    }
    this.keys = new KeysApi(builder.management, builder.generator, builder.clock, builder.audit,
        builder.maxBodyBytes, builder.maxGraceSeconds, etagKey);
    this.rules = new RulesApi(builder.guard, builder.maxBodyBytes);
    this.console = new Console();
    this.maxBodyBytes = builder.maxBodyBytes;
  }

  /**
   * {@return a new builder for an admin over a store and the guard whose rules it shows and explains}
   *
   * @param store the key store, with management; not {@code null}
   * @param guard the application's guard; not {@code null}
   * @param <S> a store with management
   */
  public static <S extends ApiKeyStore & ApiKeyManagement> Builder builder(S store, AccessGuard guard) {
    return new Builder(store, store, guard);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Frame-Options", "DENY");
    try {
      handle(request, response);
    } catch (Refusal refusal) {
      refuse(request, response, refusal);
    } catch (DuplicateApiKeyException e) {
      refuse(request, response, new Refusal(409, "duplicate-key", "Duplicate key", e.getMessage()));
    } catch (ApiKeyStoreException e) {
      LOG.warn("key store failed during an admin call: {}", e.toString());
      refuse(request, response, new Refusal(503, "key-store-unavailable", "Key store unavailable",
          "The key store could not answer; retry later."));
    } catch (UnsupportedOperationException e) {
      refuse(request, response, new Refusal(501, "not-supported", "Not supported", e.getMessage()));
    } catch (InvalidConfigurationException e) {
      refuse(request, response, Refusal.invalidKey(e.problems().stream().map(Problem::toString).toList()));
    }
  }

  /**
   * Judges the request, checks a state-changing call for cross-site forgery, and hands it to the
   * API or the console; a refusal or a store's failure is thrown.
   */
  private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    String actor = authorize(request, path.isEmpty() ? "/" : path);
    if (path.isEmpty()) {
      // Mounted at /keywarden/*, the console lives at /keywarden/: relative links need the slash.
      // (Status and header by hand: sendRedirect differs between Servlet 6.0 and 6.1 containers.)
      response.setStatus(302);
      response.setHeader("Location", request.getContextPath() + request.getServletPath() + "/");
      return;
    }
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      checkCsrf(request);
    }
    if (!path.startsWith("/api/")) {
      console.handle(method, path, response);
      return;
    }
    response.setHeader("Cache-Control", "no-store");
    if (path.equals("/api/endpoints") || path.equals("/api/explain")) {
      rules.handle(method, path, request, response);
    } else if (path.equals("/api/openapi.json")) {
      onlyGet(method);
      console.serve("openapi.json", response);
    } else {
      keys.handle(method, path, actor, request, response);
    }
  }

  /**
   * Writes the problem. A body the refusal left unread is drained (up to the body limit) so the
   * connection stays usable; a larger one closes the connection rather than leave the client
   * writing into a socket the container is about to drop.
   */
  private void refuse(HttpServletRequest request, HttpServletResponse response, Refusal refusal) throws IOException {
    try {
      if (request.getInputStream().readNBytes(maxBodyBytes + 1).length > maxBodyBytes) {
        response.setHeader("Connection", "close");
      }
    } catch (IOException | IllegalStateException e) {
      response.setHeader("Connection", "close");
    }
    Json.problem(response, refusal);
  }

  static void onlyGet(String method) {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw methodNotAllowed(method, "GET");
    }
  }

  static Refusal methodNotAllowed(String method, String allowed) {
    return new Refusal(405, "method-not-allowed", "Method not allowed",
        "method " + method + " is not allowed here; allowed: " + allowed);
  }

  /** Judges the request with the admin rule; returns the administrator's id. */
  private String authorize(HttpServletRequest request, String path) {
    if (!adminRuleSet) {
      throw new Refusal(403, "admin-rule-not-set", "Administration disabled",
          "no administrator rule is set (AdminServlet.Builder.adminRule): everybody is refused");
    }
    AccessDecision decision = adminGuard.decide(new AdminRequestView(request, path));
    if (decision instanceof AccessDecision.Allow allow) {
      return allow.caller().user().map(u -> u.id()).orElse("unknown");
    }
    if (decision instanceof AccessDecision.Deny deny) {
      throw new Refusal(deny.status(), deny.code().code(), deny.code().title(),
          deny.status() == 403 ? "You are not an administrator of this application's keys."
              : "Log in as an administrator of this application's keys.");
    }
    throw new Refusal(403, "cross-origin", "Cross-origin request refused",
        "cross-origin requests to the Keywarden admin are not allowed");
  }

  private void checkCsrf(HttpServletRequest request) {
    if (!"1".equals(request.getHeader(CSRF_HEADER))) {
      throw new Refusal(403, "csrf", "Cross-site request refused",
          "state-changing calls need the header " + CSRF_HEADER + ": 1");
    }
    String site = single(request, "Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin")) {
      throw new Refusal(403, "csrf", "Cross-site request refused", "Sec-Fetch-Site is " + site
          + "; only same-origin calls may change keys");
    }
    String origin = single(request, "Origin");
    if (origin != null && !origin.equals(ownOrigin(request)) && !allowedOrigins.contains(origin)) {
      throw new Refusal(403, "csrf", "Cross-site request refused",
          "Origin " + origin + " is not this server's origin (" + ownOrigin(request) + ")");
    }
  }

  /**
   * The one value of a header, or {@code null} if absent. Two values are refused, not resolved
   * by picking one: the container's {@code getHeader} returns only the first, so a same-origin
   * value sent first would hide a cross-site one sent after it.
   */
  private static String single(HttpServletRequest request, String name) {
    Enumeration<String> values = request.getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String value = values.nextElement();
    if (values.hasMoreElements()) {
      throw new Refusal(403, "csrf", "Cross-site request refused",
          "more than one " + name + " header; a state-changing call must send at most one");
    }
    return value;
  }

  private static String ownOrigin(HttpServletRequest request) {
    String host = request.getHeader("Host");
    return request.getScheme().toLowerCase(Locale.ROOT) + "://" + (host == null ? "" : host.toLowerCase(Locale.ROOT));
  }

  /** Never prints anything secret: there is nothing secret to print. */
  @Override
  public String toString() {
    return "AdminServlet[adminRule=" + (adminRuleSet ? "set" : "not set (everybody refused)") + "]";
  }

  /**
   * Builds an {@link AdminServlet}; {@link #build()} fails fast on a bad setting. Not thread-safe.
   */
  public static final class Builder {
    private final ApiKeyStore store;
    private final ApiKeyManagement management;
    private final AccessGuard guard;
    private GroupExpression adminRule;
    private UserResolver userResolver = UserResolver.none();
    private ApiKeyGenerator generator = ApiKeyGenerator.defaultGenerator();
    private Clock clock = Clock.systemUTC();
    private AuditListener audit = AuditListener.none();
    private final List<String> allowedOrigins = new ArrayList<>();
    private int maxBodyBytes = 16 * 1024;
    private long maxGraceSeconds = 90L * 24 * 3600;
    private byte[] etagKey;

    private Builder(ApiKeyStore store, ApiKeyManagement management, AccessGuard guard) {
      this.store = Objects.requireNonNull(store, "store");
      this.management = management;
      this.guard = Objects.requireNonNull(guard, "guard");
    }

    /**
     * Sets who may administer keys: a user group permission expression, evaluated for a
     * logged-in user, e.g. {@code groups["keywarden-admin"]}. Not set: everybody is refused.
     *
     * @param expression the expression; not {@code null}
     * @return this builder
     * @throws dev.keywarden.expression.ExpressionSyntaxException if it does not parse
     */
    public Builder adminRule(String expression) {
      this.adminRule = GroupExpression.parse(Objects.requireNonNull(expression, "expression"));
      return this;
    }

    /**
     * Sets where the logged-in user comes from (for example an attribute set by the host's login
     * filter, or the container principal); by default nobody is ever logged in.
     *
     * @param resolver the resolver; not {@code null}
     * @return this builder
     */
    public Builder userResolver(UserResolver resolver) {
      this.userResolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Sets the generator of random secrets; by default {@code kw_...} keys.
     *
     * @param newGenerator the generator; not {@code null}
     * @return this builder
     */
    public Builder generator(ApiKeyGenerator newGenerator) {
      this.generator = Objects.requireNonNull(newGenerator, "generator");
      return this;
    }

    /**
     * Sets the clock that times rotations' grace periods and audit events. The key resolver's
     * clock decides when an old secret is refused; give both the same clock.
     *
     * @param newClock the clock; not {@code null}
     * @return this builder
     */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /**
     * Sets the listener of management actions.
     *
     * @param listener the listener; not {@code null}
     * @return this builder
     */
    public Builder auditListener(AuditListener listener) {
      this.audit = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Allows state-changing calls from another origin besides the servlet's own, as the
     * browser sends it in {@code Origin} (a console behind a proxy that rewrites the host).
     *
     * @param origin e.g. {@code https://admin.example.com}; not {@code null}
     * @return this builder
     * @throws IllegalArgumentException if it is not a scheme, host and optional port
     */
    public Builder allowedOrigin(String origin) {
      Objects.requireNonNull(origin, "origin");
      URI uri;
      try {
        uri = URI.create(origin);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("origin must be scheme://host[:port] (was " + origin + ")", e);
      }
      if (uri.getScheme() == null || uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
        throw new IllegalArgumentException("origin must be scheme://host[:port] (was " + origin + ")");
      }
      allowedOrigins.add(origin.toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * Sets the largest request body accepted; larger ones get 413. Default 16 KiB.
     *
     * @param bytes 256 to 1,048,576
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 256 || bytes > 1 << 20) {
        throw new IllegalArgumentException("max body bytes must be 256 to 1048576 (was " + bytes + ")");
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * Sets the longest grace period a rotation may give the old secret. Default 90 days.
     *
     * @param seconds at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxGraceSeconds(long seconds) {
      if (seconds < 0) {
        throw new IllegalArgumentException("max grace seconds must not be negative (was " + seconds + ")");
      }
      this.maxGraceSeconds = seconds;
      return this;
    }

    /**
     * Sets the key of the HMAC-SHA256 that makes the keys' entity tags ({@code ETag}), so that
     * several nodes behind a load balancer give a key the same tag. The tags are computed over
     * each key's values, its secret's digest included, under this key: without it nobody can test
     * a guessed secret against a tag, so keep it as secret as a password (it never appears in a
     * tag, a log or an answer).
     *
     * <p>Not set: a random 256-bit key per servlet instance ({@link SecureRandom}). Tags are
     * then valid on the node that issued them only (and until it restarts): a write sent with
     * {@code If-Match} to another node is refused with 412 as if the key had changed. That is
     * safe (nothing is lost: reload the key and retry), but set a shared key when the admin runs
     * on several nodes.
     *
     * @param key at least {@value AdminServlet#MIN_ETAG_KEY_BYTES} bytes, e.g. from
     *     {@code SecureRandom}; copied; not {@code null}
     * @return this builder
     * @throws IllegalArgumentException if the key is shorter
     */
    public Builder etagKey(byte[] key) {
      Objects.requireNonNull(key, "key");
      if (key.length < MIN_ETAG_KEY_BYTES) {
        throw new IllegalArgumentException("etag key must be at least " + MIN_ETAG_KEY_BYTES + " bytes (was "
            + key.length + ")");
      }
      this.etagKey = Arrays.copyOf(key, key.length);
      return this;
    }

    /** {@return a new servlet} */
    public AdminServlet build() {
      return new AdminServlet(this);
    }

    @Override
    public String toString() {
      return "AdminServlet.Builder[allowedOrigins=" + new LinkedHashSet<>(allowedOrigins) + ", etagKey="
          + (etagKey == null ? "random" : "<redacted>") + "]";
    }
  }
}
