package dev.keywarden.spring.boot;

import static dev.keywarden.spring.boot.DecisionTableTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKey;
import dev.keywarden.jdbc.JdbcApiKeyStore;
import dev.keywarden.store.ApiKeyStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * keywarden-jdbc on the class path and a DataSource: the JDBC store (schema migrated on request)
 * behind the cache; a key deactivated through the store is refused at once, since the cache
 * hears the store's change notices.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("jdbc")
class JdbcStoreTest {
  @Value("${local.server.port}")
  int port;
  @Autowired
  ApiKeyStore store;

  @Test
  void jdbcStore_servesKeys_andDeactivationIsImmediate() {
    assertThat(store).isInstanceOf(JdbcApiKeyStore.class);
    JdbcApiKeyStore jdbc = (JdbcApiKeyStore) store;
    assertThat(jdbc.listening()).isFalse(); // H2: no LISTEN/NOTIFY, the cache TTL bounds staleness
    Http http = new Http(port);

    assertProblem(http.get("/api/orders/1", "client-key", "jdbc-key-0001"), 401, "invalid-api-key");
    ApiKey key = ApiKey.builder().secret("jdbc-key-0001").clientType("web").id("jdbc-1").build();
    jdbc.create(key);
    assertThat(http.get("/api/orders/1", "client-key", "jdbc-key-0001").body()).contains("clientType=web");

    jdbc.setActive("jdbc-1", false);
    assertProblem(http.get("/api/orders/1", "client-key", "jdbc-key-0001"), 401, "invalid-api-key");

    assertThat(http.get("/actuator/health/keywarden").body()).contains("\"UP\"").contains("JdbcApiKeyStore");
  }
}
