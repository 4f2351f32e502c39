package dev.keywarden.examples.snippets;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyGenerator;
import dev.keywarden.KeyDigest;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.ExplainProbe;
import dev.keywarden.access.Explanation;
import dev.keywarden.admin.AdminServlet;
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
import dev.keywarden.servlet.DenialWriter;
import dev.keywarden.servlet.KeywardenFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
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
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The code shown in the README, kept here so that it compiles with every build. A test checks
 * that each Java block of the README appears in this file.
 */
@SuppressWarnings("unused")
public final class ReadmeSnippets {
  private static final Logger AUDIT = LoggerFactory.getLogger("keywarden.audit");

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

  static Server jetty() throws Exception {
    // --- register in Jetty 12 (ee10) ------------------------------------------------------
    InMemoryApiKeyStore store = InMemoryApiKeyStore.of(List.of( // or InMemoryApiKeyStore.empty()
        ApiKey.builder().id("web-1").secret(System.getenv("WEB_API_KEY")).clientType("web").build()));
    AccessGuard guard = AccessGuard.builder().keyStore(store)
        .rule(EndpointRule.builder("ALL", "/orders/**").isPublic(true).apiKeyRequired(true).build())
        .build();
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setHeaderCacheSize(0); // or http.setHeaderCacheCaseSensitive(true)
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setPort(8080);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/"); // add your servlets to it
    KeywardenFilter filter = KeywardenFilter.builder(guard).realm("orders-api").build();
    context.addFilter(new FilterHolder(filter), "/*", // an embedded FilterHolder supports async by default
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC));
    server.setHandler(context);
    server.start();
    return server;
  }

  static void tomcat(Context context, AccessGuard guard) {
    // --- register in Tomcat ---------------------------------------------------------------
    FilterDef definition = new FilterDef();
    definition.setFilterName("keywarden");
    definition.setFilter(KeywardenFilter.builder(guard).build());
    definition.setAsyncSupported("true"); // off by default in Tomcat; needed by async servlets
    context.addFilterDef(definition);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName("keywarden");
    mapping.addURLPattern("/*");
    mapping.setDispatcher(DispatcherType.REQUEST.name());
    mapping.setDispatcher(DispatcherType.ERROR.name()); // error pages see the protected request
    mapping.setDispatcher(DispatcherType.ASYNC.name()); // so does an AsyncContext.dispatch target
    context.addFilterMap(mapping);
  }

  // --- register in Spring Boot ------------------------------------------------------------
  // In a @Configuration class:
  // @Bean
  static FilterRegistrationBean<KeywardenFilter> keywardenFilter(AccessGuard guard) {
    FilterRegistrationBean<KeywardenFilter> registration =
        new FilterRegistrationBean<>(KeywardenFilter.builder(guard).build());
    registration.addUrlPatterns("/*");
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
    // After Spring Security's filter chain (order -100 unless spring.security.filter.order says
    // otherwise): it authenticates the user that UserResolver.containerPrincipal() then sees.
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
    return registration;
  }

  // --- let Keywarden's paths through Spring Security -------------------------------------------
  // In a @Configuration class:
  // @Bean
  static SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http
        .authorizeHttpRequests(requests -> requests
            // Every path of a public: true rule (a key can pass it): Keywarden decides who passes.
            .requestMatchers("/orders/**").permitAll()
            .anyRequest().authenticated())             // paths for logged-in users only
        .httpBasic(Customizer.withDefaults())          // users log in; Keywarden sees them
        .csrf(csrf -> csrf.ignoringRequestMatchers("/orders/**")) // keys come in headers, not cookies
        .build();
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
    // groups tested by a function (here: servlet roles), no permissions, no client type, not back-office
    boolean viaRoles = rule.test(Subject.of(role -> role.equals("admin"), permission -> false, null, false));
    return allowed && viaRoles;
  }

  static KeywardenFilter customDenials(AccessGuard guard) {
    // --- refusal bodies -------------------------------------------------------------------------
    DenialWriter writer = (request, response, denial) -> {  // denial: status(), code(), title(), detail()
      response.setContentType("application/json");
      response.getWriter().write("{\"error\":\"" + denial.code() + "\"}");  // code: "invalid-api-key", ...
    };
    KeywardenFilter filter = KeywardenFilter.builder(guard).denialWriter(writer).build();
    return filter;
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

  static void manageKeys(ServletContextHandler context, InMemoryApiKeyStore store, AccessGuard guard) {
    // --- mount the key console ------------------------------------------------------------------
    AdminServlet admin = AdminServlet.builder(store, guard)          // any ApiKeyStore & ApiKeyManagement
        .adminRule("groups[\"keywarden-admin\"]")                   // unset: everybody is refused
        .userResolver(UserResolver.containerPrincipal())              // who is logged in, your way
        .auditListener(event -> AUDIT.info("{} {} key {}", event.actor(), event.action(), event.keyId()))
        .build();
    context.addServlet(new ServletHolder(admin), "/keywarden/*");
  }

  static String explain(AccessGuard guard) {
    // --- explain a decision ---------------------------------------------------------------------
    Explanation why = guard.explain(new ExplainProbe("GET", "/orders/7", null, "web", null, false));
    // why.row(): ALLOWED (row 9); why.rule(): GET /orders/**; why.atoms(): clientType = "web", ...
    return why.row().condition();
  }
}
