package dev.keywarden.servlet;

import dev.keywarden.access.AccessDecision;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.Caller;
import dev.keywarden.access.DenyCode;
import dev.keywarden.access.Redaction;
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
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code jakarta.servlet} Filter that protects a web application with an {@link AccessGuard}.
 * It translates the request for the core, and the core's decision into a response; it decides
 * nothing itself.
 *
 * <p>A request's way: the filter wraps the request in a {@code RequestView} and calls
 * {@link AccessGuard#decide}; the guard runs its firewall, extracts the key, resolves it, matches
 * the rule and evaluates its expression, and returns an {@link AccessDecision} that carries all
 * the filter applies (the {@link Caller}, the {@link Redaction}, the status and code of a denial).
 * The filter applies it as it is and never calls back into the guard.
 *
 * <ul>
 *   <li><b>Allow</b>: the request continues with the {@link Caller} in the request attribute
 *       {@link Caller#ATTRIBUTE}, and the decision's {@link Redaction} applied: the
 *       {@code client-type} header set to the resolved client type (a client-sent
 *       {@code client-type} is always removed), a client-sent {@code isbackoffice} removed unless
 *       the back-office detector trusts it, and the key headers, key cookies and every Bearer
 *       {@code Authorization} value removed ({@code hideCredentials}, on by default).
 *   <li><b>Deny</b>: the status, {@code Cache-Control: no-store},
 *       {@code WWW-Authenticate: ApiKey realm="..."} on every 401 and {@code Retry-After} on 503,
 *       set by the filter, and a body by the {@link DenialWriter}: by default an RFC 9457
 *       {@code application/problem+json} response with {@code type}, {@code title},
 *       {@code status}, {@code detail} and {@code code}. The application is not called.
 *   <li><b>CORS preflight</b> (when the guard passes them through): the request continues with
 *       its credentials, but without a client-sent {@code client-type} (nor an untrusted
 *       {@code isbackoffice}). It reaches the application <b>unauthenticated</b>: nothing was
 *       checked, so the application must answer a preflight without doing any work for it (or
 *       turn the pass-through off on the guard).
 *   <li><b>Rejected request</b>: the guard's request firewall refuses an ambiguous or malformed
 *       path with 400 {@code rejected-request}, before anything else; the path is never echoed.
 *       The firewall reads the raw {@code getRequestURI()} and compares its decoding with the
 *       context path + servlet path + path info the container routed by.
 *   <li>If a host component (user resolver, back-office detector) throws, the answer is 500
 *       {@code internal-error}: the filter fails closed, and logs the exception's class only
 *       (its message might quote a header).
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
 * <p>Register it for every path of the application, on the {@code REQUEST}, {@code ERROR} and
 * {@code ASYNC} dispatchers ({@code ERROR} so that an error page sees the protected request, and
 * never sees a request the container refused before the filter; {@code ASYNC} so that an
 * {@code AsyncContext.dispatch} of an allowed request is wrapped again, whatever request the
 * application started it with), with asynchronous support on (an embedded Jetty
 * {@code FilterHolder} and Spring's {@code FilterRegistrationBean} have it by default; a Tomcat
 * {@code FilterDef} needs {@code setAsyncSupported("true")}):
 *
 * <pre>{@code
 * // Jetty 12 (ee10)
 * context.addFilter(new FilterHolder(filter), "/*",
 *     EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC));
 * }</pre>
 *
 * <p>The request the application sees holds on to its protections when it goes asynchronous: an
 * {@code AsyncContext} started with the no-argument {@code startAsync()} holds the protected
 * request, not the raw one the servlet specification would give it.
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
  /** Marks a request this filter's guard decided on, so a second pass never decides again. */
  private static final String DECIDED = KeywardenFilter.class.getName() + ".decided";
  private static final DenialWriter.Denial INTERNAL_ERROR = new DenialWriter.Denial(500, "internal-error",
      "Internal error", "The request could not be checked.");

  private final AccessGuard guard;
  private final String realm;
  private final int retryAfterSeconds;
  private final boolean hideCredentials;
  private final DenialWriter denialWriter;
  /** This filter's mark of a refused request, made once: a refusal is marked with it, not a new object. */
  private final Decided refusedMark;

  private KeywardenFilter(Builder builder) {
    this.guard = builder.guard;
    this.realm = builder.realm;
    this.retryAfterSeconds = builder.retryAfterSeconds;
    this.hideCredentials = builder.hideCredentials;
    this.denialWriter = builder.denialWriter;
    this.refusedMark = new Decided(guard, null);
  }

  /**
   * {@return a new builder for a filter applying the given guard}
   *
   * @param guard the access guard; not {@code null}
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
      if (decided.decision() != null) {
        proceed(request, response, chain, decided.decision());
      }
      return;
    }
    DispatcherType dispatch = request.getDispatcherType();
    if (dispatch == DispatcherType.REQUEST) {
      decideAndApply(request, response, chain);
    } else {
      refuseUndecided(request, response, dispatch);
    }
  }

  /** The first pass of a request: the guard decides, and the filter applies the decision. */
  private void decideAndApply(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    AccessDecision decision;
    try {
      decision = guard.decide(new ServletRequestView(request));
    } catch (Throwable e) { // a sneaky checked exception or an Error fails closed too, not to the container's page
      if (e instanceof VirtualMachineError fatal) {
        throw fatal;
      }
      // The class only: a host component's message might quote a header (a key).
      LOG.error("access decision failed in a host component ({}); refusing the request", e.getClass().getName());
      request.setAttribute(DECIDED, refusedMark);
      refuse(request, response, INTERNAL_ERROR, null);
      return;
    }
    if (decision instanceof AccessDecision.Deny deny) {
      request.setAttribute(DECIDED, refusedMark);
      DenyCode code = deny.code();
      refuse(request, response, new DenialWriter.Denial(deny.status(), code.code(), code.title(), code.detail()),
          deny.redaction());
      return;
    }
    request.setAttribute(DECIDED, new Decided(guard, decision));
    if (decision instanceof AccessDecision.Allow allow) {
      request.setAttribute(Caller.ATTRIBUTE, allow.caller());
    }
    proceed(request, response, chain, decision);
  }

  /** A request no pass decided, arriving on a dispatch other than {@code REQUEST}: it never reaches the chain. */
  private void refuseUndecided(HttpServletRequest request, HttpServletResponse response, DispatcherType dispatch)
      throws IOException {
    request.setAttribute(DECIDED, refusedMark);
    if (dispatch == DispatcherType.ERROR) {
      // The container refused the request before any filter ran. No application code (error
      // pages included) sees it; the container's status stands.
      writeContainerError(request, response);
      return;
    }
    // A FORWARD, INCLUDE or ASYNC dispatch: application code already ran without a decision, so
    // the filter is not registered on REQUEST. Fail closed.
    LOG.error("{} dispatch of a request no KeywardenFilter decided; refusing it: register the filter "
        + "for the REQUEST dispatcher", dispatch);
    refuse(request, response, INTERNAL_ERROR, null);
  }

  /**
   * Lets an allowed request, or a passed-through preflight, go on with what the decision says to
   * hide applied; the credential part only when {@code hideCredentials} is on.
   */
  private void proceed(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
      AccessDecision decision) throws IOException, ServletException {
    if (decision instanceof AccessDecision.Allow allow) {
      Redaction redaction = hideCredentials ? allow.redaction() : allow.redaction().withoutCredentials();
      chain.doFilter(new KeywardenRequest(request, redaction, allow.caller(), response), response);
    } else if (decision instanceof AccessDecision.PassThrough preflight) {
      // A CORS preflight passes through with its credentials, but never with a client-sent
      // client-type, nor an untrusted isbackoffice.
      chain.doFilter(new KeywardenRequest(request, preflight.redaction(), null, response), response);
    }
  }

  /**
   * Which guard decided a request in a first pass, and what: an allow or a passed preflight, to
   * apply again on a later pass; {@code null} for a refusal.
   */
  private record Decided(AccessGuard guard, AccessDecision decision) {}

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

  /**
   * Refuses a request: the status and the headers the filter owns, then the body by the denial
   * writer, through a response that keeps them; the default body if the writer fails.
   */
  private void refuse(HttpServletRequest request, HttpServletResponse response, DenialWriter.Denial denial,
      Redaction redaction) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    ownHeaders(response, denial.status());
    if (denialWriter == ProblemJsonWriter.INSTANCE || redaction == null) {
      // No decision (a host component failed, an undecided dispatch): nothing says which
      // credentials the request carries, so the host's writer is not shown it.
      ProblemJsonWriter.INSTANCE.write(request, response, denial);
    } else if (!hostWrite(request, response, denial, redaction)) {
      return;
    }
    response.flushBuffer();
  }

  /**
   * Lets the host's writer write the body, shown the request without its credentials and unable
   * to dispatch it; whatever it throws, the request stays refused.
   *
   * @return {@code false} if the response was committed when the writer failed, and is left as it is
   */
  private boolean hostWrite(HttpServletRequest request, HttpServletResponse response, DenialWriter.Denial denial,
      Redaction redaction) throws IOException {
    try {
      denialWriter.write(new DenialRequest(request, redaction, response), new DenialResponse(response), denial);
    } catch (Throwable failure) { // an Error or a sneaky checked exception too: never a 500 quoting it
      if (failure instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (failure instanceof VirtualMachineError error) {
        try {
          writeDefault(request, response, denial, failure);
          response.flushBuffer();
        } catch (Throwable ignored) {
          // Best effort: the JVM's own error is what goes on.
        }
        throw error;
      }
      return writeDefault(request, response, denial, failure);
    }
    if (!response.isCommitted()) {
      ownHeaders(response, denial.status()); // in case the writer went around the wrapper
    }
    return true;
  }

  /**
   * After a failed writer: the default body while the response is not committed, with
   * {@code reset()}, which also drops the writer's headers and its choice of a writer over the
   * output stream.
   */
  private boolean writeDefault(HttpServletRequest request, HttpServletResponse response, DenialWriter.Denial denial,
      Throwable failure) throws IOException {
    // The class only: a host writer's message might quote the request.
    if (response.isCommitted()) {
      LOG.error("denial writer failed ({}) answering {} {} after committing the response; it is left as it is",
          failure.getClass().getName(), denial.status(), denial.code());
      return false;
    }
    LOG.error("denial writer failed ({}) answering {} {}; sending the default body instead",
        failure.getClass().getName(), denial.status(), denial.code());
    response.reset();
    ownHeaders(response, denial.status());
    ProblemJsonWriter.INSTANCE.write(request, response, denial);
    return true;
  }

  /** What stays with the filter whatever the denial writer does. */
  private void ownHeaders(HttpServletResponse response, int status) {
    if (status == 401) {
      response.setHeader("WWW-Authenticate", "ApiKey realm=\"" + realm + "\"");
    }
    if (status == 503) {
      response.setHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
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
    private DenialWriter denialWriter = DenialWriter.problemJson();

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
     * Sets whether the credential part of the decision's {@link Redaction} (the key headers, key
     * cookies and Bearer values) is applied to allowed requests; the spoofable headers
     * ({@code client-type}, an untrusted {@code isbackoffice}) are hidden either way.
     *
     * @param hide {@code false} to leave credentials visible to the application; default {@code true}
     * @return this builder
     */
    public Builder hideCredentials(boolean hide) {
      this.hideCredentials = hide;
      return this;
    }

    /**
     * Sets what writes the body of a refusal; default {@link DenialWriter#problemJson()}. The
     * status and the headers the filter owns stay the filter's (see {@link DenialWriter}).
     *
     * @param writer the writer; not {@code null}
     * @return this builder
     */
    public Builder denialWriter(DenialWriter writer) {
      this.denialWriter = Objects.requireNonNull(writer, "denialWriter");
      return this;
    }

    /** {@return a new filter} */
    public KeywardenFilter build() {
      return new KeywardenFilter(this);
    }
  }
}
