package dev.keywarden.spring;

import dev.keywarden.access.AccessGuard;
import dev.keywarden.store.ApiKeyStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Actuator parts: the {@code keywarden} health indicator (Boot 3 and Boot 4 name its types
 * differently, hence one configuration per version, each guarded by the class it needs) and the
 * {@code keywarden} endpoint listing the rules.
 */
final class KeywardenActuatorConfiguration {
  private KeywardenActuatorConfiguration() {}

  /** Spring Boot 3: {@code org.springframework.boot.actuate.health}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  @ConditionalOnProperty(name = "management.health.keywarden.enabled", matchIfMissing = true)
  static class Boot3Health {
    @Bean
    @ConditionalOnMissingBean(name = "keywardenHealthIndicator")
    org.springframework.boot.actuate.health.HealthIndicator keywardenHealthIndicator(
        ObjectProvider<ApiKeyStore> store) {
      KeyStoreProbe probe = new KeyStoreProbe(store.getIfAvailable());
      return () -> {
        KeyStoreProbe.Result result = probe.probe();
        return (result.up() ? org.springframework.boot.actuate.health.Health.up()
            : org.springframework.boot.actuate.health.Health.down()).withDetails(result.details()).build();
      };
    }
  }

  /** Spring Boot 4: {@code org.springframework.boot.health.contributor}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnProperty(name = "management.health.keywarden.enabled", matchIfMissing = true)
  static class Boot4Health {
    @Bean
    @ConditionalOnMissingBean(name = "keywardenHealthIndicator")
    org.springframework.boot.health.contributor.HealthIndicator keywardenHealthIndicator(
        ObjectProvider<ApiKeyStore> store) {
      KeyStoreProbe probe = new KeyStoreProbe(store.getIfAvailable());
      return () -> {
        KeyStoreProbe.Result result = probe.probe();
        return (result.up() ? org.springframework.boot.health.contributor.Health.up()
            : org.springframework.boot.health.contributor.Health.down()).withDetails(result.details()).build();
      };
    }
  }

  /**
   * Masks Keywarden's secrets in the {@code configprops} and {@code env} endpoints. Spring Boot 3
   * and 4 no longer mask by key name: with {@code management.endpoint.configprops.show-values}
   * (or {@code env}'s) set to {@code always}, {@code keywarden.api-keys[0].secret} was shown in
   * plain text (external finding). Same types in Boot 3.5 and 4.0.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
  static class SecretSanitizing {
    @Bean
    @ConditionalOnMissingBean(name = "keywardenSanitizingFunction")
    org.springframework.boot.actuate.endpoint.SanitizingFunction keywardenSanitizingFunction() {
      return data -> isSecret(data.getKey()) || carriesKeywarden(data.getKey(), data.getValue())
          ? data.withSanitizedValue() : data;
    }
  }

  /**
   * Whether a property, as an endpoint names it, is a Keywarden secret: under {@code keywarden}
   * (a configuration property name, a bean property path such as {@code keywarden.apiKeys[0]
   * .secretSha256}, or an environment variable such as {@code KEYWARDEN_APIKEYS_0_SECRET}), with
   * {@code secret} in its name.
   */
  static boolean isSecret(String key) {
    if (key == null) {
      return false;
    }
    String name = key.toLowerCase(java.util.Locale.ROOT).replace("-", "");
    return (name.startsWith("keywarden.") || name.startsWith("keywarden_")) && name.contains("secret");
  }

  /**
   * Whether a property holds other properties, Keywarden's among them, as one text:
   * {@code spring.application.json} (or {@code SPRING_APPLICATION_JSON}) and the command line in
   * {@code sun.java.command}, where {@code --keywarden.api-keys[0].secret=...} shows whole.
   */
  static boolean carriesKeywarden(String key, Object value) {
    if (key == null || !(value instanceof CharSequence text)) {
      return false;
    }
    String name = key.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    return (name.equals("spring.application.json") || name.equals("sun.java.command"))
        && text.toString().toLowerCase(java.util.Locale.ROOT).contains("keywarden");
  }

  /**
   * The rules endpoint; same types in Boot 3 and 4. {@code @ConditionalOnAvailableEndpoint} sits
   * on the method: a class-level one would have its condition class loaded, and fail, without
   * Actuator, before {@code @ConditionalOnClass} could say no.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
      "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
  static class RulesEndpoint {
    @Bean
    @ConditionalOnAvailableEndpoint(endpoint = KeywardenEndpoint.class)
    @ConditionalOnMissingBean
    KeywardenEndpoint keywardenEndpoint(AccessGuard guard, ObjectProvider<ResolvedConfiguration> configuration) {
      ResolvedConfiguration resolved = configuration.getIfAvailable();
      return new KeywardenEndpoint(guard, resolved == null ? null : resolved.defaultRule());
    }
  }
}
