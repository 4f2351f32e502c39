package dev.keywarden.benchmarks.cpu;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Spring Security 7 doing the Keywarden variant's job the idiomatic way, without Spring Boot:
 * an {@link AuthenticationFilter} whose converter reads header {@code client-key} and whose
 * provider hashes it (SHA-256) and looks the digest up, granting {@code CLIENT_TYPE_<type>};
 * then {@code authorizeHttpRequests} with the equivalent of
 * {@code groups.admin || clientType == "web"}: {@code hasAnyAuthority("GROUP_admin",
 * "CLIENT_TYPE_web")} on {@code GET /api/orders/{id}}, everything else denied. CSRF is off and
 * sessions are stateless (an API); every other default (security headers, request cache,
 * exception translation...) stays, as an application would have it.
 */
final class SpringSecurityVariant {
  private SpringSecurityVariant() {}

  /** Builds the Spring context and returns its {@code springSecurityFilterChain}. */
  static Filter filter() {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class);
    return context.getBean("springSecurityFilterChain", Filter.class);
  }

  /** The security configuration. */
  @Configuration
  @EnableWebSecurity
  static class Config {
    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
      AuthenticationFilter apiKeys = new AuthenticationFilter(
          new ProviderManager(new ApiKeyProvider()), SpringSecurityVariant::convert);
      apiKeys.setSuccessHandler((request, response, authentication) -> { });
      apiKeys.setFailureHandler(new AuthenticationEntryPointFailureHandler(
          new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)));
      http.csrf(csrf -> csrf.disable())
          .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
          .addFilterBefore(apiKeys, AnonymousAuthenticationFilter.class)
          .exceptionHandling(errors -> errors.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
          .authorizeHttpRequests(authorize -> authorize
              .requestMatchers(HttpMethod.GET, "/api/orders/{id}").hasAnyAuthority("GROUP_admin", "CLIENT_TYPE_web")
              .anyRequest().denyAll());
      return http.build();
    }
  }

  /** The converter: header {@code client-key}, or no authentication attempt. */
  private static Authentication convert(HttpServletRequest request) {
    String key = request.getHeader("client-key");
    return key == null || key.isBlank() ? null : new ApiKeyToken(key, null);
  }

  /** Hashes the presented key and looks the digest up: keys kept only as SHA-256 digests. */
  static final class ApiKeyProvider implements org.springframework.security.authentication.AuthenticationProvider {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    });
    private final Map<String, String> clientTypes = new ConcurrentHashMap<>();

    ApiKeyProvider() {
      clientTypes.put(digest(Variants.SECRET), Variants.CLIENT_TYPE);
      for (int i = 1; i < 1_000; i++) {
        clientTypes.put(digest("kw_http-cpu-other-key-" + i), "partner");
      }
    }

    private static String digest(String secret) {
      return HexFormat.of().formatHex(SHA256.get().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
      String clientType = clientTypes.get(digest((String) authentication.getCredentials()));
      if (clientType == null) {
        throw new BadCredentialsException("invalid API key");
      }
      return new ApiKeyToken(null, clientType);
    }

    @Override
    public boolean supports(Class<?> authentication) {
      return ApiKeyToken.class.isAssignableFrom(authentication);
    }
  }

  /** Unauthenticated: carries the presented key; authenticated: the client type, no key. */
  static final class ApiKeyToken extends AbstractAuthenticationToken {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final String clientType;

    ApiKeyToken(String key, String clientType) {
      super(clientType == null ? List.of() : List.of(new SimpleGrantedAuthority("CLIENT_TYPE_" + clientType)));
      this.key = key;
      this.clientType = clientType;
      setAuthenticated(clientType != null);
    }

    @Override
    public Object getCredentials() {
      return key;
    }

    @Override
    public Object getPrincipal() {
      return clientType;
    }
  }
}
