package dev.keywarden.servlet;

import dev.keywarden.access.Redaction;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The refused request a {@link DenialWriter} is shown: without the headers and cookies the
 * refusal's {@link Redaction} names (the guard's key sources, the spoofable headers), and without
 * any {@code Authorization} or {@code Proxy-Authorization} value: a writer has no use for
 * credentials.
 *
 * <p>It cannot reach application code: {@link #getRequestDispatcher}, {@link #startAsync()} and
 * the dispatchers of its {@link #getServletContext()} throw {@link IllegalStateException}, and
 * {@link #getRequest()} does not hand out the request beneath, through which they could.
 */
final class DenialRequest extends HttpServletRequestWrapper {
  private static final String NO_DISPATCH = "a DenialWriter must not dispatch: a refused request never reaches "
      + "the application";

  /** Lower-case names of the headers hidden whole. */
  private final Set<String> headers;
  private final Set<String> cookies;

  /**
   * @param request the refused request
   * @param redaction the refusal's redaction
   */
  DenialRequest(HttpServletRequest request, Redaction redaction) {
    super(request);
    Set<String> hidden = new HashSet<>(redaction.headers());
    hidden.add("authorization");
    hidden.add("proxy-authorization");
    this.headers = hidden;
    this.cookies = redaction.cookies();
  }

  /** The visible values of a header, or {@code null} when it is shown as it is. */
  private List<String> visible(String lower) {
    if (headers.contains(lower)) {
      return List.of();
    }
    if (lower.equals("cookie") && !cookies.isEmpty()) {
      return CookieHeader.without(super.getHeaders("cookie"), cookies);
    }
    return null;
  }

  @Override
  public String getHeader(String name) {
    List<String> values = visible(name.toLowerCase(Locale.ROOT));
    if (values == null) {
      return super.getHeader(name);
    }
    return values.isEmpty() ? null : values.get(0);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    List<String> values = visible(name.toLowerCase(Locale.ROOT));
    return values == null ? super.getHeaders(name) : Collections.enumeration(values);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    Set<String> names = new LinkedHashSet<>();
    Enumeration<String> original = super.getHeaderNames();
    while (original != null && original.hasMoreElements()) {
      String name = original.nextElement();
      List<String> values = visible(name.toLowerCase(Locale.ROOT));
      if (values == null || !values.isEmpty()) {
        names.add(name);
      }
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
    return visible(name.toLowerCase(Locale.ROOT)) == null ? super.getDateHeader(name) : -1;
  }

  @Override
  public Cookie[] getCookies() {
    Cookie[] all = super.getCookies();
    if (all == null || cookies.isEmpty()) {
      return all;
    }
    List<Cookie> kept = new ArrayList<>(all.length);
    for (Cookie cookie : all) {
      if (!cookies.contains(cookie.getName())) {
        kept.add(cookie);
      }
    }
    return kept.isEmpty() ? null : kept.toArray(new Cookie[0]);
  }

  @Override
  public RequestDispatcher getRequestDispatcher(String path) {
    throw new IllegalStateException(NO_DISPATCH);
  }

  @Override
  public AsyncContext startAsync() {
    throw new IllegalStateException(NO_DISPATCH);
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    throw new IllegalStateException(NO_DISPATCH);
  }

  @Override
  public ServletContext getServletContext() {
    ServletContext context = super.getServletContext();
    return context == null ? null : noDispatch(context);
  }

  /** Refused: the request beneath could be dispatched to the application. */
  @Override
  public ServletRequest getRequest() {
    throw new UnsupportedOperationException("the request shown to a DenialWriter cannot be unwrapped");
  }

  /** Refused: the request shown to a writer stays the one the filter made. */
  @Override
  public void setRequest(ServletRequest request) {
    throw new UnsupportedOperationException("the request shown to a DenialWriter cannot be replaced");
  }

  /** The context with its dispatchers and its way to other contexts refused; everything else as it is. */
  private static ServletContext noDispatch(ServletContext context) {
    return (ServletContext) Proxy.newProxyInstance(ServletContext.class.getClassLoader(),
        new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
          String name = method.getName();
          if (name.equals("getRequestDispatcher") || name.equals("getNamedDispatcher")
              || name.equals("getContext")) {
            throw new IllegalStateException(NO_DISPATCH);
          }
          return invoke(context, method, args);
        });
  }

  private static Object invoke(ServletContext context, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(context, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
