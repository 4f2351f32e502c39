package dev.keywarden.spring;

import dev.keywarden.servlet.DenialWriter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Puts the request Keywarden hands on in Spring's {@link RequestContextHolder} while it is used.
 * Spring's {@code RequestContextFilter} (order -105) binds the request it saw; with Spring
 * Security Keywarden's filter runs after it, so without this the holder would give code after
 * Keywarden, and a host {@link DenialWriter} bean, the raw request with its API key (external
 * finding: a writer reading the holder saw the {@code client-key} header and could dispatch the
 * request). The previous attributes are restored afterwards, as Spring's {@code FrameworkServlet}
 * does. Used only when {@code spring-web} is on the class path; no Spring type is in a signature.
 */
final class RequestContextBinding {
  private RequestContextBinding() {}

  /** {@return {@code writer}, run with the request it is given bound to the holder} */
  static DenialWriter denialWriter(DenialWriter writer) {
    return (request, response, denial) -> {
      Bound bound = Bound.bind(request, response);
      try {
        writer.write(request, response, denial);
      } finally {
        bound.restore();
      }
    };
  }

  /**
   * {@return a filter binding the request it is given for the rest of the chain} Registered right
   * after Keywarden's filter, so the request bound is the one Keywarden handed on.
   */
  static Filter filter() {
    return new Filter() {
      @Override
      public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
          throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
          chain.doFilter(request, response);
          return;
        }
        Bound bound = Bound.bind(http, httpResponse);
        try {
          chain.doFilter(request, response);
        } finally {
          bound.restore();
        }
      }
    };
  }

  /** Attributes bound for a while, and those they replaced. */
  private record Bound(RequestAttributes previous, ServletRequestAttributes attributes) {
    static Bound bind(HttpServletRequest request, HttpServletResponse response) {
      RequestAttributes previous = RequestContextHolder.getRequestAttributes();
      ServletRequestAttributes attributes = new ServletRequestAttributes(request, response);
      RequestContextHolder.setRequestAttributes(attributes);
      return new Bound(previous, attributes);
    }

    void restore() {
      RequestContextHolder.setRequestAttributes(previous);
      attributes.requestCompleted();
    }
  }
}
