package dev.keywarden.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.UserResolver;
import dev.keywarden.servlet.KeywardenFilter;
import dev.keywarden.spring.CallerArgumentResolver;
import dev.keywarden.spring.KeywardenAutoConfiguration;
import dev.keywarden.spring.KeywardenEndpoint;
import dev.keywarden.spring.KeywardenMetrics;
import dev.keywarden.spring.SecurityContextUserResolver;
import dev.keywarden.store.ApiKeyStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Each auto-configured part backs off when the host defines its own, and the conditions report
 * says so. (Behaviour through HTTP with host beans is in {@link HostBeansTest}.)
 */
class BackOffTest {
  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(KeywardenAutoConfiguration.class))
      .withPropertyValues("keywarden.jdbc.enabled=false", "management.endpoints.web.exposure.include=keywarden")
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

  @Test
  void everyPart_isAutoConfigured_withoutHostBeans() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasSingleBean(AccessGuard.class).hasSingleBean(KeywardenFilter.class)
          .hasSingleBean(KeywardenMetrics.class).hasSingleBean(KeywardenEndpoint.class)
          .hasSingleBean(CallerArgumentResolver.class).hasBean("keywardenHealthIndicator")
          .hasBean(KeywardenAutoConfiguration.FILTER_REGISTRATION).hasBean("keywardenWebMvcConfigurer");
      assertThat(context.getBean(UserResolver.class)).isInstanceOf(SecurityContextUserResolver.class);
    });
  }

  @Test
  void everyPart_backsOffForAHostBean_andTheConditionsReportSaysSo() {
    runner.withUserConfiguration(HostParts.class).run(context -> {
      assertThat(context).hasNotFailed();
      HostParts host = context.getBean(HostParts.class);
      assertThat(context.getBean(AccessGuard.class)).isSameAs(host.guard);
      assertThat(context.getBean(KeywardenFilter.class)).isSameAs(host.filter);
      assertThat(context.getBean(UserResolver.class)).isSameAs(host.userResolver);
      assertThat(context.getBean(KeywardenMetrics.class)).isSameAs(host.metrics);
      assertThat(context.getBean(KeywardenEndpoint.class)).isSameAs(host.endpoint);
      assertThat(context.getBean(CallerArgumentResolver.class)).isSameAs(host.argumentResolver);
      assertThat(context.getBean("keywardenHealthIndicator")).isSameAs(host.health);
      assertThat(context.getBean(KeywardenAutoConfiguration.FILTER_REGISTRATION)).isSameAs(host.registration);
      assertThat(context.getBean("keywardenWebMvcConfigurer")).isSameAs(host.webMvc);

      ConditionEvaluationReport report = ConditionEvaluationReport.get(context.getBeanFactory());
      assertThat(report.getConditionAndOutcomesBySource().get(
          KeywardenAutoConfiguration.class.getName() + "#keywardenAccessGuard").isFullMatch()).isFalse();
      List<String> messages = new ArrayList<>();
      report.getConditionAndOutcomesBySource().get(KeywardenAutoConfiguration.class.getName() + "#keywardenUserResolver")
          .forEach(conditionAndOutcome -> messages.add(conditionAndOutcome.getOutcome().getMessage()));
      assertThat(messages).anySatisfy(message -> assertThat(message)
          .contains("found beans of type 'dev.keywarden.access.UserResolver' hostUserResolver"));
    });
  }

  @Test
  void hostKeyStore_plusConfiguredKeys_isRefused() {
    runner.withBean(ApiKeyStore.class, () -> digest -> Optional.empty())
        .withPropertyValues("keywarden.api-keys[0].secret=some-key-0001", "keywarden.api-keys[0].client-type=web")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidConfigurationException.class)
              .hasMessageContaining("an ApiKeyStore bean is defined too").hasMessageNotContaining("some-key-0001");
        });
  }

  @Test
  void withoutSpringSecurity_theFilterRunsRightAfterTheHiddenMethodFilter_andTheContainerPrincipalIsTheUser() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.security")).run(context -> {
      assertThat(context).hasNotFailed();
      // Spring Boot's OrderedHiddenHttpMethodFilter.DEFAULT_ORDER is -10000 (Boot 3.5 and 4.0).
      assertThat(context.getBean(KeywardenAutoConfiguration.FILTER_REGISTRATION, FilterRegistrationBean.class).getOrder())
          .isEqualTo(-10000 + 1);
      assertThat(context.getBean(UserResolver.class)).isNotInstanceOf(SecurityContextUserResolver.class);
    });
  }

  @Test
  void withoutOptionalLibraries_theGuardAndFilterStillComeUp() {
    runner.withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.actuate",
        "org.springframework.boot.health", "dev.keywarden.jdbc", "org.springframework.security")).run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(AccessGuard.class).hasSingleBean(KeywardenFilter.class)
              .doesNotHaveBean(KeywardenMetrics.class).doesNotHaveBean("keywardenHealthIndicator")
              .doesNotHaveBean(KeywardenEndpoint.class);
        });
  }

  @Test
  void disabled_definesNothing() {
    runner.withPropertyValues("keywarden.enabled=false", "keywarden.misspelt=1").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(AccessGuard.class).doesNotHaveBean(KeywardenFilter.class)
          .doesNotHaveBean(KeywardenMetrics.class).doesNotHaveBean(CallerArgumentResolver.class)
          .doesNotHaveBean("keywardenHealthIndicator");
    });
  }

  @Test
  void trustedHeaders_areOptIn() {
    runner.withPropertyValues("keywarden.trusted-headers=true").run(context ->
        assertThat(context.getBean(UserResolver.class)).isNotInstanceOf(SecurityContextUserResolver.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class HostParts {
    final AccessGuard guard = AccessGuard.builder().build();
    final KeywardenFilter filter = KeywardenFilter.builder(guard).build();
    final UserResolver userResolver = UserResolver.none();
    final KeywardenMetrics metrics = new KeywardenMetrics(new SimpleMeterRegistry());
    final KeywardenEndpoint endpoint = new KeywardenEndpoint(guard, null);
    final CallerArgumentResolver argumentResolver = new CallerArgumentResolver();
    final Object health = new Object();
    final FilterRegistrationBean<KeywardenFilter> registration = new FilterRegistrationBean<>(filter);
    final Object webMvc = new Object();

    @Bean
    AccessGuard hostGuard() {
      return guard;
    }

    @Bean
    KeywardenFilter hostFilter() {
      return filter;
    }

    @Bean
    UserResolver hostUserResolver() {
      return userResolver;
    }

    @Bean
    KeywardenMetrics hostMetrics() {
      return metrics;
    }

    @Bean
    KeywardenEndpoint hostEndpoint() {
      return endpoint;
    }

    @Bean
    CallerArgumentResolver hostArgumentResolver() {
      return argumentResolver;
    }

    @Bean
    Object keywardenHealthIndicator() {
      return health;
    }

    @Bean
    FilterRegistrationBean<KeywardenFilter> keywardenFilterRegistration() {
      return registration;
    }

    @Bean
    Object keywardenWebMvcConfigurer() {
      return webMvc;
    }
  }
}
