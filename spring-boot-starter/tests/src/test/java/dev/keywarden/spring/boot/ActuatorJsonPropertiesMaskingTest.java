package dev.keywarden.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Keys given through {@code spring.application.json}, a documented way to pass structured
 * properties, are masked in {@code /actuator/env} with {@code show-values=always}: the bound
 * {@code keywarden.api-keys[0].secret} and the raw JSON, listed under its own name.
 */
class ActuatorJsonPropertiesMaskingTest {
  private static final String SECRET = "json-secret-4711-Zr81";

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Minimal {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(r -> r.anyRequest().permitAll()).csrf(c -> c.disable()).build();
    }
  }

  @Test
  void keysInSpringApplicationJson_areMaskedInEnvAndConfigprops() {
    String json = "{\"keywarden\":{\"api-keys\":[{\"secret\":\"" + SECRET + "\",\"client-type\":\"ops\"}],"
        + "\"endpoints\":[{\"method\":\"GET\",\"path\":\"/actuator/**\",\"public\":true,"
        + "\"api-key-required\":true,\"user-group-permission\":\"clientType == 'ops'\"}]}}";
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Minimal.class)
        .web(WebApplicationType.SERVLET)
        .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
        .run("--spring.application.json=" + json, "--management.endpoints.web.exposure.include=env,configprops",
            "--management.endpoint.env.show-values=always", "--management.endpoint.configprops.show-values=always")) {
      int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
      HttpResponse<String> env = new Http(port).get("/actuator/env", "client-key", SECRET);
      HttpResponse<String> configprops = new Http(port).get("/actuator/configprops", "client-key", SECRET);
      assertThat(env.statusCode()).isEqualTo(200);
      assertThat(env.body()).contains("spring.application.json").doesNotContain(SECRET);
      assertThat(configprops.statusCode()).isEqualTo(200);
      assertThat(configprops.body()).doesNotContain(SECRET);
    }
  }
}
