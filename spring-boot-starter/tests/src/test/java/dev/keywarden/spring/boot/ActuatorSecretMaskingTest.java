package dev.keywarden.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Spring Boot 3 and 4 no longer mask values by key name: with {@code show-values=always} the
 * {@code configprops} and {@code env} endpoints show every property. Keywarden's secrets
 * ({@code keywarden.api-keys[*].secret} and {@code secret-sha256}) are masked all the same; the
 * other values are shown, so the setting is in force. Through real HTTP requests.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"management.endpoints.web.exposure.include=configprops,env",
        "management.endpoint.configprops.show-values=always", "management.endpoint.env.show-values=always"})
@ActiveProfiles("table")
class ActuatorSecretMaskingTest {
  private static final String SECRET = "web-key-0001";
  private static final String OLD_SECRET = "old-key-0001";
  private static final String SHA256 = "d66ec3700a63f3a889a7cfc4c58ecbb7b96abba8234def6aedee23a06f5ff1f6";

  @Value("${local.server.port}")
  int port;

  @Test
  void configprops_showValuesAlways_masksKeywardenSecrets() {
    HttpResponse<String> response = new Http(port).get("/actuator/configprops/keywarden");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("orders-api").contains("******")
        .doesNotContain(SECRET).doesNotContain(OLD_SECRET).doesNotContain(SHA256);
  }

  @Test
  void env_showValuesAlways_masksKeywardenSecrets() {
    HttpResponse<String> all = new Http(port).get("/actuator/env");
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.body()).contains("orders-api").contains("keywarden.api-keys[0].secret")
        .doesNotContain(SECRET).doesNotContain(OLD_SECRET).doesNotContain(SHA256);

    HttpResponse<String> one = new Http(port).get("/actuator/env/keywarden.api-keys%5B0%5D.secret");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body()).contains("******").doesNotContain(SECRET);
  }
}
