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
}
