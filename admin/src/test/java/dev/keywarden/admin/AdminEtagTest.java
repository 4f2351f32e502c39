package dev.keywarden.admin;

import static dev.keywarden.admin.Http.ADMIN;
import static dev.keywarden.admin.Http.WRITE;
import static dev.keywarden.admin.Http.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.UserResolver;
import dev.keywarden.store.InMemoryApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Finding F5: a key's ETag must not let whoever sees it test a guessed secret offline. Four
 * admins over one store on real Jetty: {@code /a/} and {@code /b/} share an ETag key (two nodes
 * behind a load balancer), {@code /c/} has another, {@code /d/} the default random one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminEtagTest {
  private static final byte[] SHARED = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OTHER = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
  private static final String SECRET = "guessable-secret-1";

  private final InMemoryApiKeyStore store = InMemoryApiKeyStore.of(List.of(ApiKey.builder().secret(SECRET)
      .clientType("web").id("k1").description("tagged").build()));
  private Server server;
  private String base;

  @BeforeAll
  void start() throws Exception {
    AccessGuard guard = AccessGuard.builder().keyStore(store).build();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(admin(guard).etagKey(SHARED).build()), "/a/*");
    context.addServlet(new ServletHolder(admin(guard).etagKey(SHARED.clone()).build()), "/b/*");
    context.addServlet(new ServletHolder(admin(guard).etagKey(OTHER).build()), "/c/*");
    context.addServlet(new ServletHolder(admin(guard).build()), "/d/*");
    context.addServlet(new ServletHolder(admin(guard).build()), "/e/*");
    server.setHandler(context);
    server.start();
    base = "http://127.0.0.1:" + connector.getLocalPort();
  }

  private AdminServlet.Builder admin(AccessGuard guard) {
    return AdminServlet.builder(store, guard).adminRule(AdminFixture.ADMIN_GROUP_RULE)
        .userResolver(UserResolver.trustedHeaders());
  }

  @AfterAll
  void stop() throws Exception {
    server.stop();
  }

  private String etag(String node) throws Exception {
    Http.Response read = Http.get(base, "/" + node + "/api/keys/k1", ADMIN);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().get("etag").asText()).isEqualTo(read.header("etag"));
    return read.header("etag");
  }

  /** The key's values as the tag covers them, written down by this test. */
  private static byte[] values(ApiKey key) {
    return String.join("\u0000", key.id(), key.digest().hex(), key.clientType(), String.valueOf(key.active()),
        key.description().orElse("\u0001"), key.expiresAt().map(Object::toString).orElse("\u0001"))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String quoted(byte[] hash) {
    return "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"";
  }

  @Test
  void theTag_isNotTheUnsaltedHash_soALoggedTagConfirmsNoGuess() throws Exception {
    ApiKey key = store.findById("k1").orElseThrow();
    String offlineGuess = quoted(MessageDigest.getInstance("SHA-256").digest(values(key)));
    for (String node : List.of("a", "c", "d")) {
      assertThat(etag(node)).as(node).isNotEqualTo(offlineGuess).matches("\"[0-9a-f]{24}\"");
    }
    // The attacker's offline check, with everything the JSON shows and the right secret, fails.
    ApiKey guess = ApiKey.builder().digest(KeyDigest.of(SECRET)).id("k1").clientType("web").description("tagged")
        .build();
    assertThat(quoted(MessageDigest.getInstance("SHA-256").digest(values(guess)))).isNotEqualTo(etag("a"));
  }

  @Test
  void theTag_isTheHmacUnderTheConfiguredKey_andNodesSharingTheKeyAgree() throws Exception {
    ApiKey key = store.findById("k1").orElseThrow();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SHARED, "HmacSHA256"));
    assertThat(etag("a")).isEqualTo(quoted(mac.doFinal(values(key))));
    assertThat(etag("b")).isEqualTo(etag("a"));
    assertThat(etag("c")).isNotEqualTo(etag("a"));
    assertThat(etag("d")).isNotEqualTo(etag("a")).isNotEqualTo(etag("c"));
    assertThat(etag("e")).as("two default servlets draw different random keys").isNotEqualTo(etag("d"));
    assertThat(etag("d")).as("stable on one servlet").isEqualTo(etag("d"));
  }

  @Test
  void ifMatch_worksAcrossNodesSharingTheKey_andA412ElsewhereIsSafe() throws Exception {
    String tagA = etag("a");
    Http.Response changed = Http.json(base, "PATCH", "/b/api/keys/k1", "{\"description\":\"via b\"}",
        with(WRITE, "If-Match", tagA));
    assertThat(changed.status()).isEqualTo(200);
    String tagB = changed.header("etag");
    assertThat(etag("a")).isEqualTo(tagB);
    // A tag from a node with another ETag key looks stale: refused, nothing changed; reload and retry works.
    assertThat(Http.json(base, "PATCH", "/c/api/keys/k1", "{\"description\":\"via c\"}", with(WRITE, "If-Match", tagB))
        .problem(412, "stale-etag")).contains("changed since it was read");
    assertThat(Http.get(base, "/c/api/keys/k1", ADMIN).json().get("description").asText()).isEqualTo("via b");
    Http.Response retried = Http.json(base, "PATCH", "/c/api/keys/k1", "{\"description\":\"via c\"}",
        with(WRITE, "If-Match", etag("c")));
    assertThat(retried.status()).isEqualTo(200);
    assertThat(Http.json(base, "PATCH", "/a/api/keys/k1", "{\"description\":\"lost\"}", with(WRITE, "If-Match", tagB))
        .problem(412, "stale-etag")).isNotBlank();
    assertThat(Http.get(base, "/a/api/keys/k1", ADMIN).json().get("description").asText()).isEqualTo("via c");
  }

  @Test
  void theEtagKey_mustHave256Bits_andIsCopied() {
    AccessGuard guard = AccessGuard.builder().keyStore(store).build();
    assertThatThrownBy(() -> admin(guard).etagKey(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("etag key must be at least 32 bytes (was 31)");
    assertThatThrownBy(() -> admin(guard).etagKey(null)).isInstanceOf(NullPointerException.class);
    byte[] key = Arrays.copyOf(SHARED, 32);
    AdminServlet.Builder builder = admin(guard).etagKey(key);
    assertThat(builder.toString()).contains("etagKey=<redacted>").doesNotContain(new String(SHARED, StandardCharsets.US_ASCII));
    assertThat(admin(guard).toString()).contains("etagKey=random");
  }
}
