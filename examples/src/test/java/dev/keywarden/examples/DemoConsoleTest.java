package dev.keywarden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.KeywardenConfig;
import dev.keywarden.store.InMemoryApiKeyStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The demo server mounts the console at /keywarden/ for the documented demo administrator only. */
class DemoConsoleTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static HttpResponse<String> send(String url, String authorization, String method, String json)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (json != null) {
      request.header("Content-Type", "application/json").header("X-Keywarden-CSRF", "1");
    }
    request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void console_needsTheDemoAdministrator_andManagesTheDemoKeys() throws Exception {
    KeywardenConfig config = ExampleServer.bundledConfig();
    InMemoryApiKeyStore store = InMemoryApiKeyStore.of(config.keys());
    AccessGuard guard = AccessGuard.builder().keyStore(store).rule(DemoConsole.RULE).rules(config.rules()).build();
    Server server = ExampleServer.start(guard, store, 0);
    try {
      String base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      HttpResponse<String> anonymous = send(base + "/keywarden/", null, "GET", null);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> v.startsWith("Basic"));
      assertThat(send(base + "/keywarden/", basic("admin", "wrong"), "GET", null).statusCode()).isEqualTo(401);

      String admin = basic("admin", "keywarden-demo");
      HttpResponse<String> console = send(base + "/keywarden/", admin, "GET", null);
      assertThat(console.statusCode()).isEqualTo(200);
      assertThat(console.body()).contains("Add New");
      assertThat(send(base + "/keywarden/api/keys", admin, "GET", null).body()).contains("web-demo");

      assertThat(send(base + "/orders/1", null, "GET", null).statusCode()).isEqualTo(401);
      HttpResponse<String> created = send(base + "/keywarden/api/keys", admin, "POST",
          "{\"generate\":true,\"clientType\":\"web\"}");
      assertThat(created.statusCode()).isEqualTo(201);
      String secret = created.body().replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");
      HttpResponse<String> withKey = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/orders/1"))
          .header("client-key", secret).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(withKey.statusCode()).isEqualTo(200);
    } finally {
      server.stop();
    }
  }

  /** Over the keys of a --config file (real keys), the console takes the password of the run, never the demo's. */
  @Test
  void console_withARunPassword_refusesTheDemoPassword() throws Exception {
    String password = DemoConsole.randomPassword();
    assertThat(password).hasSize(24).matches("[A-Za-z0-9_-]+").isNotEqualTo(DemoConsole.randomPassword());
    KeywardenConfig config = ExampleServer.bundledConfig();
    InMemoryApiKeyStore store = InMemoryApiKeyStore.of(config.keys());
    AccessGuard guard = AccessGuard.builder().keyStore(store).rule(DemoConsole.RULE).rules(config.rules()).build();
    Server server = ExampleServer.start(guard, store, password, 0);
    try {
      String base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      assertThat(send(base + "/keywarden/api/keys", basic("admin", DemoConsole.PASSWORD), "GET", null).statusCode())
          .isEqualTo(401);
      HttpResponse<String> keys = send(base + "/keywarden/api/keys", basic("admin", password), "GET", null);
      assertThat(keys.statusCode()).isEqualTo(200);
      assertThat(keys.body()).contains("web-demo");
    } finally {
      server.stop();
    }
  }
}
