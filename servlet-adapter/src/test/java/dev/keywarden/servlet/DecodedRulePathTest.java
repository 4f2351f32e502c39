package dev.keywarden.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rules are written decoded ({@code /café/**}, {@code /admin panel/**}) and protect what a client
 * sends percent-encoded, on both containers; a rule written percent-encoded is refused at build
 * ({@code RouteTableTest}), since it could never match and requests would fall to a broader rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecodedRulePathTest {
  private final Map<String, EmbeddedContainer> containers = new HashMap<>();

  static AccessGuard guard() {
    return AccessGuard.builder()
        .rule(EndpointRule.builder("ALL", "/caf\u00e9/**").userGroupPermission("groups.admin").build())
        .rule(EndpointRule.builder("ALL", "/admin panel/**").userGroupPermission("groups.admin").build())
        .rule(EndpointRule.builder("ALL", "/reports-v2/**").userGroupPermission("groups.admin").build())
        .rule(EndpointRule.builder("ALL", "/**").isPublic(true).build())
        .build();
  }

  @BeforeAll
  void start() throws Exception {
    containers.put("jetty", EmbeddedContainer.jetty(KeywardenFilter.builder(guard()).build(), new EchoServlet()));
    containers.put("tomcat", EmbeddedContainer.tomcat(KeywardenFilter.builder(guard()).build(), new EchoServlet()));
  }

  @AfterAll
  void stop() throws Exception {
    for (EmbeddedContainer container : containers.values()) {
      container.close();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "jetty, /caf%C3%A9/menu", "tomcat, /caf%C3%A9/menu",
      "jetty, /caf%c3%a9/menu", "tomcat, /caf%c3%a9/menu",
      "jetty, /reports%2Dv2/q1", "tomcat, /reports%2Dv2/q1",
      "jetty, /reports-v2/q1", "tomcat, /reports-v2/q1",
      "jetty, /admin%20panel/users", "tomcat, /admin%20panel/users"})
  void aDecodedRule_protectsThePathSentEncoded(String kind, String path) throws Exception {
    Http.Response response = Http.get(containers.get(kind).port(), path);
    assertThat(response.reachedApplication()).as(kind + " " + path + " reached the application").isFalse();
    assertThat(response.status()).as(kind + " " + path).isIn(401, 403);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"jetty", "tomcat"})
  void theBroaderPublicRule_stillServesOtherPaths(String kind) throws Exception {
    assertThat(Http.get(containers.get(kind).port(), "/cafe/menu").reachedApplication()).isTrue();
  }
}
