package dev.keywarden.servlet;

import dev.keywarden.access.Caller;
import dev.keywarden.access.Redaction;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The request an allowed call (or a passed-through preflight) continues with: the decision's
 * {@link Redaction} applied as it is, and {@code client-type} set from the resolved key. Which
 * header values carry credentials is the core's answer ({@link Redaction#hidesValue}), asked of
 * every value, so a Bearer key behind a Basic {@code Authorization} value is hidden too.
 *
 * <p>The no-argument {@link #startAsync()} hands the container this wrapper, not the request
 * beneath it: the servlet specification gives an {@code AsyncContext} started that way the
 * original request, so {@code ac.getRequest()} and an {@code ac.dispatch(path)} would otherwise
 * run application code with the raw request (its key, a client-sent {@code client-type}).
 */
final class KeywardenRequest extends HttpServletRequestWrapper {
  static final String CLIENT_TYPE = Redaction.CLIENT_TYPE;
  private static final String COOKIE = "cookie";

  private final Redaction redaction;
  /** The caller whose client type the application sees, or {@code null} (a preflight). */
  private final Caller caller;
  /** The response the filter was given, which an AsyncContext started without arguments holds. */
  private final ServletResponse response;
  /** Lower-case names of headers hidden whole besides the redaction's (a denial writer's view). */
  private final Set<String> alsoHidden;

  /**
   * @param redaction what the application must not see, from the decision
   * @param caller the allowed caller, whose client type replaces the header, or {@code null} to
   *     remove the header
   * @param response the response passed down the chain with this request
   */
  KeywardenRequest(HttpServletRequest request, Redaction redaction, Caller caller, ServletResponse response) {
    this(request, redaction, caller, response, Set.of());
  }

  /**
   * @param alsoHidden lower-case names of further headers hidden whole
   */
  KeywardenRequest(HttpServletRequest request, Redaction redaction, Caller caller, ServletResponse response,
      Set<String> alsoHidden) {
    super(request);
    this.redaction = redaction;
    this.caller = caller;
    this.response = response;
    this.alsoHidden = alsoHidden;
  }

  /** Starts asynchronous processing with this protected request, never the one beneath it. */
  @Override
  public AsyncContext startAsync() {
    return getRequest().startAsync(this, response);
  }

  /**
   * The client type the application sees, or {@code null}: read from the caller only when the
   * application asks (most never do), not for every request.
   */
  private String clientType() {
    return caller == null ? null : caller.clientType().orElse(null);
  }

  /** The values of a header the application may see, or {@code null} to use the original. */
  private List<String> visible(String name, String lower) {
    if (lower.equals(CLIENT_TYPE)) {
      String clientType = clientType();
      return clientType == null ? List.of() : List.of(clientType);
    }
    if (lower.equals("cookie") && !redaction.cookies().isEmpty()) {
      return cookieHeaders();
    }
    if (redaction.headers().contains(lower) || alsoHidden.contains(lower)) {
      return List.of();
    }
    if (!redaction.valueHeaders().contains(lower)) {
      return null;
    }
    Enumeration<String> values = super.getHeaders(name);
    List<String> seen = new ArrayList<>();
    boolean dropped = false;
    while (values != null && values.hasMoreElements()) {
      String value = values.nextElement();
      seen.add(value);
      if (redaction.hidesValue(name, value)) {
        dropped = true;
      }
    }
    if (!dropped) {
      return null;
    }
    List<String> kept = new ArrayList<>(seen.size());
    for (String value : seen) {
      if (!redaction.hidesValue(name, value)) {
        kept.add(value);
      }
    }
    return kept;
  }

  @Override
  public String getHeader(String name) {
    List<String> values = visible(name, name.toLowerCase(Locale.ROOT));
    if (values == null) {
      return super.getHeader(name);
    }
    return values.isEmpty() ? null : values.get(0);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    List<String> values = visible(name, name.toLowerCase(Locale.ROOT));
    return values == null ? super.getHeaders(name) : Collections.enumeration(values);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    Set<String> names = new LinkedHashSet<>();
    Enumeration<String> original = super.getHeaderNames();
    while (original != null && original.hasMoreElements()) {
      String name = original.nextElement();
      String lower = name.toLowerCase(Locale.ROOT);
      List<String> values = lower.equals(CLIENT_TYPE) ? List.of() : visible(name, lower);
      if (values != null && values.isEmpty()) {
        continue;
      }
      names.add(name);
    }
    if (clientType() != null) {
      names.add(CLIENT_TYPE);
    }
    return Collections.enumeration(names);
  }

  @Override
  public int getIntHeader(String name) {
    String value = getHeader(name);
    return value == null ? -1 : Integer.parseInt(value);
  }

  @Override
  public long getDateHeader(String name) {
    List<String> values = visible(name, name.toLowerCase(Locale.ROOT));
    if (values == null) {
      return super.getDateHeader(name);
    }
    // A changed header is never a date Keywarden needs to keep: hidden, or client-type.
    return -1;
  }

  @Override
  public Cookie[] getCookies() {
    Cookie[] cookies = super.getCookies();
    Set<String> hiddenCookies = redaction.cookies();
    if (cookies == null || hiddenCookies.isEmpty()) {
      return cookies;
    }
    List<Cookie> kept = new ArrayList<>(cookies.length);
    for (Cookie cookie : cookies) {
      if (!hiddenCookies.contains(cookie.getName())) {
        kept.add(cookie);
      }
    }
    return kept.isEmpty() ? null : kept.toArray(new Cookie[0]);
  }

  /**
   * Hides a container's cache of the parsed {@code Cookie} header (Jetty 12 keeps one in the
   * attribute {@code org.eclipse.jetty.server.Request.Cookies}), which would show the key cookie
   * to an application or a denial writer that reads or dumps the request's attributes.
   */
  @Override
  public Object getAttribute(String name) {
    return name != null && hidesAttribute(name) ? null : super.getAttribute(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    Enumeration<String> names = super.getAttributeNames();
    if (redaction.cookies().isEmpty() || names == null) {
      return names;
    }
    List<String> kept = new ArrayList<>();
    for (String name : Collections.list(names)) {
      if (!hidesAttribute(name)) {
        kept.add(name);
      }
    }
    return Collections.enumeration(kept);
  }

  /**
   * A container-internal attribute about cookies ({@code org.eclipse.jetty.*}, {@code org.apache.*}).
   * Frameworks read attributes many times a request: this allocates nothing.
   */
  private boolean hidesAttribute(String name) {
    if (!(name.startsWith("org.eclipse.jetty.") || name.startsWith("org.apache.")) || redaction.cookies().isEmpty()) {
      return false;
    }
    for (int i = 0; i + COOKIE.length() <= name.length(); i++) {
      if (name.regionMatches(true, i, COOKIE, 0, COOKIE.length())) {
        return true;
      }
    }
    return false;
  }

  /** The Cookie header values with the hidden cookie pairs removed. */
  private List<String> cookieHeaders() {
    return CookieHeader.without(super.getHeaders("cookie"), redaction.cookies());
  }
}
