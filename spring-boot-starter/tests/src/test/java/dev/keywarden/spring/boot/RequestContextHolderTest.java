package dev.keywarden.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.servlet.DenialWriter;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * With Spring Security the filter runs after Spring's {@code RequestContextFilter}, which binds
 * the raw request to {@code RequestContextHolder}. A host {@link DenialWriter} bean, and code
 * after the filter, that take "the current request" from the holder get the request Keywarden
 * gives them (without the key, not dispatchable for a refusal), never the raw one; the attributes
 * bound before Keywarden are back afterwards. Through real HTTP requests, the key in the
 * {@code client-key} header and in the {@code mia_client_key} cookie.
 */
@SpringBootTest(classes = {TestApplication.class, RequestContextHolderTest.HostBeans.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("table")
class RequestContextHolderTest {
  private static final String REFUSED = "refused-key-H4xx";
  private static final String WEB_KEY = "web-key-0001";

  /** What the filter before Keywarden found in the holder after the chain: "same" or what replaced it. */
  static final List<String> RESTORED = new CopyOnWriteArrayList<>();

  @Value("${local.server.port}")
  int port;

  @BeforeEach
  void clear() {
    RESTORED.clear();
  }

  @Test
  void denialWriterBean_readingTheHolder_neverSeesTheKeyInAHeader() {
    HttpResponse<String> response = new Http(port).get("/api/orders/1", "client-key", REFUSED);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("no: invalid-api-key; key=null cookie=null dispatch=refused");
    assertThat(restored()).containsExactly("same");
  }

  @Test
  void denialWriterBean_readingTheHolder_neverSeesTheKeyInACookie() {
    HttpResponse<String> response = new Http(port).get("/api/orders/1", "Cookie",
        "theme=dark; mia_client_key=" + REFUSED);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("no: invalid-api-key; key=null cookie=theme=dark dispatch=refused");
    assertThat(restored()).containsExactly("same");
  }

  @Test
  void codeAfterTheFilter_readingTheHolder_neverSeesTheKeyInAHeader() {
    HttpResponse<String> response = new Http(port).get("/api/orders/1", "client-key", WEB_KEY);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("clientType=web").contains("keyHeader=null");
    assertThat(response.headers().firstValue("x-holder")).hasValue("key=null cookie=null");
    assertThat(restored()).containsExactly("same");
  }

  @Test
  void codeAfterTheFilter_readingTheHolder_neverSeesTheKeyInACookie() {
    HttpResponse<String> response = new Http(port).get("/api/orders/1", "Cookie",
        "mia_client_key=" + WEB_KEY + "; theme=dark");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("clientType=web");
    assertThat(response.headers().firstValue("x-holder")).hasValue("key=null cookie=theme=dark");
    assertThat(restored()).containsExactly("same");
  }

  /**
   * {@return what the filter before Keywarden's recorded} The client may have the response before
   * the filters have unwound on the server: wait for the record a little.
   */
  private static List<String> restored() {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (RESTORED.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return RESTORED;
  }

  /** What the holder's request shows of the key: the header and the cookie header. */
  private static String seen() {
    HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
        .getRequest();
    return "key=" + request.getHeader("client-key") + " cookie=" + request.getHeader("Cookie");
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class HostBeans {
    @Bean
    DenialWriter holderReadingDenials() {
      return (request, response, denial) -> {
        HttpServletRequest current = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
            .getRequest();
        String dispatch;
        try {
          current.getRequestDispatcher("/api/orders/1");
          dispatch = "possible";
        } catch (IllegalStateException e) {
          dispatch = "refused";
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(("no: " + denial.code() + "; " + seen() + " dispatch=" + dispatch)
            .getBytes(StandardCharsets.UTF_8));
      };
    }

    /** A host filter after Keywarden's (the default order, last). */
    @Bean
    FilterRegistrationBean<Filter> holderReadingFilter() {
      FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
        ((HttpServletResponse) response).setHeader("x-holder", seen());
        chain.doFilter(request, response);
      });
      registration.setOrder(Ordered.LOWEST_PRECEDENCE);
      return registration;
    }

    /**
     * A host filter between Spring's RequestContextFilter (-105) and Spring Security's (-100),
     * so before Keywarden's: the attributes it finds are those it finds again afterwards.
     */
    @Bean
    FilterRegistrationBean<Filter> holderRestoredFilter() {
      FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
        RequestAttributes before = RequestContextHolder.getRequestAttributes();
        try {
          chain.doFilter(request, response);
        } finally {
          RequestAttributes after = RequestContextHolder.getRequestAttributes();
          RESTORED.add(after == before && before != null ? "same" : "replaced by " + after);
        }
      });
      registration.setOrder(-101);
      return registration;
    }
  }
}
