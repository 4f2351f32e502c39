package dev.keywarden.examples.snippets;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyGenerator;
import dev.keywarden.KeyDigest;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.Caller;
import dev.keywarden.access.DenyCode;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.access.KeywardenConfig;
import dev.keywarden.access.User;
import dev.keywarden.access.UserResolver;
import dev.keywarden.expression.GroupExpression;
import dev.keywarden.expression.Subject;
import dev.keywarden.jdbc.JdbcApiKeyStore;
import dev.keywarden.jdbc.JdbcSchema;
import dev.keywarden.store.ApiKeyStore;
import dev.keywarden.store.ApiKeyStoreException;
import dev.keywarden.store.CachingApiKeyStore;
import dev.keywarden.store.InMemoryApiKeyStore;
import dev.keywarden.servlet.KeywardenFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.catalina.Context;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/**
 * The code shown in the README, kept here so that it compiles with every build. A test checks
 * that each Java block of the README appears in this file.
 */
@SuppressWarnings("unused")
public final class ReadmeSnippets {
  private ReadmeSnippets() {}

  // --- implement ApiKeyStore -------------------------------------------------------------
  /** A host's own store: look a key up by the SHA-256 digest of the presented secret. */
  static final class DatabaseKeyStore implements ApiKeyStore {
    private final Map<String, ApiKey> rowsByDigestHex = new ConcurrentHashMap<>(); // stands in for a table

    @Override
    public Optional<ApiKey> findByDigest(KeyDigest digest) {
      try {
        return Optional.ofNullable(rowsByDigestHex.get(digest.hex()));
      } catch (RuntimeException e) {
        throw new ApiKeyStoreException("key lookup failed", e); // answered with 503, never an allow
      }
    }
  }

  static AccessGuard guardInCode() {
    // --- build a guard in code -----------------------------------------------------------
    AccessGuard guard = AccessGuard.builder()
        .keyStore(CachingApiKeyStore.builder(new DatabaseKeyStore()).ttl(Duration.ofSeconds(10)).build())
        .userResolver(UserResolver.containerPrincipal())
        .rule(EndpointRule.builder("GET", "/health").isPublic(true).build())
        .rule(EndpointRule.builder("ALL", "/orders/**").isPublic(true).apiKeyRequired(true)
            .userGroupPermission("clientType == 'web' || groups.admin").build())
        .rule(EndpointRule.builder("ALL", "/admin/**").userGroupPermission("groups.admin").build())
        .status(DenyCode.INVALID_API_KEY, 401)
        .build();
    return guard;
  }

  static AccessGuard guardFromJson(Path file) throws IOException {
    // --- configure from JSON -------------------------------------------------------------
    KeywardenConfig config = new ObjectMapper().readValue(file.toFile(), KeywardenConfig.class);
    AccessGuard guard = AccessGuard.builder().config(config).build(); // every problem in one exception
    return guard;
  }

  static void jetty(org.eclipse.jetty.server.Server server, ServletContextHandler context, AccessGuard guard) {
    // --- register in Jetty 12 (ee10) ------------------------------------------------------
    HttpConfiguration http = new HttpConfiguration();
    http.setHeaderCacheSize(0); // or http.setHeaderCacheCaseSensitive(true)
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    server.addConnector(connector);
    KeywardenFilter filter = KeywardenFilter.builder(guard).realm("orders-api").build();
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
  }

  static void tomcat(Context context, AccessGuard guard) {
    // --- register in Tomcat ---------------------------------------------------------------
    FilterDef definition = new FilterDef();
    definition.setFilterName("keywarden");
    definition.setFilter(KeywardenFilter.builder(guard).build());
    context.addFilterDef(definition);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName("keywarden");
    mapping.addURLPattern("/*");
    mapping.setDispatcher(DispatcherType.REQUEST.name());
    context.addFilterMap(mapping);
  }

  // --- register in Spring Boot ------------------------------------------------------------
  // In a @Configuration class:
  // @Bean
  static FilterRegistrationBean<KeywardenFilter> keywardenFilter(AccessGuard guard) {
    FilterRegistrationBean<KeywardenFilter> registration =
        new FilterRegistrationBean<>(KeywardenFilter.builder(guard).build());
    registration.addUrlPatterns("/*");
    // After Spring Security's filter chain (order -100 unless spring.security.filter.order says
    // otherwise): it authenticates the user that UserResolver.containerPrincipal() then sees.
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
    return registration;
  }

  static AccessGuard usersFromAnEarlierFilter(HttpServletRequest request) {
    // --- build a User ------------------------------------------------------------------------
    User alice = User.of("alice", Set.of("customers", "admin"), Set.of("orders.read")); // immutable
    request.setAttribute("app.user", alice); // in your authentication filter, once it knows the user
    AccessGuard guard = AccessGuard.builder()
        .userResolver(UserResolver.requestAttribute("app.user")) // Keywarden reads it from there
        .rule(EndpointRule.builder("ALL", "/admin/**").userGroupPermission("groups.admin").build())
        .build();
    return guard;
  }

  static UserResolver fromYourOwnSession() {
    // --- a UserResolver of your own ------------------------------------------------------------
    UserResolver resolver = request -> Optional.ofNullable(request.attribute("session.user"))
        .map(name -> User.of(name.toString(), group -> group.equals("customers"), permission -> false));
    return resolver;
  }

  static String whoCalled(HttpServletRequest request) {
    // --- read the caller in the application ---------------------------------------------------
    Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
    String clientType = request.getHeader("client-type"); // set by Keywarden, never by the client
    return caller.keyId().orElse("no key") + " / " + clientType;
  }

  static boolean evaluate() {
    // --- evaluate expressions in code ------------------------------------------------------
    GroupExpression rule = GroupExpression.parse("groups.admin || (groups.users && clientType == \"web\")");
    boolean allowed = rule.test(Subject.builder().groups("users").clientType("web").build()); // true
    boolean viaRoles = rule.test(Subject.of(role -> role.equals("admin"), permission -> false, null, false));
    return allowed && viaRoles;
  }

  static AccessGuard severalNodes(DataSource dataSource, String keyId) {
    // --- running on several nodes -------------------------------------------------------------
    JdbcSchema.migrate(dataSource);                       // versioned, idempotent; or run the SQL files yourself
    JdbcApiKeyStore keys = JdbcApiKeyStore.builder(dataSource).listenForChanges(true).build();
    AccessGuard guard = AccessGuard.builder().keyStore(CachingApiKeyStore.of(keys)) /* rules... */ .build();
    String secret = keys.createGenerated("partner", "ACME Ltd");   // shown once; only its digest is stored
    keys.deactivate(keyId);                                // refused on every node, see the bounds below
    return secret.isEmpty() ? null : guard;
  }

  static void generate(InMemoryApiKeyStore store) {
    // --- generate a key ----------------------------------------------------------------------
    String secret = ApiKeyGenerator.defaultGenerator().generate(); // kw_...; show it once
    store.create(ApiKey.builder().secret(secret).clientType("partner").description("ACME Ltd").build());
    store.deactivate(ApiKey.builder().secret(secret).clientType("partner").build().id()); // revoke
  }
}
