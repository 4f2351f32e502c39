package dev.keywarden.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keywarden.spring.KeywardenProperties;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The starter's jar carries configuration metadata (for IDE completion) with every property the
 * issue lists, each described.
 */
class ConfigurationMetadataTest {

  @Test
  void everyProperty_isInTheMetadata_withADescription() throws Exception {
    Map<String, String> descriptions = new HashMap<>();
    for (URL url : Collections.list(KeywardenProperties.class.getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
          String name = property.path("name").asText();
          if (name.startsWith("keywarden.")) {
            descriptions.put(name, property.path("description").asText(""));
          }
        }
      }
    }
    assertThat(descriptions).containsKeys("keywarden.enabled", "keywarden.realm", "keywarden.config-location",
        "keywarden.api-keys", "keywarden.endpoints", "keywarden.default-rule.public",
        "keywarden.default-rule.api-key-required", "keywarden.default-rule.user-group-permission",
        "keywarden.default-rule.backoffice-user-group-permission", "keywarden.cache.ttl",
        "keywarden.cache.maximum-size", "keywarden.statuses", "keywarden.key-sources", "keywarden.trusted-headers",
        "keywarden.jdbc.migrate", "keywarden.jdbc.enabled", "keywarden.security.group-prefix",
        "keywarden.security.permission-prefix");
    assertThat(descriptions).allSatisfy((name, description) -> assertThat(description).as(name).isNotBlank());
  }

  @Test
  void configLocation_isAStringThatIdesCompleteAsAResource() throws Exception {
    JsonNode metadata = starterMetadata();
    assertThat(metadata.path("properties")).filteredOn(p -> p.path("name").asText().equals("keywarden.config-location"))
        .singleElement().satisfies(p -> {
          assertThat(p.path("type").asText()).isEqualTo("java.lang.String");
          assertThat(p.path("description").asText()).contains("relative to the working directory")
              .contains("classpath:");
        });
    assertThat(metadata.path("hints")).filteredOn(h -> h.path("name").asText().equals("keywarden.config-location"))
        .singleElement().satisfies(h -> assertThat(h.path("providers").get(0).path("parameters").path("target")
            .asText()).isEqualTo("org.springframework.core.io.Resource"));
  }

  /** The metadata file in the starter's jar, the one that describes KeywardenProperties. */
  private static JsonNode starterMetadata() throws Exception {
    for (URL url : Collections.list(KeywardenProperties.class.getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        JsonNode metadata = new ObjectMapper().readTree(in);
        for (JsonNode group : metadata.path("groups")) {
          if (group.path("type").asText().equals(KeywardenProperties.class.getName())) {
            return metadata;
          }
        }
      }
    }
    throw new AssertionError("no configuration metadata for " + KeywardenProperties.class.getName());
  }
}
