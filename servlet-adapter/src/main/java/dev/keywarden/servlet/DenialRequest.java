package dev.keywarden.servlet;

import dev.keywarden.access.Redaction;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * The refused request a {@link DenialWriter} is shown: the view an allowed request gets
 * ({@link KeywardenRequest}), so without the headers and cookies the refusal's {@link Redaction}
 * names (the guard's key sources, the spoofable headers), and without any {@code Authorization}
 * or {@code Proxy-Authorization} value: a writer has no use for credentials.
 *
 * <p>It cannot reach application code: {@link #getRequestDispatcher}, {@link #startAsync()} and
 * the dispatchers of its {@link #getServletContext()} throw {@link IllegalStateException}, and
 * {@link #getRequest()} does not hand out the request beneath, through which they could.
 */
final class DenialRequest extends HttpServletRequestWrapper {
  private static final String NO_DISPATCH = "a DenialWriter must not dispatch: a refused request never reaches "
      + "the application";

  private static final Set<String> AUTHORIZATION = Set.of("authorization", "proxy-authorization");

  /**
   * @param request the refused request
   * @param redaction the refusal's redaction
   * @param response the response being written
   */
  DenialRequest(HttpServletRequest request, Redaction redaction, ServletResponse response) {
    // The allowed request's view (the redaction applied, client-type removed), and every
    // Authorization and Proxy-Authorization value hidden as well.
    super(new KeywardenRequest(request, redaction, null, response, AUTHORIZATION));
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
