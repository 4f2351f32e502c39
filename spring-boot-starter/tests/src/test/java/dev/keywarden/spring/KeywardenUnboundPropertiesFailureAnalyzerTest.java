package dev.keywarden.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/** Which unbound names are Keywarden list elements given in another property source, not misspellings. */
class KeywardenUnboundPropertiesFailureAnalyzerTest {

  @Test
  void listOf_validElementPaths_nameTheirList() {
    assertThat(listOf("keywarden.endpoints[1].user-group-permission")).isEqualTo("keywarden.endpoints");
    assertThat(listOf("keywarden.endpoints[0].public")).isEqualTo("keywarden.endpoints");
    assertThat(listOf("keywarden.endpoints[3].backoffice-user-group-permission")).isEqualTo("keywarden.endpoints");
    assertThat(listOf("keywarden.api-keys[2].secret-sha256")).isEqualTo("keywarden.api-keys");
    assertThat(listOf("keywarden.api-keys[2].expires-at")).isEqualTo("keywarden.api-keys");
    assertThat(listOf("keywarden.key-sources[1]")).isEqualTo("keywarden.key-sources");
  }

  @Test
  void listOf_misspeltOrNotAListElement_isNull() {
    assertThat(listOf("keywarden.endpoints[1].user-group-permision")).isNull();
    assertThat(listOf("keywarden.api-keys[0].secrett")).isNull();
    assertThat(listOf("keywarden.endpoints[1].path.length")).isNull(); // below a value
    assertThat(listOf("keywarden.endpoints[1].class")).isNull();
    assertThat(listOf("keywarden.endpointz[1].path")).isNull();
    assertThat(listOf("keywarden.endpoints.path")).isNull(); // a list needs an index
    assertThat(listOf("keywarden.realm")).isNull(); // valid, but no list
    assertThat(listOf("keywarden.cache.ttl")).isNull();
    assertThat(listOf("other.endpoints[1].path")).isNull();
  }

  private static String listOf(String name) {
    ConfigurationPropertyName list =
        KeywardenUnboundPropertiesFailureAnalyzer.listOf(ConfigurationPropertyName.of(name));
    return list == null ? null : list.toString();
  }
}
