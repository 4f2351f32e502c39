package dev.keywarden.servlet;

import dev.keywarden.extract.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;

/**
 * The core's view of a servlet request, as {@link KeywardenFilter} builds it, for host code that
 * asks an {@link dev.keywarden.access.AccessGuard} itself (a servlet that guards its own
 * requests, such as the key management console): the raw request URI, the decoded path the
 * container routed by, headers, and cookies read from the raw {@code Cookie} headers with exact
 * names.
 */
public final class ServletRequests {
  private ServletRequests() {}

  /**
   * {@return a view of a request} It reads the request on each call and keeps nothing; use it on
   * the request's thread only.
   *
   * @param request the request; not {@code null}
   */
  public static RequestView view(HttpServletRequest request) {
    return new ServletRequestView(Objects.requireNonNull(request, "request"));
  }
}
