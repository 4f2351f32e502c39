package dev.keywarden.spring.boot;

import dev.keywarden.access.Caller;
import dev.keywarden.access.User;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application under test: a controller that says what it saw, and Spring Security with
 * basic login that lets everything through, so that every refusal comes from Keywarden.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class TestApplication {

  /** Users: alice (roles admin and foo), bob (role user, permission orders.read). */
  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        org.springframework.security.core.userdetails.User.withUsername("alice").password("{noop}alice-pw")
            .roles("admin", "foo").build(),
        org.springframework.security.core.userdetails.User.withUsername("bob").password("{noop}bob-pw")
            .authorities("ROLE_user", "PERMISSION_orders.read").build());
  }

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .httpBasic(Customizer.withDefaults())
        .csrf(csrf -> csrf.disable())
        .build();
  }

  /** Answers every /api path with what the handler saw. */
  @RestController
  @CrossOrigin(origins = "https://app.example")
  static class Echo {
    /** Takes the Caller as a parameter: the starter's argument resolver. */
    @GetMapping("/api/orders/**")
    String orders(Caller caller, HttpServletRequest request) {
      return describe("orders", caller, request);
    }

    /** Reads the Caller attribute itself, so it also runs without Keywarden. */
    @RequestMapping("/api/**")
    String any(HttpServletRequest request) {
      return describe("any", (Caller) request.getAttribute(Caller.ATTRIBUTE), request);
    }

    private static String describe(String handler, Caller caller, HttpServletRequest request) {
      return "handler=" + handler
          + " caller=" + (caller != null)
          + " clientType=" + (caller == null ? "-" : caller.clientType().orElse("-"))
          + " user=" + (caller == null ? "-" : caller.user().map(User::id).orElse("-"))
          + " clientTypeHeader=" + request.getHeader("client-type")
          + " keyHeader=" + request.getHeader("client-key");
    }
  }
}
