package dev.keywarden.spring.boot;

import static dev.keywarden.spring.boot.DecisionTableTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import dev.keywarden.access.AccessEvent;
import dev.keywarden.access.AccessListener;
import dev.keywarden.access.User;
import dev.keywarden.access.UserResolver;
import dev.keywarden.store.ApiKeyStore;
import dev.keywarden.store.ApiKeyStoreException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;

/**
 * A host's key store, user resolver and listener take the place of the auto-configured ones;
 * rules come from a YAML file in Keywarden's own format; statuses, key sources and the default
 * rule come from properties. Also row 4 of the decision table (the store cannot answer) and the
 * health indicator, DOWN while the store fails and UP after.
 */
@SpringBootTest(classes = {TestApplication.class, HostBeansTest.HostBeans.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("hoststore")
class HostBeansTest {
  private static final String KEY = "host-key-0001";
  private static final String OTHER_KEY = "host-key-0002";

  @Value("${local.server.port}")
  int port;
  @Autowired
  FlakyStore store;
  @Autowired
  Events recorded;

  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
    store.failing.set(false);
  }

  @Test
  void hostStore_isUsed_andRow4_storeUnavailable_is503_healthDownThenUp() {
    store.failing.set(true);
    HttpResponse<String> refused = http.get("/api/orders/1", "Authorization", "Bearer " + OTHER_KEY);
    assertProblem(refused, 503, "key-store-unavailable");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    HttpResponse<String> down = http.get("/actuator/health/keywarden");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("\"DOWN\"").contains("FlakyStore").contains(ApiKeyStoreException.class.getName())
        .doesNotContain("database password").doesNotContain(OTHER_KEY).doesNotContain(KeyDigest.of(OTHER_KEY).hex());

    store.failing.set(false);
    HttpResponse<String> up = http.get("/actuator/health/keywarden");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).contains("\"UP\"");
    HttpResponse<String> allowed = http.get("/api/orders/1", "Authorization", "Bearer " + OTHER_KEY);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).contains("clientType=partner");
  }

  @Test
  void keySourcesAndStatuses_fromProperties() {
    assertThat(http.get("/api/orders/1", "x-api-key", KEY).statusCode()).isEqualTo(200);
    // client-key is not a configured source here: the key is not seen at all.
    assertProblem(http.get("/api/orders/1", "client-key", KEY), 401, "missing-api-key");
    // keywarden.statuses.invalid-api-key: 403
    assertProblem(http.get("/api/orders/1", "x-api-key", "unknown-key-1"), 403, "invalid-api-key");
  }

  @Test
  void hostUserResolver_replacesTheSpringSecurityOne() {
    HttpResponse<String> carol = http.get("/api/admin/x", "x-test-user", "carol", "x-test-groups", "admin");
    assertThat(carol.statusCode()).isEqualTo(200);
    assertThat(carol.body()).contains("user=carol");
    // alice is an admin for Spring Security, but this application's resolver does not ask it.
    assertProblem(http.get("/api/admin/x", "Authorization", Http.basic("alice", "alice-pw")), 401,
        "authentication-required");
  }

  @Test
  void defaultRule_appliesWhereNoRuleMatches() {
    HttpResponse<String> response = http.get("/api/unlisted");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("caller=true");
  }

  @Test
  void hostListener_isToldOfDecisions() {
    recorded.events().clear();
    http.get("/api/orders/1");
    assertThat(recorded.events()).anySatisfy(event -> {
      assertThat(event.outcome()).isEqualTo(AccessEvent.Outcome.DENIED);
      assertThat(event.path()).isEqualTo("/api/orders/1");
    });
  }

  /** What the host's listener heard. */
  record Events(List<AccessEvent> events) {}

  /** A store that can be made to fail. */
  static final class FlakyStore implements ApiKeyStore {
    final AtomicBoolean failing = new AtomicBoolean();
    private final Map<KeyDigest, ApiKey> keys = Map.of(
        KeyDigest.of(KEY), ApiKey.builder().secret(KEY).clientType("partner").build(),
        KeyDigest.of(OTHER_KEY), ApiKey.builder().secret(OTHER_KEY).clientType("partner").build());

    @Override
    public Optional<ApiKey> findByDigest(KeyDigest digest) {
      if (failing.get()) {
        throw new ApiKeyStoreException("database password is hunter2, digest " + digest.hex());
      }
      return Optional.ofNullable(keys.get(digest));
    }
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class HostBeans {
    @Bean
    FlakyStore flakyStore() {
      return new FlakyStore();
    }

    @Bean
    UserResolver headerUserResolver() {
      return request -> {
        List<String> user = request.headers("x-test-user");
        return user.isEmpty() ? Optional.empty()
            : Optional.of(User.of(user.get(0), Set.copyOf(request.headers("x-test-groups")), Set.of()));
      };
    }

    @Bean
    Events events() {
      return new Events(new CopyOnWriteArrayList<>());
    }

    @Bean
    AccessListener recordingListener(Events events) {
      return events.events()::add;
    }
  }
}
