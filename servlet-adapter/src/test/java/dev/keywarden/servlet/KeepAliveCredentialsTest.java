package dev.keywarden.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKey;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.store.InMemoryApiKeyStore;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One kept-alive connection carrying a sequence of requests with different keys and cookies, as a
 * proxy reusing upstream connections for many clients does: every request is judged on its own
 * headers. On Jetty this holds with the header cache configured as the README and the demo server
 * say (issue 11, finding 5: with Jetty's default, case-insensitive cache, a key differing only in
 * case from the previous request's came back as the previous one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeepAliveCredentialsTest {
  private EmbeddedContainer container;

  abstract String kind();

  @BeforeAll
  void start() throws Exception {
    AccessGuard guard = AccessGuard.builder()
        .keyStore(InMemoryApiKeyStore.of(List.of(
            ApiKey.builder().secret("sec-web-Alpha-111").clientType("web").id("web").build(),
            ApiKey.builder().secret("sec-partner-Beta-222").clientType("partner").id("partner").build())))
        .keyExtractor(KeyExtractor.builder().withBearer().build())
        .rule(EndpointRule.builder("ALL", "/**").isPublic(true).apiKeyRequired(true).build())
        .build();
    container = EmbeddedContainer.start(kind(), KeywardenFilter.builder(guard).build(), new EchoServlet());
  }

  @AfterAll
  void stop() throws Exception {
    container.close();
  }

  private static void assertClient(Http.Response response, String clientType) {
    if (clientType == null) {
      assertThat(response.status()).as(response.body()).isEqualTo(401);
      assertThat(response.reachedApplication()).isFalse();
    } else {
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      assertThat(response.echo("caller.clientType")).isEqualTo(clientType);
      assertThat(response.echo("client-type")).isEqualTo(clientType);
    }
  }

  @Test
  void bearerKeysDifferingInCase_areJudgedEachOnItsOwn() throws Exception {
    try (KeepAliveClient client = new KeepAliveClient(container.port())) {
      assertClient(client.send("GET", "/a", "Authorization: Bearer sec-web-Alpha-111"), "web");
      assertClient(client.send("GET", "/a", "Authorization: Bearer SEC-WEB-ALPHA-111"), null);
      assertClient(client.send("GET", "/a", "Authorization: Bearer sec-web-alpha-111"), null);
      assertClient(client.send("GET", "/a", "Authorization: Bearer sec-web-Alpha-111"), "web");
      assertClient(client.send("GET", "/a", "Authorization: Bearer sec-partner-Beta-222"), "partner");
      assertThat(client.connections()).isEqualTo(1);
    }
  }

  @Test
  void headerAndCookieKeys_alternatingClients_onOneConnection() throws Exception {
    try (KeepAliveClient client = new KeepAliveClient(container.port())) {
      for (int round = 0; round < 3; round++) {
        assertClient(client.send("GET", "/b", "client-key: sec-web-Alpha-111"), "web");
        assertClient(client.send("GET", "/b", "client-key: SEC-WEB-ALPHA-111"), null);
        assertClient(client.send("GET", "/b", "client-key: sec-partner-Beta-222"), "partner");
        assertClient(client.send("GET", "/b", "Cookie: mia_client_key=sec-web-Alpha-111"), "web");
        assertClient(client.send("GET", "/b", "Cookie: MIA_CLIENT_KEY=sec-web-Alpha-111"), null);
        assertClient(client.send("GET", "/b", "Cookie: mia_client_key=SEC-WEB-ALPHA-111"), null);
        assertClient(client.send("GET", "/b", "Cookie: mia_client_key=sec-partner-Beta-222"), "partner");
        assertClient(client.send("GET", "/b", "secret: sec-partner-Beta-222"), "partner");
        assertClient(client.send("GET", "/b", "SECRET: SEC-PARTNER-BETA-222"), null);
        assertClient(client.send("GET", "/b"), null);
      }
      // The application never sees a key or a client-sent client-type, whichever came before.
      Http.Response after = client.send("GET", "/b", "client-key: sec-web-Alpha-111", "client-type: partner",
          "Cookie: theme=dark; mia_client_key=sec-web-Alpha-111");
      assertThat(after.echo("client-type")).isEqualTo("web");
      assertThat(after.echo("cookie")).isEqualTo("theme=dark");
      assertThat(after.body()).doesNotContain("sec-web-Alpha-111");
      assertThat(client.connections()).isEqualTo(1);
    }
  }
}
