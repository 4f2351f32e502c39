package dev.keywarden.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which names the Actuator endpoints mask: Keywarden's secrets, however an endpoint writes the name. */
class SecretNamesTest {

  @Test
  void keywardenSecrets_areMasked_inEveryNaming() {
    assertThat(KeywardenActuatorConfiguration.isSecret("keywarden.api-keys[0].secret")).isTrue();
    assertThat(KeywardenActuatorConfiguration.isSecret("keywarden.api-keys[3].secret-sha256")).isTrue();
    assertThat(KeywardenActuatorConfiguration.isSecret("keywarden.apiKeys[0].secretSha256")).isTrue();
    assertThat(KeywardenActuatorConfiguration.isSecret("keywarden.apiKeys.secret")).isTrue();
    assertThat(KeywardenActuatorConfiguration.isSecret("KEYWARDEN_APIKEYS_0_SECRET")).isTrue();
    assertThat(KeywardenActuatorConfiguration.isSecret("keywarden.some-future-secret-thing")).isTrue();
  }

  @Test
  void otherNames_areLeftToSpringBoot() {
    assertThat(KeywardenActuatorConfiguration.isSecret("keywarden.api-keys[0].client-type")).isFalse();
    assertThat(KeywardenActuatorConfiguration.isSecret("keywarden.realm")).isFalse();
    assertThat(KeywardenActuatorConfiguration.isSecret("spring.datasource.secret")).isFalse();
    assertThat(KeywardenActuatorConfiguration.isSecret("keywardenish.secret")).isFalse();
    assertThat(KeywardenActuatorConfiguration.isSecret(null)).isFalse();
  }

  @Test
  void textsHoldingKeywardenProperties_areMasked_whole() {
    String json = "{\"keywarden\":{\"api-keys\":[{\"secret\":\"s-1\"}]}}";
    assertThat(KeywardenActuatorConfiguration.carriesKeywarden("spring.application.json", json)).isTrue();
    assertThat(KeywardenActuatorConfiguration.carriesKeywarden("SPRING_APPLICATION_JSON", json)).isTrue();
    assertThat(KeywardenActuatorConfiguration.carriesKeywarden("sun.java.command",
        "app.jar --keywarden.api-keys[0].secret=s-1")).isTrue();
    assertThat(KeywardenActuatorConfiguration.carriesKeywarden("spring.application.json", "{\"server\":{}}")).isFalse();
    assertThat(KeywardenActuatorConfiguration.carriesKeywarden("java.home", "/opt/keywarden")).isFalse();
    assertThat(KeywardenActuatorConfiguration.carriesKeywarden(null, json)).isFalse();
  }
}
