package dev.keywarden.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * A {@code keywarden.*} value that cannot be bound to its property's type (a key pasted where the
 * list belongs, or into a boolean of a key) refuses the start with the property's name and
 * expected type; the value is never logged. Spring Boot's own report printed it twice (the value
 * and the converter's reason).
 */
@ExtendWith(OutputCaptureExtension.class)
class BindFailureReportTest {
  private static final String KEY = "Sx9-bind-failure-SECRET-value";

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Minimal {}

  @Test
  void keyGivenAsTheWholeList_isReportedByNameAndType_neverByValue(CapturedOutput output) {
    start("keywarden.api-keys=" + KEY);

    assertThat(output.getAll()).contains("Keywarden property keywarden.api-keys (from \"keywarden.api-keys\" from "
            + "property source \"defaultProperties\") cannot be bound: expected java.util.List<")
        .contains("The value is not shown").doesNotContain(KEY);
  }

  @Test
  void keyGivenToABooleanOfAKey_isReportedByNameAndType_neverByValue(CapturedOutput output) {
    start("keywarden.api-keys[0].secret=x1", "keywarden.api-keys[0].client-type=web",
        "keywarden.api-keys[0].active=" + KEY);

    assertThat(output.getAll()).contains("Keywarden property keywarden.api-keys[0].active")
        .contains("cannot be bound: expected java.lang.Boolean").doesNotContain(KEY);
  }

  @Test
  void keyGivenToANumber_isReportedByNameAndType_neverByValue(CapturedOutput output) {
    start("keywarden.cache.maximum-size=" + KEY);

    assertThat(output.getAll()).contains("Keywarden property keywarden.cache.maximum-size")
        .contains("cannot be bound: expected ").doesNotContain(KEY);
  }

  @Test
  void otherPropertiesBindFailures_stayExplainedBySpringBoot(CapturedOutput output) {
    assertThatThrownBy(() -> new SpringApplicationBuilder(Minimal.class, WithHostProperties.class)
        .web(WebApplicationType.NONE).properties("keywarden.jdbc.enabled=false", "spring.main.banner-mode=off",
            "host.size=not-a-number").run().close()).isNotNull();

    assertThat(output.getAll()).doesNotContain("Keywarden property")
        .contains("Failed to bind properties under 'host.size'");
  }

  /** A host's own properties. */
  @ConfigurationProperties("host")
  static class HostProperties {
    private int size;

    public int getSize() {
      return size;
    }

    public void setSize(int size) {
      this.size = size;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(HostProperties.class)
  static class WithHostProperties {}

  private static void start(String... properties) {
    assertThatThrownBy(() -> new SpringApplicationBuilder(Minimal.class).web(WebApplicationType.NONE)
        .properties("keywarden.jdbc.enabled=false", "spring.main.banner-mode=off").properties(properties).run()
        .close()).isNotNull();
  }
}
