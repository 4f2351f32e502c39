package dev.keywarden.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code --keywarden.config-location} given as a plain path on the command line of a servlet
 * application, whose own resource loader would look for it inside the servlet context.
 */
class ConfigLocationStartTest {

  /** Auto-configuration only, in a servlet web application on a random port. */
  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Minimal {}

  @TempDir
  Path directory;

  @Test
  void absolutePath_onTheCommandLine_isRead() throws IOException {
    Path file = Files.writeString(directory.resolve("good.json"),
        "{ \"endpoints\": [ { \"method\": \"GET\", \"path\": \"/from-file/**\", \"public\": true } ] }");

    try (ConfigurableApplicationContext context = start("--keywarden.config-location=" + file)) {
      assertThat(context.getBean(AccessGuard.class).rules()).extracting(EndpointRule::path)
          .containsExactly("/from-file/**");
    }
  }

  @Test
  void missingRelativePath_isNamedByTheAbsolutePathLookedFor() {
    Path expected = Path.of("").toAbsolutePath().resolve("cfg/typo.json");

    assertThatThrownBy(() -> start("--keywarden.config-location=cfg/typo.json").close())
        .rootCause()
        .hasMessageContaining("keywarden.config-location (file [" + expected + "]): the file does not exist");
  }

  private static ConfigurableApplicationContext start(String... args) {
    return new SpringApplicationBuilder(Minimal.class).web(WebApplicationType.SERVLET)
        .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
        .run(args);
  }
}
