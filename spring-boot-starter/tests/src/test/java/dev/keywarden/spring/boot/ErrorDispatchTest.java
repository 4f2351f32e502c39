package dev.keywarden.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Attacker finding: the filter ran on REQUEST only, and Tomcat hands the error page the original
 * request, so the host's ErrorController read a client-sent client-type, isbackoffice and the key
 * in clear; a request Tomcat refused itself (405 to TRACE) reached it with no decision at all.
 */
@SpringBootTest(classes = {TestApplication.class, ErrorDispatchTest.Errors.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("table")
class ErrorDispatchTest {
  static final AtomicInteger ERROR_PAGE_RUNS = new AtomicInteger();

  @Value("${local.server.port}")
  int port;

  /**
   * The host's error controller at /error, and a handler that fails. Boot's ErrorController
   * interface moved package between 3.5 and 4.0, so instead of implementing it (which makes Boot
   * back off) the test removes Boot's BasicErrorController, mapped to the same path.
   */
  @RestController
  static class Errors {
    /**
     * Spring Security's firewall refuses TRACE itself (400, also on the error dispatch); a host
     * that lets any method through it (WebDAV, for example) relies on Keywarden alone.
     */
    @Bean
    static WebSecurityCustomizer anyMethodThroughSpringSecurity() {
      StrictHttpFirewall firewall = new StrictHttpFirewall();
      firewall.setUnsafeAllowAnyHttpMethod(true);
      return web -> web.httpFirewall(firewall);
    }

    @Bean
    static BeanDefinitionRegistryPostProcessor withoutBootsErrorController() {
      return registry -> {
        if (registry.containsBeanDefinition("basicErrorController")) {
          registry.removeBeanDefinition("basicErrorController");
        }
      };
    }

    @RequestMapping("/error")
    String error(HttpServletRequest request) {
      ERROR_PAGE_RUNS.incrementAndGet();
      return "error-page clientTypeHeader=" + request.getHeader("client-type")
          + " keyHeader=" + request.getHeader("client-key")
          + " isbackoffice=" + request.getHeader("isbackoffice");
    }

    @GetMapping("/api/orders/boom")
    String boom() {
      throw new IllegalStateException("boom");
    }
  }

  @BeforeEach
  void reset() {
    ERROR_PAGE_RUNS.set(0);
  }

  @Test
  void theErrorControllerOfAnAllowedRequest_seesItProtected() {
    HttpResponse<String> response = new Http(port).get("/api/orders/boom", "client-key", "web-key-0001",
        "client-type", "admin", "isbackoffice", "true");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("error-page clientTypeHeader=web keyHeader=null isbackoffice=null");
  }

  @Test
  void aRequestTheContainerRefused_neverReachesTheErrorController() {
    HttpResponse<String> response = new Http(port).send("TRACE", "/api/orders/x", "client-key", "web-key-0001",
        "client-type", "admin", "isbackoffice", "true");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(405);
    assertThat(response.body()).doesNotContain("error-page").doesNotContain("admin");
    assertThat(ERROR_PAGE_RUNS).hasValue(0);
  }
}
