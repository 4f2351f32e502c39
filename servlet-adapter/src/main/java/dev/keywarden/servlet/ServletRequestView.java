package dev.keywarden.servlet;

import dev.keywarden.extract.RequestView;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The core's view of a servlet request: the raw request URI, the context path, the decoded
 * in-application path the container routed by, headers, cookies.
 */
final class ServletRequestView implements RequestView {
  private final HttpServletRequest request;
  private final String path;

  ServletRequestView(HttpServletRequest request) {
    this.request = request;
    this.path = pathOf(request);
  }

  /**
   * The container-decoded path inside the application: servlet path plus path info, which is
   * exactly what the container used to pick the servlet.
   */
  static String pathOf(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    // One of the two is usually empty (a "/*" mapping has no servlet path, an exact or
    // extension mapping no path info): take the other as it is rather than copy it.
    String path;
    if (servletPath == null || servletPath.isEmpty()) {
      path = pathInfo == null ? "" : pathInfo;
    } else if (pathInfo == null || pathInfo.isEmpty()) {
      path = servletPath;
    } else {
      path = servletPath + pathInfo;
    }
    return path.isEmpty() ? "/" : path;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String path() {
    return path;
  }

  /** The request URI as sent: percent-encoded, with the context path, without the query. */
  @Override
  public String rawPath() {
    return request.getRequestURI();
  }

  /**
   * The context's own, decoded path: {@code getContextPath()} of a request is the raw prefix
   * (Tomcat returns it undecoded), while the firewall compares decoded paths.
   */
  @Override
  public String contextPath() {
    ServletContext servletContext = request.getServletContext();
    String context = servletContext == null ? null : servletContext.getContextPath();
    return context == null ? "" : context;
  }

  @Override
  public List<String> headers(String name) {
    Enumeration<String> values = request.getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      return List.of();
    }
    // Nearly always one value: a one-element list, not Collections.list's ArrayList of ten.
    String first = values.nextElement();
    if (!values.hasMoreElements()) {
      return Collections.singletonList(first);
    }
    List<String> all = new ArrayList<>(4);
    all.add(first);
    while (values.hasMoreElements()) {
      all.add(values.nextElement());
    }
    return all;
  }

  /**
   * Reads cookies from the raw {@code Cookie} headers rather than {@code getCookies()}: names
   * are matched exactly whatever the container's cookie parsing and caching do (Jetty, for one,
   * reuses the cookies of an earlier request on the same connection when the header differs
   * only in case), and every repeat is seen. A value in double quotes is unquoted.
   */
  @Override
  public List<String> cookies(String name) {
    Enumeration<String> headers = request.getHeaders("Cookie");
    if (headers == null) {
      return List.of();
    }
    List<String> values = null;
    while (headers.hasMoreElements()) {
      for (String pair : headers.nextElement().split(";")) {
        String value = CookieHeader.value(pair);
        if (value == null || !CookieHeader.name(pair).equals(name)) {
          continue;
        }
        if (values == null) {
          values = new ArrayList<>(1);
        }
        values.add(value);
      }
    }
    return values == null ? List.of() : values;
  }

  @Override
  public Object attribute(String name) {
    return request.getAttribute(name);
  }

  @Override
  public String principalName() {
    Principal principal = request.getUserPrincipal();
    return principal == null ? null : principal.getName();
  }

  @Override
  public boolean isUserInRole(String role) {
    return request.isUserInRole(role);
  }

  @Override
  public int localPort() {
    return request.getLocalPort();
  }

  @Override
  public String toString() {
    return "ServletRequestView[" + request.getMethod() + " " + path + "]";
  }
}
