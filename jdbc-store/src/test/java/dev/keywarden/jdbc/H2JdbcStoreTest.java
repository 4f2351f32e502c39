package dev.keywarden.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import dev.keywarden.store.CachingApiKeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The JDBC store on H2: no notifications, so other nodes see changes within the cache TTL. */
class H2JdbcStoreTest extends JdbcStoreContractTest {
  private static final JdbcDataSource H2 = new JdbcDataSource();

  static {
    H2.setURL("jdbc:h2:mem:keywarden;DB_CLOSE_DELAY=-1");
  }

  @Override
  DataSource dataSource() {
    return H2;
  }

  @Test
  void twoNodes_onH2_seeARevocationWithinTheTtl() {
    store.create(ApiKey.builder().secret("h2-shared").clientType("web").id("shared").build());
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock = new Clock() {
      @Override
      public Instant instant() {
        return now.get();
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }
    };
    JdbcApiKeyStore nodeA = JdbcApiKeyStore.builder(H2).build();
    CachingApiKeyStore cacheB = CachingApiKeyStore.builder(JdbcApiKeyStore.builder(H2).build())
        .clock(clock).ttl(Duration.ofSeconds(10)).build();
    KeyDigest digest = KeyDigest.of("h2-shared");
    assertThat(cacheB.findByDigest(digest)).map(ApiKey::active).contains(true);
    nodeA.deactivate("shared");
    now.set(now.get().plusSeconds(9));
    assertThat(cacheB.findByDigest(digest)).map(ApiKey::active).contains(true); // stale within the TTL
    now.set(now.get().plusSeconds(1));
    assertThat(cacheB.findByDigest(digest)).map(ApiKey::active).contains(false); // never after it
  }

  @Test
  void migrate_fromVersion1_keepsTheKeys_andAddsRotation() throws Exception {
    JdbcDataSource v1 = new JdbcDataSource();
    v1.setURL("jdbc:h2:mem:keywarden-v1;DB_CLOSE_DELAY=-1");
    try (java.sql.Connection c = v1.getConnection(); java.sql.Statement s = c.createStatement()) {
      for (String sql : JdbcSchema.statements(new String(
          JdbcSchema.class.getResourceAsStream(JdbcSchema.Dialect.H2.resource(1)).readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8))) {
        s.execute(sql);
      }
      s.execute("CREATE TABLE keywarden_schema_version (version INT NOT NULL PRIMARY KEY,"
          + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      s.execute("INSERT INTO keywarden_schema_version VALUES (1, CURRENT_TIMESTAMP)");
      s.execute("INSERT INTO keywarden_api_keys VALUES ('" + KeyDigest.of("v1-key").hex()
          + "', 'v1', 'web', TRUE, NULL, NULL, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
    }
    JdbcApiKeyStore old = JdbcApiKeyStore.builder(v1).build();
    assertThat(JdbcSchema.migrate(v1)).isEqualTo(1);
    assertThat(JdbcSchema.migrate(v1)).isEqualTo(2);
    assertThat(old.findByDigest(KeyDigest.of("v1-key"))).map(ApiKey::id).contains("v1");
    old.rotate("v1", KeyDigest.of("v2-key"), Instant.parse("2100-01-01T00:00:00Z"));
    assertThat(old.findByDigest(KeyDigest.of("v1-key"))).map(ApiKey::expiresAt)
        .contains(java.util.Optional.of(Instant.parse("2100-01-01T00:00:00Z")));
    assertThat(old.findByDigest(KeyDigest.of("v2-key"))).map(ApiKey::id).contains("v1");
  }
}
