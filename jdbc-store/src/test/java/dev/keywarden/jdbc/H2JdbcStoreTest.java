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
}
