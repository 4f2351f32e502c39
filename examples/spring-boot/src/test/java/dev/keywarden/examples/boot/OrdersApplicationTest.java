package dev.keywarden.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The README's promise, checked over HTTP: /orders needs a key, the demo key opens it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrdersApplicationTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @Test
  void orders_needAKey() throws Exception {
    HttpResponse<String> without = get("/orders", null);
    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(without.body()).contains("\"code\":\"missing-api-key\"");

    HttpResponse<String> with = get("/orders", "demo-web-key-1");
    assertThat(with.statusCode()).isEqualTo(200);
    assertThat(with.body()).isEqualTo("[\"order 1 for web\",\"order 2 for web\"]");

    assertThat(get("/orders", "wrong-key-1").statusCode()).isEqualTo(401);
    assertThat(get("/anything-else", null).statusCode()).isEqualTo(401); // no rule: fail closed
  }

  private HttpResponse<String> get(String path, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (key != null) {
      request.header("client-key", key);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
