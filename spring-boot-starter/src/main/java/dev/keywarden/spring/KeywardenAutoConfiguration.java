package dev.keywarden.spring;

import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.AccessListener;
import dev.keywarden.access.BackofficeDetector;
import dev.keywarden.access.UserResolver;
import dev.keywarden.jdbc.JdbcApiKeyStore;
import dev.keywarden.jdbc.JdbcSchema;
import dev.keywarden.servlet.DenialWriter;
import dev.keywarden.servlet.KeywardenFilter;
import dev.keywarden.store.ApiKeyStore;
import dev.keywarden.store.CachingApiKeyStore;
import dev.keywarden.store.InMemoryApiKeyStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configuration of Keywarden for Spring Boot 3.5 and 4.0, from the {@code keywarden.*}
 * properties ({@link KeywardenProperties}).
 *
 * <ul>
 *   <li>an {@link AccessGuard} (bean {@code keywardenAccessGuard}), its {@link KeywardenFilter}
 *       and the filter's registration ({@code keywardenFilterRegistration}: every path,
 *       {@code REQUEST} dispatches, right after Spring Security's filter chain when Spring
 *       Security is present so its users are seen, otherwise right after Spring's
 *       {@code HiddenHttpMethodFilter} so the method judged is the one the controller runs); a host
 *       {@link DenialWriter} bean writes the body of refusals instead of the problem+json default;
 *       Spring's {@code RequestContextHolder} holds the request Keywarden gives, to that writer and
 *       after the filter;
 *   <li>a {@link UserResolver}: the Mia-Platform trusted headers when
 *       {@code keywarden.trusted-headers=true}; else Spring Security's {@code SecurityContext}
 *       when Spring Security is present; else the container principal;
 *   <li>keys: a host {@link ApiKeyStore} bean; else the JDBC store when {@code keywarden-jdbc} is
 *       on the class path and a {@code DataSource} exists; else {@code keywarden.api-keys} in
 *       memory. A store bean is put behind a {@link CachingApiKeyStore};
 *   <li>Micrometer metrics ({@link KeywardenMetrics}), an Actuator health indicator, the
 *       {@code keywarden} endpoint ({@link KeywardenEndpoint}) and the masking of Keywarden's
 *       secrets in the {@code configprops} and {@code env} endpoints;
 *   <li>{@link CallerArgumentResolver}, so controller methods can take the {@code Caller}.
 * </ul>
 *
 * <p>Each part backs off when the host defines its own bean, and everything is off with
 * {@code keywarden.enabled=false} (any value but true or false refuses the start). Boot 3 and
 * Boot 4 put some auto-configurations in other packages; they are named here by both names, and
 * one of each pair is simply absent.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@Conditional(KeywardenEnabledCondition.class)
@EnableConfigurationProperties(KeywardenProperties.class)
@Import({KeywardenActuatorConfiguration.Boot3Health.class, KeywardenActuatorConfiguration.Boot4Health.class,
    KeywardenActuatorConfiguration.RulesEndpoint.class, KeywardenActuatorConfiguration.SecretSanitizing.class})
public class KeywardenAutoConfiguration {
  /** The bean name of the filter registration; define a bean of this name to replace it. */
  public static final String FILTER_REGISTRATION = "keywardenFilterRegistration";

  /** Spring Security's filter order unless {@code spring.security.filter.order} says otherwise. */
  static final int SECURITY_DEFAULT_FILTER_ORDER = -100;

  /**
   * The order of Spring Boot's {@code OrderedHiddenHttpMethodFilter} ({@code DEFAULT_ORDER}, the
   * same in Boot 3.5 and 4.0, where the class moved package). With
   * {@code spring.mvc.hiddenmethod.filter.enabled=true} that filter turns a {@code POST} with
   * {@code _method=DELETE} into a {@code DELETE}: Keywarden must run after it, or it would judge the
   * {@code POST} while the controller runs the {@code DELETE}.
   */
  static final int HIDDEN_METHOD_FILTER_ORDER = -10000;

  private static final Logger LOG = LoggerFactory.getLogger(KeywardenAutoConfiguration.class);
  private static final String SPRING_SECURITY = "org.springframework.security.core.context.SecurityContextHolder";
  private static final String REQUEST_CONTEXT_HOLDER = "org.springframework.web.context.request.RequestContextHolder";

  /** Creates the configuration. */
  public KeywardenAutoConfiguration() {}

  /** Validates the properties once, reporting every problem in one exception. */
  @Bean
  ResolvedConfiguration keywardenResolvedConfiguration(KeywardenProperties properties, ResourceLoader resourceLoader) {
    return ConfigurationResolver.resolve(properties, resourceLoader);
  }

  /**
   * {@return who the user is: the trusted headers when enabled, else Spring Security's context
   * when it is on the class path, else the container principal}
   *
   * @param properties the properties
   * @param resourceLoader the application's class loader, as conditions see it
   */
  @Bean
  @ConditionalOnMissingBean
  public UserResolver keywardenUserResolver(KeywardenProperties properties, ResourceLoader resourceLoader) {
    if (properties.isTrustedHeaders()) {
      return UserResolver.trustedHeaders();
    }
    if (ClassUtils.isPresent(SPRING_SECURITY, resourceLoader.getClassLoader())) {
      return new SecurityContextUserResolver(properties.getSecurity().getGroupPrefix(),
          properties.getSecurity().getPermissionPrefix());
    }
    return UserResolver.containerPrincipal();
  }

  /**
   * {@return the access guard over the validated configuration} A key store bean goes behind a
   * cache, and every {@link AccessListener} bean hears each decision.
   *
   * @param configuration the validated properties
   * @param properties the properties
   * @param stores a host or JDBC key store, if any
   * @param userResolver who the user is
   * @param backofficeDetector a host back-office detector, if any
   * @param listeners the listeners told of every decision (metrics, the host's)
   * @throws InvalidConfigurationException if keys are configured beside a key store bean
   */
  @Bean
  @ConditionalOnMissingBean
  public AccessGuard keywardenAccessGuard(ResolvedConfiguration configuration, KeywardenProperties properties,
      ObjectProvider<ApiKeyStore> stores, UserResolver userResolver,
      ObjectProvider<BackofficeDetector> backofficeDetector, ObjectProvider<AccessListener> listeners) {
    AccessGuard.Builder builder = AccessGuard.builder()
        .config(configuration.config())
        .keyExtractor(configuration.extractor())
        .defaultRule(configuration.defaultRule())
        .userResolver(userResolver)
        .backofficeDetector(backofficeDetector.getIfAvailable(BackofficeDetector::never));
    configuration.statuses().forEach(builder::status);
    ApiKeyStore store = stores.getIfAvailable();
    if (store != null) {
      if (!configuration.config().apiKeys().isEmpty()) {
        throw new InvalidConfigurationException(List.of("API keys are configured (keywarden.api-keys or "
            + "keywarden.config-location) and an ApiKeyStore bean is defined too (" + store.getClass().getSimpleName()
            + "); put the keys in the store, or set keywarden.jdbc.enabled=false to keep them in memory"));
      }
      builder.keyStore(cached(store, properties.getCache()));
    }
    List<AccessListener> all = listeners.orderedStream().toList();
    if (!all.isEmpty()) {
      builder.listener(all.size() == 1 ? all.get(0) : event -> all.forEach(listener -> listener.onDecision(event)));
    }
    return builder.build();
  }

  private static ApiKeyStore cached(ApiKeyStore store, KeywardenProperties.Cache cache) {
    if (store instanceof CachingApiKeyStore || store instanceof InMemoryApiKeyStore) {
      return store; // already a map lookup
    }
    return CachingApiKeyStore.builder(store).ttl(cache.getTtl()).maximumSize(cache.getMaximumSize()).build();
  }

  /** The servlet filter and its registration. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "jakarta.servlet.Filter")
  static class ServletConfiguration {
    // No @ConditionalOnBean(AccessGuard.class): member classes are processed before the outer
    // class's beans are registered; the guard always exists (the host's or ours) when this runs.
    @Bean
    @ConditionalOnMissingBean
    KeywardenFilter keywardenFilter(AccessGuard guard, ObjectProvider<ResolvedConfiguration> configuration,
        ObjectProvider<DenialWriter> denialWriter, ResourceLoader resourceLoader) {
      KeywardenFilter.Builder builder = KeywardenFilter.builder(guard);
      ResolvedConfiguration resolved = configuration.getIfAvailable();
      if (resolved != null) {
        builder.realm(resolved.realm());
      }
      boolean springWeb = ClassUtils.isPresent(REQUEST_CONTEXT_HOLDER, resourceLoader.getClassLoader());
      // The writer finds the request it is given in RequestContextHolder too, not the raw one.
      denialWriter.ifAvailable(writer -> builder.denialWriter(
          springWeb ? RequestContextBinding.denialWriter(writer) : writer));
      return builder.build();
    }

    @Bean(name = FILTER_REGISTRATION)
    @ConditionalOnMissingBean(name = FILTER_REGISTRATION)
    FilterRegistrationBean<KeywardenFilter> keywardenFilterRegistration(KeywardenFilter filter, Environment environment,
        ResourceLoader resourceLoader, KeywardenProperties properties) {
      if (separateManagementPort(environment) && !properties.isAllowUnprotectedManagementPort()) {
        throw new InvalidConfigurationException(List.of("management.server.port sets a separate management port: "
            + "Keywarden protects only the main server, not the management (actuator) child context on that port; "
            + "serve the actuator on the main port (remove management.server.port), protect the management port "
            + "otherwise (network, Spring Security) and set keywarden.allow-unprotected-management-port=true"));
      }
      FilterRegistrationBean<KeywardenFilter> registration = new FilterRegistrationBean<>(filter);
      registration.setName("keywardenFilter");
      registration.addUrlPatterns("/*");
      // ERROR too: an error page (Spring's ErrorController) sees the protected request, and never
      // a request the container refused before any filter (Tomcat's 405 to TRACE). ASYNC too: the
      // target of an AsyncContext.dispatch sees the protected request, whatever request the
      // application started it with. (A FilterRegistrationBean is asyncSupported by default.)
      registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
      registration.setOrder(filterOrder(environment, resourceLoader.getClassLoader()));
      return registration;
    }

    /**
     * Whether the actuator is served on a separate port, by a child context this filter is not
     * registered in. Boot's own rule ({@code ManagementPortType}, whose package differs between
     * Boot 3.5 and 4.0): the same port when unset, when 8080 and the server port is unset, or when
     * equal to a non-zero server port; disabled when negative.
     */
    static boolean separateManagementPort(Environment environment) {
      Integer management = environment.getProperty("management.server.port", Integer.class);
      if (management == null || management < 0) {
        return false;
      }
      Integer server = environment.getProperty("server.port", Integer.class);
      boolean same = (server == null && management == 8080) || (management != 0 && management.equals(server));
      return !same;
    }

    /**
     * Right after Spring Security's filter chain when Spring Security is there, so its
     * authentication is in the context; otherwise right after Spring's
     * {@code HiddenHttpMethodFilter} ({@link #HIDDEN_METHOD_FILTER_ORDER} + 1), still before the
     * application's filters and Spring's {@code FormContentFilter}. Never before the hidden-method
     * filter, even when {@code spring.security.filter.order} is set below it: a request is judged
     * with the method the controller will see (external finding F2: registered at
     * {@code HIGHEST_PRECEDENCE + 10}, Keywarden judged {@code POST} while the controller ran
     * the {@code DELETE} named by {@code _method}).
     */
    static int filterOrder(Environment environment, ClassLoader classLoader) {
      int afterHiddenMethod = HIDDEN_METHOD_FILTER_ORDER + 1;
      if (ClassUtils.isPresent("org.springframework.security.web.FilterChainProxy", classLoader)) {
        int securityOrder = environment.getProperty("spring.security.filter.order", Integer.class,
            SECURITY_DEFAULT_FILTER_ORDER);
        return Math.max(securityOrder + 1, afterHiddenMethod);
      }
      return afterHiddenMethod;
    }
  }

  /**
   * Spring's {@code RequestContextHolder} holds the request Keywarden hands on, not the raw one
   * Spring's {@code RequestContextFilter} bound before it ({@link RequestContextBinding}): a
   * filter right after Keywarden's, for the same dispatches.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = {"jakarta.servlet.Filter", REQUEST_CONTEXT_HOLDER})
  static class RequestContextConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "keywardenRequestContextRegistration")
    FilterRegistrationBean<Filter> keywardenRequestContextRegistration(
        @Qualifier(FILTER_REGISTRATION) ObjectProvider<Ordered> keywarden, Environment environment,
        ResourceLoader resourceLoader) {
      FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(RequestContextBinding.filter());
      registration.setName("keywardenRequestContextFilter");
      registration.addUrlPatterns("/*");
      registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
      Ordered registered = keywarden.getIfAvailable();
      int order = registered != null ? registered.getOrder()
          : ServletConfiguration.filterOrder(environment, resourceLoader.getClassLoader());
      registration.setOrder(order == Ordered.LOWEST_PRECEDENCE ? order : order + 1);
      return registration;
    }
  }

  /** {@code Caller} as a controller method parameter. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.web.servlet.config.annotation.WebMvcConfigurer")
  static class WebMvcConfiguration {
    @Bean
    @ConditionalOnMissingBean
    CallerArgumentResolver keywardenCallerArgumentResolver() {
      return new CallerArgumentResolver();
    }

    @Bean
    @ConditionalOnMissingBean(name = "keywardenWebMvcConfigurer")
    WebMvcConfigurer keywardenWebMvcConfigurer(CallerArgumentResolver resolver) {
      return new WebMvcConfigurer() {
        @Override
        public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
          resolvers.add(resolver);
        }
      };
    }
  }

  /** The JDBC store over the host's {@code DataSource}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.keywarden.jdbc.JdbcApiKeyStore")
  @ConditionalOnBean(DataSource.class)
  @ConditionalOnProperty(prefix = "keywarden.jdbc", name = "enabled", havingValue = "true", matchIfMissing = true)
  static class JdbcStoreConfiguration {
    @Bean
    @ConditionalOnMissingBean(ApiKeyStore.class)
    JdbcApiKeyStore keywardenJdbcApiKeyStore(DataSource dataSource, KeywardenProperties properties,
        ResourceLoader resourceLoader) {
      if (properties.getJdbc().isMigrate()) {
        int before = JdbcSchema.migrate(dataSource);
        if (before < JdbcSchema.CURRENT_VERSION) {
          LOG.info("Keywarden key table migrated from version {} to {}", before, JdbcSchema.CURRENT_VERSION);
        }
      }
      return JdbcApiKeyStore.builder(dataSource)
          .listenForChanges(isPostgresql(dataSource, resourceLoader.getClassLoader()))
          .build();
    }

    /** LISTEN/NOTIFY exists on PostgreSQL only; elsewhere the cache TTL bounds staleness. */
    private static boolean isPostgresql(DataSource dataSource, ClassLoader classLoader) {
      if (!ClassUtils.isPresent("org.postgresql.PGConnection", classLoader)) {
        return false;
      }
      try (Connection connection = dataSource.getConnection()) {
        return JdbcSchema.Dialect.of(connection) == JdbcSchema.Dialect.POSTGRESQL;
      } catch (SQLException | IllegalArgumentException e) {
        LOG.warn("cannot tell whether the key database is PostgreSQL ({}); cross-node change notices are off",
            e.toString());
        return false;
      }
    }
  }

  /** Micrometer metrics. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    KeywardenMetrics keywardenMetrics(MeterRegistry registry) {
      return new KeywardenMetrics(registry);
    }
  }
}
