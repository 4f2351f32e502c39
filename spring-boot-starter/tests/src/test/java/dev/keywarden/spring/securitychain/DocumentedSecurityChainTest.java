package dev.keywarden.spring.securitychain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.access.Caller;
import dev.keywarden.access.User;
import dev.keywarden.spring.boot.Http;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The README's Spring Security chain, as written there, in front of a "key OR user" route
 * ({@code public: true}, {@code clientType == 'web' || groups.admin}): a caller with only a key
 * must reach Keywarden, which lets it through, while anonymous callers and users outside
 * {@code admin} are still refused. A real application on an embedded Tomcat and a real HTTP
 * client. Its package is outside {@code dev.keywarden.spring.boot}, so the other tests'
 * application (which lets everything through Spring Security) does not scan it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentedSecurityChainTest {
  private static final String WEB_KEY = "web-key-0001";
  private static final String PARTNER_KEY = "partner-key-01";

  private ConfigurableApplicationContext context;
  private int port;

  /** The application: auto-configuration, no component scan, the README's chain, basic-login users. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Orders.class)
  static class App {
    /** Copied from the README's "With Spring Security" paragraph; keep the two identical. */
    @Bean
    static SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http
          .authorizeHttpRequests(requests -> requests
              // Every path of a public: true rule (a key can pass it): Keywarden decides who passes.
              .requestMatchers("/orders/**").permitAll()
              .anyRequest().authenticated())             // paths for logged-in users only
          .httpBasic(Customizer.withDefaults())          // users log in; Keywarden sees them
          .csrf(csrf -> csrf.ignoringRequestMatchers("/orders/**")) // keys come in headers, not cookies
          .build();
    }

    /** alice is in group admin, bob in group user. */
    @Bean
    static UserDetailsService users() {
      return new InMemoryUserDetailsManager(
          org.springframework.security.core.userdetails.User.withUsername("alice").password("{noop}alice-pw")
              .roles("admin").build(),
          org.springframework.security.core.userdetails.User.withUsername("bob").password("{noop}bob-pw")
              .roles("user").build());
    }
  }

  /** Says who reached it. */
  @RestController
  static class Orders {
    @RequestMapping("/orders/**")
    String orders(Caller caller) {
      return "orders clientType=" + caller.clientType().orElse("-")
          + " user=" + caller.user().map(User::id).orElse("-");
    }

    @GetMapping("/account")
    String account(Caller caller) {
      return "account user=" + caller.user().map(User::id).orElse("-");
    }
  }

  @BeforeAll
  void start() {
    context = new SpringApplicationBuilder(App.class).properties(
        "server.port=0",
        "server.address=127.0.0.1",
        "keywarden.api-keys[0].id=web-1",
        "keywarden.api-keys[0].secret=" + WEB_KEY,
        "keywarden.api-keys[0].client-type=web",
        "keywarden.api-keys[1].id=partner-1",
        "keywarden.api-keys[1].secret=" + PARTNER_KEY,
        "keywarden.api-keys[1].client-type=partner",
        "keywarden.endpoints[0].path=/orders/**",
        "keywarden.endpoints[0].public=true",
        "keywarden.endpoints[0].user-group-permission=clientType == 'web' || groups.admin",
        "keywarden.endpoints[1].method=GET",
        "keywarden.endpoints[1].path=/account")
        .run();
    port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
  }

  @AfterAll
  void stop() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void keyOrUserRoute_keyOnly_reachesTheHandler() {
    HttpResponse<String> get = send("GET", "/orders/1", "client-key", WEB_KEY);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("orders clientType=web user=-");

    HttpResponse<String> post = send("POST", "/orders/1", "client-key", WEB_KEY); // CSRF waived there
    assertThat(post.statusCode()).isEqualTo(200);
  }

  @Test
  void keyOrUserRoute_userOfTheGroup_withoutKey_reachesTheHandler() {
    HttpResponse<String> response = send("GET", "/orders/1", "Authorization", basic("alice", "alice-pw"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("orders clientType=- user=alice");
  }

  @Test
  void keyOrUserRoute_anonymous_isRefusedByKeywarden() {
    HttpResponse<String> response = send("GET", "/orders/1");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"code\":\"unauthorized\"").doesNotContain("orders");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("ApiKey realm=\"keywarden\"");
  }

  @Test
  void keyOrUserRoute_userOutsideTheGroupOrKeyOfAnotherType_isForbiddenByKeywarden() {
    HttpResponse<String> bob = send("GET", "/orders/1", "Authorization", basic("bob", "bob-pw"));
    assertThat(bob.statusCode()).isEqualTo(403);
    assertThat(bob.body()).contains("\"code\":\"forbidden\"");

    HttpResponse<String> partner = send("GET", "/orders/1", "client-key", PARTNER_KEY);
    assertThat(partner.statusCode()).isEqualTo(403);
    assertThat(partner.body()).contains("\"code\":\"forbidden\"");
  }

  @Test
  void keyOrUserRoute_wrongPassword_isStillRefusedBySpringSecurity() {
    HttpResponse<String> response = send("GET", "/orders/1", "Authorization", basic("alice", "wrong"),
        "client-key", WEB_KEY);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
    assertThat(response.body()).doesNotContain("orders");
  }

  @Test
  void userOnlyPath_keepsSpringSecuritysLogin() {
    HttpResponse<String> key = send("GET", "/account", "client-key", WEB_KEY);
    assertThat(key.statusCode()).isEqualTo(401);
    assertThat(key.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");

    HttpResponse<String> user = send("GET", "/account", "Authorization", basic("bob", "bob-pw"));
    assertThat(user.statusCode()).isEqualTo(200);
    assertThat(user.body()).isEqualTo("account user=bob");
  }

  private HttpResponse<String> send(String method, String path, String... headers) {
    return new Http(port).send(method, path, headers);
  }

  private static String basic(String user, String password) {
    return Http.basic(user, password);
  }
}
