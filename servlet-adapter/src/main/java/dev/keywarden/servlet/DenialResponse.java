package dev.keywarden.servlet;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.Locale;

/**
 * The response a {@link DenialWriter} writes to: the status and the headers the filter owns
 * ({@code Cache-Control}, {@code WWW-Authenticate}, {@code Retry-After}) cannot be changed
 * through it, nor can the refusal be turned into an error page or a redirect; nor can the writer
 * go around it: {@link #getResponse()} does not hand out the response beneath.
 */
final class DenialResponse extends HttpServletResponseWrapper {
  DenialResponse(HttpServletResponse response) {
    super(response);
  }

  /** Refused: through the response beneath, a writer could change the status and the filter's headers. */
  @Override
  public ServletResponse getResponse() {
    throw new UnsupportedOperationException("the response given to a DenialWriter cannot be unwrapped");
  }

  /** Refused: the response given to a writer stays the one the filter made. */
  @Override
  public void setResponse(ServletResponse response) {
    throw new UnsupportedOperationException("the response given to a DenialWriter cannot be replaced");
  }

  private static boolean owned(String name) {
    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return lower.equals("cache-control") || lower.equals("www-authenticate") || lower.equals("retry-after");
  }

  @Override
  public void setStatus(int sc) {
    // the filter's
  }

  @Override
  public void sendError(int sc, String msg) {
    // the filter's: no container error page
  }

  @Override
  public void sendError(int sc) {
    // the filter's: no container error page
  }

  @Override
  public void sendRedirect(String location) {
    // a refusal is never a redirect
  }

  // Servlet 6.1 adds these; declared without @Override so they also cover a 6.1 container.

  /**
   * Ignored: a refusal is never a redirect.
   *
   * @param location ignored
   * @param sc ignored
   * @param clearBuffer ignored
   */
  public void sendRedirect(String location, int sc, boolean clearBuffer) {
    // a refusal is never a redirect
  }

  /**
   * Ignored: a refusal is never a redirect.
   *
   * @param location ignored
   * @param clearBuffer ignored
   */
  public void sendRedirect(String location, boolean clearBuffer) {
    // a refusal is never a redirect
  }

  /**
   * Ignored: a refusal is never a redirect.
   *
   * @param location ignored
   * @param sc ignored
   */
  public void sendRedirect(String location, int sc) {
    // a refusal is never a redirect
  }

  @Override
  public void reset() {
    // Keeps the status and headers the filter set; only the body goes.
    resetBuffer();
  }

  @Override
  public void setHeader(String name, String value) {
    if (!owned(name)) {
      super.setHeader(name, value);
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (!owned(name)) {
      super.addHeader(name, value);
    }
  }

  @Override
  public void setIntHeader(String name, int value) {
    if (!owned(name)) {
      super.setIntHeader(name, value);
    }
  }

  @Override
  public void addIntHeader(String name, int value) {
    if (!owned(name)) {
      super.addIntHeader(name, value);
    }
  }

  @Override
  public void setDateHeader(String name, long date) {
    if (!owned(name)) {
      super.setDateHeader(name, date);
    }
  }

  @Override
  public void addDateHeader(String name, long date) {
    if (!owned(name)) {
      super.addDateHeader(name, date);
    }
  }
}
