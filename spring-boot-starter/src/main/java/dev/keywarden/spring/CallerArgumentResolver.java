package dev.keywarden.spring;

import dev.keywarden.access.Caller;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets a Spring MVC controller method take the {@link Caller} Keywarden let through as a
 * parameter: {@code @GetMapping("/orders") List<Order> list(Caller caller)}.
 *
 * <p>A request Keywarden did not allow (a CORS preflight passed through, or a path the filter
 * is not mapped to) has no caller; a handler asking for one then fails with
 * {@link IllegalStateException} rather than running with nobody. Thread-safe.
 */
public final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

  /** Creates the resolver. */
  public CallerArgumentResolver() {}

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return Caller.class.equals(parameter.getParameterType());
  }

  @Override
  public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
    Object caller = webRequest.getAttribute(Caller.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    if (caller instanceof Caller found) {
      return found;
    }
    throw new IllegalStateException("no Keywarden Caller on this request: the Keywarden filter did not allow it");
  }
}
