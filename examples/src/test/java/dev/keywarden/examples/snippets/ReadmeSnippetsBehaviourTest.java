package dev.keywarden.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.access.AccessDecision;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.DenyCode;
import dev.keywarden.extract.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/** What the README's snippets do, run (their text is checked by {@code ReadmeSnippetsTest}). */
class ReadmeSnippetsBehaviourTest {

  /**
   * Spring Boot registers Spring Security's filter chain at the order its {@code SecurityProperties}
   * give (what {@code SecurityFilterAutoConfiguration} uses); the README's registration must come
   * after it, or {@code containerPrincipal()} sees no user.
   */
  @Test
  void springBootSnippet_runsAfterSpringSecuritysFilterChain() {
    int springSecurity = new SecurityProperties().getFilter().getOrder();
    FilterRegistrationBean<?> registration = ReadmeSnippets.keywardenFilter(AccessGuard.builder().build());
    assertThat(registration.getOrder()).isGreaterThan(springSecurity);
    assertThat(registration.getUrlPatterns()).containsExactly("/*");
  }

  /** The README's {@code User} snippet: the user stored by an earlier filter is the one the guard sees. */
  @Test
  void userSnippet_theStoredUserPassesAnAdminRule_nobodyElse() {
    Map<String, Object> attributes = new HashMap<>();
    HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> recordAttribute(attributes, method, args));
    AccessGuard guard = ReadmeSnippets.usersFromAnEarlierFilter(request);
    assertThat(attributes).containsOnlyKeys("app.user");
    AccessDecision withUser = guard.decide(RequestView.builder("GET", "/admin/stats")
        .attribute("app.user", attributes.get("app.user")).build());
    assertThat(withUser).isInstanceOf(AccessDecision.Allow.class);
    AccessDecision anonymous = guard.decide(RequestView.builder("GET", "/admin/stats").build());
    assertThat(anonymous).isEqualTo(new AccessDecision.Deny(DenyCode.AUTHENTICATION_REQUIRED, 401));
  }

  /** The README's own resolver: a session name becomes a user in "customers" only. */
  @Test
  void ownResolverSnippet_mapsTheSessionUser() {
    var resolver = ReadmeSnippets.fromYourOwnSession();
    var user = resolver.resolve(RequestView.builder("GET", "/x").attribute("session.user", "bob").build());
    assertThat(user).hasValueSatisfying(u -> {
      assertThat(u.id()).isEqualTo("bob");
      assertThat(u.hasGroup("customers")).isTrue();
      assertThat(u.hasGroup("admin")).isFalse();
      assertThat(u.hasPermission("anything")).isFalse();
    });
    assertThat(resolver.resolve(RequestView.builder("GET", "/x").build())).isEqualTo(Optional.empty());
  }

  private static Object recordAttribute(Map<String, Object> attributes, Method method, Object[] args) {
    if (method.getName().equals("setAttribute")) {
      attributes.put((String) args[0], args[1]);
      return null;
    }
    throw new UnsupportedOperationException(method.getName());
  }
}
