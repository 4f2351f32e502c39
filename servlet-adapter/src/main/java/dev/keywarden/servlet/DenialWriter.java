package dev.keywarden.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * Writes the body of a refusal the {@link KeywardenFilter} sends for a denial of the guard. The
 * filter's own {@code internal-error} (a host component failed, or a dispatch no decision covers)
 * is always written by the default: with no decision there is no {@code Redaction} saying which
 * credentials the request carries, so a host's writer is not shown it. The default,
 * {@link #problemJson()}, writes an RFC 9457 {@code application/problem+json} document; a host
 * sets its own on {@link KeywardenFilter.Builder#denialWriter}, as Spring Security's
 * {@code AuthenticationEntryPoint} lets it shape a 401.
 *
 * <p>What stays with the filter whatever the writer does: the status, {@code Cache-Control:
 * no-store}, {@code WWW-Authenticate} on a 401 and {@code Retry-After} on a 503 are set before
 * the writer runs and cannot be changed through the response it is given ({@code setStatus},
 * {@code sendError}, {@code sendRedirect} and {@code reset} do not touch them, and the response
 * cannot be unwrapped: {@code HttpServletResponseWrapper.getResponse()} throws
 * {@link UnsupportedOperationException}); the application is never called; a response already
 * committed is left alone and the writer is not called.
 *
 * <p>The request the writer is given is the refused request without its credentials (the headers
 * and cookies the denial's {@code Redaction} names: the guard's key sources and the spoofable
 * headers; every {@code Authorization} and
 * {@code Proxy-Authorization} value), and it cannot reach application code: its
 * {@code getRequestDispatcher}, {@code startAsync} and the {@code getRequestDispatcher},
 * {@code getNamedDispatcher} and {@code getContext} of its {@code getServletContext()} throw
 * {@link IllegalStateException}, and it cannot be unwrapped either.
 *
 * <p>If the writer throws anything (an {@link Error} or a checked exception thrown sneakily too),
 * the filter logs the throwable's class (never its message, which might quote the request) and,
 * while the response is not committed, resets it (dropping the writer's headers and body) and
 * sends the default body with the status and the filter's headers: the request stays refused. A
 * {@link VirtualMachineError} is rethrown after that best effort. A response the writer committed
 * before failing is left as it is.
 *
 * <p>Implementations must be thread-safe, and must not echo request data (a path, a header, a
 * key) into the body.
 */
@FunctionalInterface
public interface DenialWriter {

  /**
   * Writes the body of a refusal: the content type and the bytes, for any method but
   * {@code HEAD}.
   *
   * @param request the refused request, without its credentials; it cannot be dispatched
   * @param response the response, its status and protected headers already set
   * @param denial what is refused and why
   * @throws IOException if writing fails; the filter then answers with the default body when it
   *     still can, as for anything else the writer throws
   */
  void write(HttpServletRequest request, HttpServletResponse response, Denial denial) throws IOException;

  /**
   * The default writer: an RFC 9457 {@code application/problem+json} body with {@code type}
   * ({@link KeywardenFilter#PROBLEM_TYPE_PREFIX} + code), {@code title}, {@code status},
   * {@code detail} and {@code code}, UTF-8, with its {@code Content-Length}; no body for
   * {@code HEAD}. One shared instance.
   */
  static DenialWriter problemJson() {
    return ProblemJsonWriter.INSTANCE;
  }

  /**
   * One refusal, as the writer is told of it. Holds nothing from the request.
   *
   * @param status the HTTP status, 400 to 599
   * @param code the problem code: a {@link dev.keywarden.access.DenyCode#code()}, or
   *     {@code internal-error}
   * @param title the problem's short, fixed title
   * @param detail the problem's fixed explanation
   */
  record Denial(int status, String code, String title, String detail) {
    /**
     * @throws NullPointerException if a text is null
     * @throws IllegalArgumentException if the status is not 400 to 599
     */
    public Denial {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(detail, "detail");
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status must be between 400 and 599 (was " + status + ")");
      }
    }
  }
}
