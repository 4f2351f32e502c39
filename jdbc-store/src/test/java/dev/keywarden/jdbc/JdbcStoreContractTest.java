package dev.keywarden.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import dev.keywarden.access.AccessDecision;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.DenyCode;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.extract.RequestView;
import dev.keywarden.store.ApiKeyStoreException;
import dev.keywarden.store.CachingApiKeyStore;
import dev.keywarden.store.DuplicateApiKeyException;
import dev.keywarden.store.InvalidKeyReason;
import dev.keywarden.store.KeyResolution;
import dev.keywarden.store.KeyResolver;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every store and management operation, on a real database (subclasses: H2, PostgreSQL). */
abstract class JdbcStoreContractTest {
  abstract DataSource dataSource();

  JdbcApiKeyStore store;

  @BeforeEach
  void cleanSchema() throws SQLException {
    JdbcSchema.migrate(dataSource());
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM keywarden_api_keys");
    }
    store = JdbcApiKeyStore.builder(dataSource()).build();
  }

  private static ApiKey key(String secret, String clientType, String id) {
    return ApiKey.builder().secret(secret).clientType(clientType).id(id).build();
  }

  @Test
  void migrate_isVersionedAndIdempotent() {
    assertThat(JdbcSchema.migrate(dataSource())).isEqualTo(JdbcSchema.CURRENT_VERSION);
    assertThat(JdbcSchema.migrate(dataSource())).isEqualTo(JdbcSchema.CURRENT_VERSION);
  }

  @Test
  void createFindUpdateActivateDeleteList() {
    ApiKey web = ApiKey.builder().secret("jdbc-web").clientType("web").id("w1").description("front end")
        .expiresAt("2030-01-01T00:00:00Z").build();
    store.create(web);
    assertThat(store.findByDigest(KeyDigest.of("jdbc-web"))).contains(web);
    assertThat(store.findById("w1")).contains(web);
    assertThat(store.findByDigest(KeyDigest.of("nope"))).isEmpty();

    assertThat(store.deactivate("w1")).isTrue();
    assertThat(store.findById("w1")).map(ApiKey::active).contains(false);
    assertThat(store.activate("w1")).isTrue();
    ApiKey renamed = web.toBuilder().clientType("mobile").description("renamed").build();
    assertThat(store.update(renamed)).isTrue();
    assertThat(store.findById("w1")).contains(renamed);
    assertThat(store.listByClientType("mobile")).containsExactly(renamed);
    assertThat(store.delete("w1")).isTrue();
    assertThat(store.findById("w1")).isEmpty();
    assertThat(store.delete("w1")).isFalse();
    assertThat(store.deactivate("w1")).isFalse();
    assertThat(store.update(renamed)).isFalse();
  }

  @Test
  void duplicates_areRefusedWithTheExistingKeysId() {
    store.create(key("dup-secret", "web", "first"));
    assertThatThrownBy(() -> store.create(key("dup-secret", "web", "second")))
        .isInstanceOf(DuplicateApiKeyException.class)
        .hasMessage("a key with the same secret already exists (id first)");
    assertThatThrownBy(() -> store.create(key("other-secret", "web", "first")))
        .isInstanceOf(DuplicateApiKeyException.class).hasMessage("a key with id first already exists");
    store.create(key("third-secret", "web", "third"));
    assertThatThrownBy(() -> store.update(key("dup-secret", "web", "third")))
        .isInstanceOf(DuplicateApiKeyException.class);
  }

  @Test
  void paging_byClientType() {
    for (int i = 0; i < 25; i++) {
      store.create(key("page-" + i, "web", String.format("k%02d", i)));
    }
    store.create(key("other", "mobile", "m1"));
    assertThat(store.listByClientType("web", 0, 10)).extracting(ApiKey::id).startsWith("k00").hasSize(10);
    assertThat(store.listByClientType("web", 20, 10)).extracting(ApiKey::id).containsExactly("k20", "k21", "k22", "k23", "k24");
    assertThat(store.listByClientType("web", 30, 10)).isEmpty();
    assertThat(store.list()).hasSize(26);
    assertThatThrownBy(() -> store.listByClientType("web", -1, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expiry_isRefusedFromItsInstant() {
    store.create(ApiKey.builder().secret("expiring").clientType("web").id("exp1").expiresAt("2030-01-01T00:00:00Z").build());
    KeyResolver before = KeyResolver.builder(store).clock(Clock.fixed(Instant.parse("2029-12-31T23:59:59Z"), ZoneOffset.UTC)).build();
    KeyResolver at = KeyResolver.builder(store).clock(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC)).build();
    assertThat(before.resolve("expiring")).isInstanceOf(KeyResolution.Valid.class);
    assertThat(at.resolve("expiring")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.EXPIRED, "exp1"));
  }

  @Test
  void createGenerated_returnsTheSecretOnce_andNeverStoresIt() throws SQLException {
    String secret = store.createGenerated("partner", "ACME");
    assertThat(store.findByDigest(KeyDigest.of(secret))).map(ApiKey::clientType).contains("partner");
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT * FROM keywarden_api_keys")) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        for (int i = 1; i <= columns; i++) {
          assertThat(String.valueOf(rows.getObject(i))).doesNotContain(secret);
        }
      }
    }
  }

  @Test
  void databaseOutage_failsClosedWith503_thenRecovers() {
    store.create(key("outage-key", "web", "o1"));
    AtomicBoolean down = new AtomicBoolean();
    DataSource flaky = failing(dataSource(), down);
    AccessGuard guard = AccessGuard.builder()
        .keyStore(CachingApiKeyStore.of(JdbcApiKeyStore.builder(flaky).build()))
        .rule(EndpointRule.builder("GET", "/x").isPublic(true).apiKeyRequired(true).build())
        .build();
    RequestView request = RequestView.builder("GET", "/x").header("client-key", "outage-key").build();
    RequestView unknown = RequestView.builder("GET", "/x").header("client-key", "never-seen").build();
    down.set(true);
    assertThat(guard.decide(request)).isEqualTo(new AccessDecision.Deny(DenyCode.KEY_STORE_UNAVAILABLE, 503));
    assertThat(guard.decide(unknown)).isEqualTo(new AccessDecision.Deny(DenyCode.KEY_STORE_UNAVAILABLE, 503));
    assertThatThrownBy(() -> JdbcApiKeyStore.builder(flaky).build().findByDigest(KeyDigest.of("x")))
        .isInstanceOf(ApiKeyStoreException.class).hasMessageNotContaining("outage-key");
    down.set(false);
    assertThat(guard.decide(request)).isInstanceOf(AccessDecision.Allow.class);
  }

  @Test
  void databaseOutage_throughTheFilterOnJetty_is503_thenRecovers() throws Exception {
    store.create(key("http-outage-key", "web", "h1"));
    AtomicBoolean down = new AtomicBoolean();
    AccessGuard guard = AccessGuard.builder()
        .keyStore(CachingApiKeyStore.of(JdbcApiKeyStore.builder(failing(dataSource(), down)).build()))
        .rule(EndpointRule.builder("GET", "/x").isPublic(true).apiKeyRequired(true).build())
        .build();
    org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server();
    org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    org.eclipse.jetty.ee10.servlet.ServletContextHandler context = new org.eclipse.jetty.ee10.servlet.ServletContextHandler("/");
    context.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(
        dev.keywarden.servlet.KeywardenFilter.builder(guard).build()), "/*",
        java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
    context.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(new jakarta.servlet.http.HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void doGet(jakarta.servlet.http.HttpServletRequest request,
          jakarta.servlet.http.HttpServletResponse response) {
        response.setStatus(200);
      }
    }), "/*");
    server.setHandler(context);
    server.start();
    try {
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/x"))
          .header("client-key", "http-outage-key").build();
      down.set(true);
      java.net.http.HttpResponse<String> during = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(during.statusCode()).isEqualTo(503);
      assertThat(during.headers().firstValue("Retry-After")).isPresent();
      assertThat(during.body()).contains("key-store-unavailable").doesNotContain("http-outage-key");
      down.set(false);
      assertThat(client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    } finally {
      server.stop();
    }
  }

  /** A data source that refuses connections while {@code down} is set, like a database outage. */
  static DataSource failing(DataSource real, AtomicBoolean down) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getConnection") && down.get()) {
            throw new SQLTransientConnectionException("connection refused", "08001");
          }
          try {
            return method.invoke(real, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void rotate_oldSecretUntilGraceEnds_thenOnlyTheNew_andFollowsTheKey() {
    store.create(ApiKey.builder().secret("rot-old").clientType("web").id("r1").description("d").build());
    SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    KeyResolver resolver = KeyResolver.builder(store).clock(clock).build();
    ApiKey rotated = store.rotate("r1", KeyDigest.of("rot-new"), clock.instant().plusSeconds(3600)).orElseThrow();
    assertThat(rotated.id()).isEqualTo("r1");
    assertThat(rotated.digest()).isEqualTo(KeyDigest.of("rot-new"));
    assertThat(rotated.description()).hasValue("d");
    assertThat(resolver.resolve("rot-old")).isInstanceOf(KeyResolution.Valid.class);
    assertThat(resolver.resolve("rot-new")).isInstanceOf(KeyResolution.Valid.class);
    clock.set(clock.instant().plusSeconds(3600));
    assertThat(resolver.resolve("rot-old")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.EXPIRED, "r1"));
    assertThat(resolver.resolve("rot-new")).isInstanceOf(KeyResolution.Valid.class);

    store.rotate("r1", KeyDigest.of("rot-third"), clock.instant().plusSeconds(60));
    assertThat(resolver.resolve("rot-old")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(resolver.resolve("rot-new")).isInstanceOf(KeyResolution.Valid.class);
    assertThatThrownBy(() -> store.create(key("rot-new", "web", "r2"))).isInstanceOf(DuplicateApiKeyException.class);
    store.create(key("rot-other", "web", "r3"));
    assertThatThrownBy(() -> store.rotate("r1", KeyDigest.of("rot-other"), clock.instant()))
        .isInstanceOf(DuplicateApiKeyException.class);
    assertThat(store.rotate("missing", KeyDigest.of("x"), clock.instant())).isEmpty();
    java.util.Map<String, dev.keywarden.store.ApiKeyManagement.Timestamps> times =
        store.timestamps(java.util.List.of("r1", "r3", "missing"));
    assertThat(times).containsOnlyKeys("r1", "r3");
    assertThat(times.get("r1").updated()).isAfter(times.get("r1").created()); // rotated since
    store.delete("r1");
    assertThat(resolver.resolve("rot-new")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(resolver.resolve("rot-third")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
  }

  @Test
  void rotate_thenDeactivate_dropsTheOldSecretForGood_andCachesHearOfIt() throws SQLException {
    store.create(ApiKey.builder().secret("re-old").clientType("web").id("re1").build());
    SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    CachingApiKeyStore cache = CachingApiKeyStore.builder(store).build();
    KeyResolver resolver = KeyResolver.builder(cache).clock(clock).build();
    store.rotate("re1", KeyDigest.of("re-new"), clock.instant().plusSeconds(86_400));
    assertThat(resolver.resolve("re-old")).isInstanceOf(KeyResolution.Valid.class); // cached now
    assertThat(resolver.resolve("re-new")).isInstanceOf(KeyResolution.Valid.class);
    java.util.List<KeyDigest> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    store.addChangeListener(new dev.keywarden.store.KeyChangeListener() {
      @Override
      public void keyChanged(KeyDigest digest) {
        told.add(digest);
      }

      @Override
      public void allKeysChanged() {
        throw new AssertionError("a single key changed");
      }
    });

    store.deactivate("re1");
    assertThat(told).contains(KeyDigest.of("re-old"), KeyDigest.of("re-new"));
    assertThat(resolver.resolve("re-old")).isInstanceOf(KeyResolution.Invalid.class);
    assertThat(resolver.resolve("re-new")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.INACTIVE, "re1"));
    assertThat(retiredRows("re1")).isZero();
    store.activate("re1");
    assertThat(resolver.resolve("re-old")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(resolver.resolve("re-new")).isInstanceOf(KeyResolution.Valid.class);

    // the same through update(...) with active false, then true
    store.rotate("re1", KeyDigest.of("re-third"), clock.instant().plusSeconds(86_400));
    assertThat(resolver.resolve("re-new")).isInstanceOf(KeyResolution.Valid.class);
    ApiKey current = store.findById("re1").orElseThrow();
    told.clear();
    store.update(current.withActive(false));
    assertThat(told).contains(KeyDigest.of("re-new"));
    store.update(current.withActive(true));
    assertThat(resolver.resolve("re-new")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(resolver.resolve("re-third")).isInstanceOf(KeyResolution.Valid.class);
    // the dropped secret belongs to nobody now
    store.create(key("re-new", "web", "re2"));
    assertThat(resolver.resolve("re-new")).isInstanceOf(KeyResolution.Valid.class);

    // an inactive key keeps no old secret when rotated
    store.deactivate("re1");
    store.rotate("re1", KeyDigest.of("re-fourth"), clock.instant().plusSeconds(86_400));
    assertThat(retiredRows("re1")).isZero();
    store.activate("re1");
    assertThat(resolver.resolve("re-third")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(resolver.resolve("re-fourth")).isInstanceOf(KeyResolution.Valid.class);
  }

  @Test
  void rotate_thenExpire_dropsTheOldSecretForGood_andCachesHearOfIt() throws SQLException {
    store.create(ApiKey.builder().secret("ex-old").clientType("web").id("ex1").build());
    SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    CachingApiKeyStore cache = CachingApiKeyStore.builder(store).build();
    KeyResolver resolver = KeyResolver.builder(cache).clock(clock).build();
    store.rotate("ex1", KeyDigest.of("ex-new"), clock.instant().plusSeconds(3600));
    assertThat(resolver.resolve("ex-old")).isInstanceOf(KeyResolution.Valid.class); // cached now
    assertThat(resolver.resolve("ex-new")).isInstanceOf(KeyResolution.Valid.class);
    java.util.List<KeyDigest> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    store.addChangeListener(new dev.keywarden.store.KeyChangeListener() {
      @Override
      public void keyChanged(KeyDigest digest) {
        told.add(digest);
      }

      @Override
      public void allKeysChanged() {
        throw new AssertionError("a single key changed");
      }
    });

    // extending the expiry of a valid key keeps the grace
    ApiKey current = store.findById("ex1").orElseThrow();
    store.update(current.toBuilder().expiresAt(Instant.now().plusSeconds(3650L * 86_400)).build());
    assertThat(retiredRows("ex1")).isOne();
    assertThat(resolver.resolve("ex-old")).isInstanceOf(KeyResolution.Valid.class);

    // past for the resolver's clock and for the wall clock the store goes by
    told.clear();
    store.update(current.toBuilder().expiresAt(Instant.parse("2020-01-01T00:00:00Z")).build());
    assertThat(told).contains(KeyDigest.of("ex-old"), KeyDigest.of("ex-new"));
    assertThat(retiredRows("ex1")).isZero();
    assertThat(resolver.resolve("ex-old")).isInstanceOf(KeyResolution.Invalid.class);
    assertThat(resolver.resolve("ex-new")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.EXPIRED, "ex1"));
    store.update(current.toBuilder().expiresAt((Instant) null).build());
    assertThat(resolver.resolve("ex-old")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(resolver.resolve("ex-new")).isInstanceOf(KeyResolution.Valid.class);

    // an expired key keeps no old secret when rotated
    store.update(current.toBuilder().expiresAt(Instant.parse("2020-01-01T00:00:00Z")).build());
    store.rotate("ex1", KeyDigest.of("ex-third"), clock.instant().plusSeconds(86_400));
    assertThat(retiredRows("ex1")).isZero();
    store.update(store.findById("ex1").orElseThrow().toBuilder().expiresAt((Instant) null).build());
    assertThat(resolver.resolve("ex-new")).isEqualTo(new KeyResolution.Invalid(InvalidKeyReason.UNKNOWN));
    assertThat(resolver.resolve("ex-third")).isInstanceOf(KeyResolution.Valid.class);
  }

  private int retiredRows(String id) throws SQLException {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM keywarden_retired_secrets WHERE id = '" + id + "'")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
