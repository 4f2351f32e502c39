package dev.keywarden.servlet;

import dev.keywarden.access.AccessDecision;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.Caller;
import dev.keywarden.access.DenyCode;
import dev.keywarden.extract.KeySource;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code jakarta.servlet} Filter that protects a web application with an {@link AccessGuard}.
 * It translates the request for the core, and the core's decision into a response; it decides
 * nothing itself.
 *
 * <ul>
 *   <li><b>Allow</b>: the request continues with the {@link Caller} in the request attribute
 *       {@link Caller#ATTRIBUTE}, the {@code client-type} header set to the resolved client type
 *       (a client-sent {@code client-type} is always removed), a client-sent {@code isbackoffice}
 *       removed unless the back-office detector trusts it, and the key headers, key cookies and
 *       every Bearer {@code Authorization} value removed ({@code hideCredentials}, on by default);
 *       which header values carry keys is asked of the core ({@code KeySource.carriedBy}).
 *   <li><b>Deny</b>: an RFC 9457 {@code application/problem+json} response with {@code type},
 *       {@code title}, {@code status}, {@code detail} and {@code code};
 *       {@code WWW-Authenticate: ApiKey realm="..."} on every 401, {@code Retry-After} on 503.
 *       The application is not called.
 *   <li><b>CORS preflight</b> (when the guard passes them through): the request continues with
 *       its credentials, but without a client-sent {@code client-type} (nor an untrusted
 *       {@code isbackoffice}).
 *   <li><b>Rejected request</b>: the guard's request firewall refuses an ambiguous or malformed
 *       path with 400 {@code rejected-request}, before anything else; the path is never echoed.
 *       The firewall reads the raw {@code getRequestURI()} and compares its decoding with the
 *       context path + servlet path + path info the container routed by.
 *   <li>If a host component (user resolver, back-office detector) throws, the answer is 500
 *       {@code internal-error}: the filter fails closed.
 * </ul>
 *
 * <p>The decision is made once per request: the first pass marks the request, and a later pass
 * (the filter registered twice, or mapped to {@code FORWARD}, {@code INCLUDE}, {@code ASYNC} or
 * {@code ERROR} dispatches) never decides again:
 *
 * <ul>
 *   <li>a request the first pass <b>allowed</b> continues with the same protections: it is wrapped
 *       again (credentials hidden, {@code client-type} set to the resolved type, spoofable headers
 *       removed), because a container may hand the error page the original, unwrapped request
 *       (Tomcat does on an {@code ERROR} dispatch); a passed CORS preflight likewise keeps only its
 *       spoofable headers removed;
 *   <li>a request the first pass <b>denied</b> never reaches the chain;
 *   <li>a request that was <b>never decided</b> (no mark: the container refused it itself, for
 *       example Tomcat's 405 to {@code TRACE}, before any filter ran) arriving on an {@code ERROR}
 *       dispatch does not reach application code: the container's status is kept (a committed
 *       response is left as it is; otherwise the status the container set is sent with an empty
 *       body) and the chain is not called;
 *   <li>a request never decided arriving on a {@code FORWARD}, {@code INCLUDE} or {@code ASYNC}
 *       dispatch means application code already ran unprotected (the filter is missing on the
 *       {@code REQUEST} dispatcher): it is refused with 500 {@code internal-error}, fail closed.
 * </ul>
 *
 * <p>Register it for every path of the application, on the {@code REQUEST} and {@code ERROR}
 * dispatchers ({@code ERROR} so that an error page sees the protected request, and never sees a
 * request the container refused before the filter):
 *
 * <pre>{@code
 * // Jetty 12 (ee10)
 * context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR));
 * }</pre>
 *
 * <p>In Spring Boot, use the starter rather than registering the filter by hand. A hand-made
 * {@code FilterRegistrationBean} must use the same dispatchers and an order <b>after</b> Spring's
 * {@code HiddenHttpMethodFilter} (order -10000) and after Spring Security's filter chain (order
 * -100, or {@code spring.security.filter.order}), like the starter (-9999 without Spring
 * Security, the security order + 1 with it): ordered before {@code HiddenHttpMethodFilter},
 * the filter would decide on {@code POST} while the application runs the {@code _method}
 * override ({@code DELETE}, {@code PUT}...), bypassing the method of the rule; ordered before
 * Spring Security, no user would be logged in yet. Never use {@code Ordered.HIGHEST_PRECEDENCE}.
 *
 * <p>The filter is immutable and thread-safe and holds no static state: filters with different
 * configurations coexist in one JVM.
 */
public final class KeywardenFilter implements Filter {
  /** The media type of error responses. */
  public static final String PROBLEM_JSON = "application/problem+json";
  /** The prefix of the problem {@code type} URIs; the code follows. */
  public static final String PROBLEM_TYPE_PREFIX = "https://keywarden.dev/problems/";

  private static final Logger LOG = LoggerFactory.getLogger(KeywardenFilter.class);
  private static final Pattern REALM = Pattern.compile("[\\x20-\\x7e&&[^\"\\\\]]{1,100}");

  private final AccessGuard guard;
  private final String realm;
  private final int retryAfterSeconds;
  /** Marks a request this filter's guard decided on, so a second pass never decides again. */
  private static final String DECIDED = KeywardenFilter.class.getName() + ".decided";

  /** This filter's three marks, made once: a request is marked with one, not a new object. */
  private final Decided allowedMark;
  private final Decided preflightMark;
  private final Decided refusedMark;

  private final Set<String> spoofableHeaders;
  private final Set<String> hiddenCookies;
  private final List<KeySource> hiddenSources;

  private KeywardenFilter(Builder builder) {
    this.guard = builder.guard;
    this.realm = builder.realm;
    this.retryAfterSeconds = builder.retryAfterSeconds;
    this.allowedMark = new Decided(guard, ALLOWED);
    this.preflightMark = new Decided(guard, PREFLIGHT);
    this.refusedMark = new Decided(guard, REFUSED);
    Set<String> cookies = new HashSet<>();
    List<KeySource> sources = new ArrayList<>();
    if (builder.hideCredentials) {
      for (KeySource source : guard.keyExtractor().sources()) {
        if (source instanceof KeySource.Cookie cookie) {
          cookies.add(cookie.name());
        } else {
          sources.add(source); // the core says which header values it carries
        }
      }
    }
    this.spoofableHeaders = guard.backofficeDetector().trustsBackofficeHeader() ? Set.of() : Set.of("isbackoffice");
    this.hiddenCookies = Set.copyOf(cookies);
    this.hiddenSources = List.copyOf(sources);
  }

  /**
   * Returns a builder for a filter applying the given guard.
   *
   * @param guard the access guard; not {@code null}
   * @return a new builder
   */
  public static Builder builder(AccessGuard guard) {
    return new Builder(guard);
  }

  @Override
  public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
      throws IOException, ServletException {
    if (!(servletRequest instanceof HttpServletRequest request)
        || !(servletResponse instanceof HttpServletResponse response)) {
      throw new ServletException("KeywardenFilter handles HTTP requests only");
    }
    if (request.getAttribute(DECIDED) instanceof Decided decided && decided.guard == guard) {
      // A second pass (registered twice, or a FORWARD, INCLUDE, ASYNC or ERROR dispatch): never
      // decide again, and keep the first pass's protections, since the container may pass the
      // original, unwrapped request (Tomcat does to an error page).
      if (decided.outcome() == ALLOWED) {
        chain.doFilter(new KeywardenRequest(request, spoofableHeaders, hiddenCookies, hiddenSources,
            (Caller) request.getAttribute(Caller.ATTRIBUTE)), response);
      } else if (decided.outcome() == PREFLIGHT) {
        chain.doFilter(new KeywardenRequest(request, spoofableHeaders, Set.of(), List.of(), null), response);
      }
      return;
    }
    DispatcherType dispatch = request.getDispatcherType();
    if (dispatch == DispatcherType.ERROR) {
      // Never decided: the container refused the request before any filter ran. No application
      // code (error pages included) sees it; the container's status stands.
      request.setAttribute(DECIDED, refusedMark);
      writeContainerError(request, response);
      return;
    }
    if (dispatch != DispatcherType.REQUEST) {
      // A FORWARD, INCLUDE or ASYNC dispatch of an undecided request: application code already
      // ran without a decision, so the filter is not registered on REQUEST. Fail closed.
      LOG.error("{} dispatch of a request no KeywardenFilter decided; refusing it: register the filter "
          + "for the REQUEST dispatcher", dispatch);
      request.setAttribute(DECIDED, refusedMark);
      writeProblem(request, response, 500, "internal-error", "Internal error", "The request could not be checked.");
      return;
    }
    AccessDecision decision;
    try {
      decision = guard.decide(new ServletRequestView(request));
    } catch (RuntimeException e) {
      LOG.error("access decision failed in a host component; refusing the request: {}", e.toString());
      request.setAttribute(DECIDED, refusedMark);
      writeProblem(request, response, 500, "internal-error", "Internal error",
          "The request could not be checked.");
      return;
    }
    request.setAttribute(DECIDED, decision instanceof AccessDecision.Allow ? allowedMark
        : decision instanceof AccessDecision.Deny ? refusedMark : preflightMark);
    if (decision instanceof AccessDecision.Allow allow) {
      Caller caller = allow.caller();
      request.setAttribute(Caller.ATTRIBUTE, caller);
      chain.doFilter(new KeywardenRequest(request, spoofableHeaders, hiddenCookies, hiddenSources, caller),
          response);
    } else if (decision instanceof AccessDecision.Deny deny) {
      DenyCode code = deny.code();
      if (deny.status() == 401) {
        response.setHeader("WWW-Authenticate", "ApiKey realm=\"" + realm + "\"");
      }
      if (deny.status() == 503) {
        response.setHeader("Retry-After", Integer.toString(retryAfterSeconds));
      }
      writeProblem(request, response, deny.status(), code.code(), code.title(), code.detail());
    } else {
      // A CORS preflight passes through with its credentials, but never with a client-sent
      // client-type, nor an untrusted isbackoffice.
      chain.doFilter(new KeywardenRequest(request, spoofableHeaders, Set.of(), List.of(), null), response);
    }
  }

  /** Which guard decided a request in a first pass, and how (allowed, preflight or refused). */
  private record Decided(AccessGuard guard, int outcome) {}

  private static final int ALLOWED = 0;
  private static final int PREFLIGHT = 1;
  private static final int REFUSED = 2;

  /**
   * Answers an ERROR dispatch of a request the container refused before any filter ran: the
   * status the container set, with an empty body; a committed response is left as it is.
   */
  private static void writeContainerError(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
        ? code : response.getStatus();
    if (status < 400 || status > 599) {
      status = 500;
    }
    response.resetBuffer();
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(0);
    response.flushBuffer();
  }

  private static void writeProblem(HttpServletRequest request, HttpServletResponse response, int status,
      String code, String title, String detail) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType(PROBLEM_JSON);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    byte[] body = ("{\"type\":" + json(PROBLEM_TYPE_PREFIX + code) + ",\"title\":" + json(title)
        + ",\"status\":" + status + ",\"detail\":" + json(detail) + ",\"code\":" + json(code) + "}")
        .getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    if (!"HEAD".equals(request.getMethod())) {
      response.getOutputStream().write(body);
    }
    response.flushBuffer();
  }

  private static String json(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  @Override
  public String toString() {
    return "KeywardenFilter[" + guard + ", realm=" + realm + "]";
  }

  /** Builds a {@link KeywardenFilter}. Not thread-safe; the filter it builds is. */
  public static final class Builder {
    private final AccessGuard guard;
    private String realm = "keywarden";
    private int retryAfterSeconds = 5;
    private boolean hideCredentials = true;

    private Builder(AccessGuard guard) {
      this.guard = Objects.requireNonNull(guard, "guard");
    }

    /**
     * Sets the realm of the {@code WWW-Authenticate: ApiKey realm="..."} header sent with every
     * 401.
     *
     * @param newRealm 1 to 100 printable ASCII characters without {@code "} or {@code \}; default
     *     {@code keywarden}
     * @return this builder
     * @throws IllegalArgumentException if the realm is malformed
     */
    public Builder realm(String newRealm) {
      Objects.requireNonNull(newRealm, "realm");
      if (!REALM.matcher(newRealm).matches()) {
        throw new IllegalArgumentException("realm must be 1 to 100 printable ASCII characters without '\"' or '\\'");
      }
      this.realm = newRealm;
      return this;
    }

    /**
     * Sets the {@code Retry-After} seconds sent with 503 answers.
     *
     * @param seconds 0 to 86,400; default 5
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder retryAfterSeconds(int seconds) {
      if (seconds < 0 || seconds > 86_400) {
        throw new IllegalArgumentException("retry-after seconds must be between 0 and 86400 (was " + seconds + ")");
      }
      this.retryAfterSeconds = seconds;
      return this;
    }

    /**
     * Sets whether the key headers, key cookies and a Bearer key are removed from allowed
     * requests before the application sees them.
     *
     * @param hide the flag; default {@code true}
     * @return this builder
     */
    public Builder hideCredentials(boolean hide) {
      this.hideCredentials = hide;
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     */
    public KeywardenFilter build() {
      return new KeywardenFilter(this);
    }
  }
}
