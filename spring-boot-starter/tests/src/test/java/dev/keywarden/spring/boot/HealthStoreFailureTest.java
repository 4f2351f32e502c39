package dev.keywarden.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import dev.keywarden.store.ApiKeyStore;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** A host store failing with an Error is DOWN (503) in the health endpoint, its message nowhere. */
@ExtendWith(OutputCaptureExtension.class)
class HealthStoreFailureTest {
  private static final String MESSAGE = "driver-message-Zr81-password=hunter2";

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(r -> r.anyRequest().permitAll()).csrf(c -> c.disable()).build();
    }

    @Bean
    ApiKeyStore failingStore() {
      return new ApiKeyStore() {
        @Override
        public Optional<ApiKey> findByDigest(KeyDigest digest) {
          throw new NoClassDefFoundError(MESSAGE);
        }
      };
    }
  }

  @Test
  void aStoreFailingWithAnError_isDown_withoutItsMessage(CapturedOutput output) {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.SERVLET)
        .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
        .run("--keywarden.endpoints[0].method=GET", "--keywarden.endpoints[0].path=/actuator/**",
            "--keywarden.endpoints[0].public=true", "--management.endpoint.health.show-details=always",
            "--management.endpoints.web.exposure.include=health")) {
      int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
      HttpResponse<String> health = new Http(port).get("/actuator/health");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("DOWN").contains(NoClassDefFoundError.class.getName())
          .doesNotContain(MESSAGE);
    }
    assertThat(output.getAll()).doesNotContain("hunter2");
  }
}
