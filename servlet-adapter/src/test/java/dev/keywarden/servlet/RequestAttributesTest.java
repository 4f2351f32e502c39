package dev.keywarden.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKey;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.store.InMemoryApiKeyStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The application, and a denial writer, that read or dump the request's attributes never find the
 * key cookie there: Jetty 12 caches the parsed Cookie header in a request attribute.
 */
class RequestAttributesTest {
  private static final String KEY = "attribute-probe-key-Q7";
  private static final String WRONG_KEY = "wrong-attribute-key-Z4";

  /** Writes every attribute's name and value, as a debugging page would. */
  private static String dump(HttpServletRequest request) {
    StringBuilder out = new StringBuilder("cookies=").append(java.util.Arrays.toString(request.getCookies()))
        .append('\n'); // Jetty parses the Cookie header, and caches it in an attribute, on first use
    for (String name : Collections.list(request.getAttributeNames())) {
      out.append(name).append('=').append(request.getAttribute(name)).append('\n');
    }
    out.append("jetty=").append(request.getAttribute("org.eclipse.jetty.server.Request.Cookies")).append('\n');
    return out.toString();
  }

  private static KeywardenFilter filter() {
    AccessGuard guard = AccessGuard.builder()
        .keyStore(InMemoryApiKeyStore.of(List.of(ApiKey.builder().secret(KEY).clientType("web").build())))
        .rule(EndpointRule.builder("GET", "/**").isPublic(true).apiKeyRequired(true).build())
        .build();
    return KeywardenFilter.builder(guard)
        .denialWriter((request, response, denial) -> response.getWriter().write(dump(request)))
        .build();
  }

  private static final HttpServlet DUMPING_APP = new HttpServlet() {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.getWriter().write("application\n" + dump(request));
    }
  };

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "tomcat"})
  void theApplication_neverFindsTheKeyCookieInAnAttribute(String kind) throws Exception {
    try (EmbeddedContainer container = EmbeddedContainer.start(kind, filter(), DUMPING_APP)) {
      Http.Response response = Http.get(container.port(), "/x", "Cookie", "mia_client_key=" + KEY + "; theme=dark");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).startsWith("application").contains("theme").doesNotContain(KEY);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "tomcat"})
  void aDenialWriter_neverFindsTheKeyCookieInAnAttribute(String kind) throws Exception {
    try (EmbeddedContainer container = EmbeddedContainer.start(kind, filter(), DUMPING_APP)) {
      Http.Response response = Http.get(container.port(), "/x", "Cookie",
          "mia_client_key=" + WRONG_KEY + "; theme=dark");
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.body()).contains("jetty=").doesNotContain(WRONG_KEY);
    }
  }
}
