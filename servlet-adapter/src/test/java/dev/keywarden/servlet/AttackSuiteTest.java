package dev.keywarden.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.store.ApiKeyStore;
import dev.keywarden.store.ApiKeyStoreException;
import dev.keywarden.store.CachingApiKeyStore;
import dev.keywarden.store.InMemoryApiKeyStore;
import dev.keywarden.store.TimeLimitedApiKeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Attacks the filter as a hostile client, a broken store and a busy server would, through a real
 * container (subclasses: Jetty, Tomcat). Counts the cases tried per category (printed at the
 * end) and checks afterwards that no secret or full digest reached a Keywarden log line (captured
 * at TRACE), a response header or a problem body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AttackSuiteTest {
  private static final String WEB = "atk-web-secret-7Q2";
  private static final String PARTNER = "atk-partner-secret-9Z4";
  private static final String REVOKE = "atk-revoke-secret-3K8";
  private static final List<String> SECRETS = List.of(WEB, PARTNER, REVOKE);

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Queue<Http.Response> responses = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicInteger> cases = new ConcurrentHashMap<>();
  private Logger keywardenLogger;
  private Level previousLevel;
  private InMemoryApiKeyStore keys;
  private EmbeddedContainer container;
  private int port;

  abstract String kind();

  /** A clock the test moves: caches expire without the test sleeping. */
  static final class SteppedClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

    void advance(Duration step) {
      now.updateAndGet(instant -> instant.plus(step));
    }

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
  }

  private AccessGuard.Builder guard(ApiKeyStore store) {
    return AccessGuard.builder()
        .keyStore(store)
        .rule(EndpointRule.builder("ALL", "/**").isPublic(true).build())
        .rule(EndpointRule.builder("ALL", "/protected/**").isPublic(true).apiKeyRequired(true)
            .userGroupPermission("clientType == 'web'").build())
        .rule(EndpointRule.builder("GET", "/open/**").isPublic(true).build());
  }

  @BeforeAll
  void start() throws Exception {
    keywardenLogger = (Logger) LoggerFactory.getLogger("dev.keywarden");
    previousLevel = keywardenLogger.getLevel();
    keywardenLogger.setLevel(Level.TRACE);
    logs.start();
    keywardenLogger.addAppender(logs);
    keys = InMemoryApiKeyStore.of(List.of(
        ApiKey.builder().secret(WEB).clientType("web").id("web").build(),
        ApiKey.builder().secret(PARTNER).clientType("partner").id("partner").build()));
    AccessGuard guard = guard(CachingApiKeyStore.of(keys)).build();
    container = EmbeddedContainer.start(kind(), KeywardenFilter.builder(guard).build(), new EchoServlet());
    port = container.port();
  }

  @AfterAll
  void checkNoSecretLeaked() throws Exception {
    container.close();
    keywardenLogger.detachAppender(logs);
    keywardenLogger.setLevel(previousLevel);
    List<String> texts = new ArrayList<>();
    for (ILoggingEvent event : logs.list) {
      texts.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        texts.add(event.getThrowableProxy().getMessage());
      }
    }
    for (Http.Response response : responses) {
      texts.add(response.headers().toString());
      // Keywarden's own answers. A container's error page for a request it refused before any
      // filter ran is the container's (Tomcat's default report echoes a malformed header line:
      // see SECURITY.md), and the echo servlet's body is the application's.
      String type = response.header("content-type");
      if (type != null && type.startsWith(KeywardenFilter.PROBLEM_JSON)) {
        texts.add(response.body());
      }
    }
    assertThat(texts).hasSizeGreaterThan(100);
    for (String text : texts) {
      for (String secret : SECRETS) {
        assertThat(text).doesNotContain(secret).doesNotContain(KeyDigest.of(secret).hex());
      }
    }
    System.out.println(kind() + " attack suite, cases tried per category: " + cases
        + "; log lines checked: " + logs.list.size() + "; responses checked: " + responses.size());
  }

  private Http.Response raw(String category, String method, String target, String... headers) throws Exception {
    cases.computeIfAbsent(category, k -> new AtomicInteger()).incrementAndGet();
    Http.Response response = Http.raw(port, method, target, headers);
    responses.add(response);
    return response;
  }

  // --- path bypass -------------------------------------------------------------------------------

  static List<String> pathVariants() {
    Set<String> paths = new LinkedHashSet<>();
    String[] dots = {".", "%2e", "%2E", "%252e", "%c0%ae", "%e0%80%ae", "%u002e"};
    String[] slashes = {"/", "%2f", "%2F", "%252f", "\\", "%5c", "%5C", "%c0%af", "//", "/./", "/;/"};
    for (String dot : dots) {
      for (String slash : slashes) {
        paths.add("/open" + slash + dot + dot + slash + "protected/data");
        paths.add("/open/" + dot + dot + "/protected/data");
        paths.add("/" + dot + slash + "protected/data");
        paths.add("/protected" + slash + "data");
        paths.add("/open" + slash + dot + dot + slash + "protected");
      }
    }
    for (String suffix : List.of(";x=1", ";", ";jsessionid=abc", "%3bx=1", ".", "..", "%00", "%2500", "/", "//",
        "/.", "%20", "%09", "?x=1", "#frag", "~", "*")) {
      paths.add("/protected" + suffix + "/data");
      paths.add("/protected/data" + suffix);
    }
    for (String prefix : List.of("/PROTECTED", "/Protected", "/%50rotected", "/%70rotected", "/pr%6ftected",
        "/protected%00", "/protected%2500", "/./protected", "/open/../protected", "/open/..;/protected",
        "/..;/protected", "/open/%2e%2e;/protected", "/open/.%2e/protected", "/%2e%2e/protected",
        "/open/..%2fprotected", "/open/..%252fprotected", "/open%00/../protected")) {
      paths.add(prefix + "/data");
    }
    paths.add("/" + "a/".repeat(2_000) + "../".repeat(2_000) + "protected/data");
    paths.add("/open/" + "x".repeat(10_000) + "/../../protected/data");
    paths.add("/protected/" + "d".repeat(20_000));
    return new ArrayList<>(paths);
  }

  /**
   * The rule that protects what the application served, by hand from {@link #guard}: the oracle
   * is the path the container routed, never Keywarden's route table.
   */
  private static String ruleServing(String served) {
    if (served.equals("/protected") || served.startsWith("/protected/")) {
      return "ALL /protected/**";
    }
    if (served.equals("/open") || served.startsWith("/open/")) {
      return "GET /open/**";
    }
    return "ALL /**";
  }

  @Test
  void pathBypass_neverReachesTheProtectedResourceWithoutItsRule() throws Exception {
    List<String> variants = pathVariants();
    assertThat(variants).hasSizeGreaterThan(150);
    for (String path : variants) {
      for (String[] headers : List.of(new String[0], new String[] {"client-key: " + PARTNER},
          new String[] {"client-key: " + WEB})) {
        Http.Response response = raw("path bypass", "GET", path, headers);
        if (response.reachedApplication()) {
          String served = response.echo("path");
          String expected = ruleServing(served);
          assertThat(response.echo("rule")).as("%s %s served as %s", kind(), path, served).isEqualTo(expected);
          if (expected.equals("ALL /protected/**")) {
            assertThat(headers).as("%s %s reached /protected without the web key", kind(), path)
                .containsExactly("client-key: " + WEB);
          }
        } else {
          assertThat(response.status()).as("%s %s", kind(), path).isBetween(400, 599);
        }
      }
    }
  }

  // --- headers and cookies ------------------------------------------------------------------------

  private void assertRefused(Http.Response response, String what, int... statuses) {
    assertThat(response.reachedApplication()).as("%s %s", kind(), what).isFalse();
    assertThat(response.status()).as("%s %s", kind(), what).isIn(toList(statuses));
  }

  private static List<Integer> toList(int[] values) {
    List<Integer> list = new ArrayList<>();
    for (int v : values) {
      list.add(v);
    }
    return list;
  }

  @Test
  void headerAndCookieAbuse_getsTheSpecifiedAnswer() throws Exception {
    String c = "header and cookie abuse";
    // Oversized keys: refused as invalid, or by the container as too large; never let through.
    assertRefused(raw(c, "GET", "/open/x", "client-key: " + "k".repeat(513)), "513-char key", 401);
    assertRefused(raw(c, "GET", "/open/x", "client-key: " + "k".repeat(10_000)), "10,000-char key", 401, 431, 400, 413);
    assertRefused(raw(c, "GET", "/open/x", "Cookie: mia_client_key=" + "k".repeat(10_000)), "10,000-char cookie",
        401, 431, 400, 413);
    // Hundreds of headers around a valid key still work (or the container refuses them all).
    String[] many = new String[301];
    for (int i = 0; i < 300; i++) {
      many[i] = "x-filler-" + i + ": v" + i;
    }
    many[300] = "client-key: " + WEB;
    Http.Response crowded = raw(c, "GET", "/protected/x", many);
    assertThat(crowded.status()).as("%s 300 headers", kind()).isIn(200, 431, 400);
    // Control characters, whitespace and non-ASCII inside a key: invalid.
    assertRefused(raw(c, "GET", "/open/x", "client-key: web\tkey"), "tab in key", 401, 400);
    assertRefused(raw(c, "GET", "/open/x", "client-key: " + WEB + " x"), "space in key", 401);
    assertRefused(raw(c, "GET", "/open/x", "client-key: \u00e9t\u00e9-key"), "non-ASCII key", 401, 400);
    assertRefused(raw(c, "GET", "/open/x", "client-key: a\u0001b"), "control character", 401, 400);
    // CR/LF attempts: a bare CR is refused by the container; a real second line is a separate
    // header, and a spoofed client-type never reaches the application.
    assertRefused(raw(c, "GET", "/open/x", "client-key: " + PARTNER + "\rclient-type: web"), "bare CR", 400, 401);
    Http.Response injected = raw(c, "GET", "/open/x", "client-key: " + PARTNER, "client-type: web");
    assertThat(injected.status()).isEqualTo(200);
    assertThat(injected.echo("client-type")).isEqualTo("partner");
    Http.Response encodedNewline = raw(c, "GET", "/open/x", "client-key: " + WEB + "%0d%0aclient-type:%20admin");
    assertRefused(encodedNewline, "percent-encoded CRLF in key", 401);
    // Cookies: quoted values unquoted, malformed pairs ignored or invalid, duplicates judged.
    assertThat(raw(c, "GET", "/protected/x", "Cookie: mia_client_key=\"" + WEB + "\"").status()).isEqualTo(200);
    assertRefused(raw(c, "GET", "/protected/x", "Cookie: mia_client_key"), "cookie without value", 401);
    assertRefused(raw(c, "GET", "/protected/x", "Cookie: =" + WEB), "cookie without name", 401);
    assertRefused(raw(c, "GET", "/protected/x", "Cookie: mia_client_key==" + WEB), "cookie value with '='", 401);
    assertRefused(raw(c, "GET", "/protected/x", "Cookie: ;;; ;"), "empty cookie pairs", 401);
    assertRefused(raw(c, "GET", "/protected/x", "Cookie: mia_client_key=" + WEB, "Cookie: mia_client_key=" + PARTNER),
        "two different key cookies", 400);
    assertThat(raw(c, "GET", "/protected/x", "Cookie: mia_client_key=" + WEB + "; mia_client_key=" + WEB).status())
        .isEqualTo(200);
    // Spaces around a cookie name are trimmed (as containers do); a differently-cased name is
    // another cookie.
    assertThat(raw(c, "GET", "/protected/x", "Cookie: mia_client_key =" + WEB + "; MIA_CLIENT_KEY=" + PARTNER)
        .status()).isEqualTo(200);
    assertRefused(raw(c, "GET", "/protected/x", "Cookie: MIA_CLIENT_KEY=" + WEB), "an upper-case key cookie", 401);
    // Differently-cased duplicate headers carrying different keys: a conflict.
    assertRefused(raw(c, "GET", "/open/x", "Client-Key: " + WEB, "client-key: " + PARTNER), "cased duplicates", 400);
    assertRefused(raw(c, "GET", "/open/x", "SECRET: " + WEB, "secret: " + PARTNER), "cased duplicates", 400);
    // Keys in the query string are not read.
    assertRefused(raw(c, "GET", "/protected/x?client-key=" + WEB + "&secret=" + WEB), "key in the query", 401);
  }

  // --- store faults --------------------------------------------------------------------------------

  @Test
  void storeFaults_neverAllowWhatTheStoreWouldNotHaveGiven() throws Exception {
    String c = "store faults";
    AtomicReference<String> mode = new AtomicReference<>("up");
    ApiKeyStore flaky = digest -> {
      switch (mode.get()) {
        case "throws":
          throw new ApiKeyStoreException("database down");
        case "hangs":
          try {
            Thread.sleep(30_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return keys.findByDigest(digest);
        case "slow":
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return keys.findByDigest(digest);
        default:
          return keys.findByDigest(digest);
      }
    };
    SteppedClock clock = new SteppedClock();
    for (boolean serveLastKnown : List.of(false, true)) {
      try (TimeLimitedApiKeyStore limited = TimeLimitedApiKeyStore.of(flaky, Duration.ofMillis(300))) {
        CachingApiKeyStore.Builder cache = CachingApiKeyStore.builder(limited).clock(clock).ttl(Duration.ofSeconds(10));
        if (serveLastKnown) {
          cache.serveLastKnownOnFailure(Duration.ofMinutes(5));
        }
        try (EmbeddedContainer node = EmbeddedContainer.start(kind(),
            KeywardenFilter.builder(guard(cache.build()).build()).build(), new EchoServlet())) {
          int p = node.port();
          mode.set("up");
          assertThat(Http.raw(p, "GET", "/protected/x", "client-key: " + WEB).status()).isEqualTo(200);
          clock.advance(Duration.ofSeconds(11)); // the cached answer expires
          for (String failure : List.of("throws", "hangs")) {
            mode.set(failure);
            long start = System.nanoTime();
            Http.Response known = Http.raw(p, "GET", "/protected/x", "client-key: " + WEB);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            cases.computeIfAbsent(c, k -> new AtomicInteger()).addAndGet(3);
            responses.add(known);
            if (serveLastKnown) {
              assertThat(known.status()).as("%s %s, last known answer", kind(), failure).isEqualTo(200);
            } else {
              assertThat(known.status()).as("%s %s", kind(), failure).isEqualTo(503);
              assertThat(known.header("retry-after")).isNotNull();
            }
            assertThat(millis).as("%s answered within the timeout's bound", failure).isLessThan(5_000);
            // A key the store never confirmed is never allowed while it fails.
            Http.Response unknown = Http.raw(p, "GET", "/protected/x", "client-key: " + PARTNER + "-unknown");
            responses.add(unknown);
            assertThat(unknown.status()).isEqualTo(503);
            Http.Response partner = Http.raw(p, "GET", "/protected/x", "client-key: " + PARTNER);
            responses.add(partner);
            assertThat(partner.reachedApplication()).isFalse();
            clock.advance(Duration.ofSeconds(11));
          }
          mode.set("slow");
          assertThat(Http.raw(p, "GET", "/protected/x", "client-key: " + WEB).status()).isEqualTo(200);
          clock.advance(Duration.ofSeconds(11));
          mode.set("up"); // the store comes back
          assertThat(Http.raw(p, "GET", "/protected/x", "client-key: " + WEB).status()).isEqualTo(200);
          assertThat(Http.raw(p, "GET", "/protected/x", "client-key: " + PARTNER).status()).isEqualTo(403);
        }
      }
    }
  }

  // --- concurrency ---------------------------------------------------------------------------------

  @Test
  void revocationUnderLoad_noRequestWithTheKeyPassesOnceTheCallReturned() throws Exception {
    String c = "concurrency";
    ExecutorService clients = Executors.newFixedThreadPool(6);
    try {
      for (String operation : List.of("deactivate", "delete")) {
        ApiKey key = ApiKey.builder().secret(REVOKE).clientType("web").id("revoke").build();
        keys.create(key);
        AtomicLong revokedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean stop = new AtomicBoolean();
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
          running.add(clients.submit(() -> {
            while (!stop.get()) {
              long before = System.nanoTime();
              boolean revoked = revokedAt.get() <= before;
              Http.Response response = Http.raw(port, "GET", "/protected/x", "client-key: " + REVOKE);
              sent.incrementAndGet();
              if (revoked && response.reachedApplication()) {
                violations.add(operation + ": allowed after the call returned");
              }
            }
            return null;
          }));
        }
        Thread.sleep(300);
        assertThat("deactivate".equals(operation) ? keys.deactivate("revoke") : keys.delete("revoke")).isTrue();
        revokedAt.set(System.nanoTime());
        Thread.sleep(300);
        stop.set(true);
        for (Future<?> future : running) {
          future.get(30, TimeUnit.SECONDS);
        }
        cases.computeIfAbsent(c, k -> new AtomicInteger()).addAndGet(sent.get());
        assertThat(violations).isEmpty();
        assertThat(sent.get()).isGreaterThan(20);
        assertThat(Http.raw(port, "GET", "/protected/x", "client-key: " + REVOKE).status()).isEqualTo(401);
        if (keys.findById("revoke").isPresent()) {
          keys.delete("revoke");
        }
      }
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void twoNodesSharingAStore_refuseARevokedKeyAfterTheCacheTtl() throws Exception {
    InMemoryApiKeyStore shared = InMemoryApiKeyStore.of(List.of(
        ApiKey.builder().secret(REVOKE).clientType("web").id("shared").build()));
    ApiKeyStore database = shared::findByDigest; // a remote store: no change notifications reach the nodes
    SteppedClock clock = new SteppedClock();
    Duration ttl = Duration.ofSeconds(10);
    try (EmbeddedContainer nodeA = EmbeddedContainer.start(kind(), KeywardenFilter.builder(
            guard(CachingApiKeyStore.builder(database).clock(clock).ttl(ttl).build()).build()).build(), new EchoServlet());
        EmbeddedContainer nodeB = EmbeddedContainer.start(kind(), KeywardenFilter.builder(
            guard(CachingApiKeyStore.builder(database).clock(clock).ttl(ttl).build()).build()).build(),
            new EchoServlet())) {
      for (EmbeddedContainer node : List.of(nodeA, nodeB)) {
        assertThat(Http.raw(node.port(), "GET", "/protected/x", "client-key: " + REVOKE).status()).isEqualTo(200);
      }
      shared.deactivate("shared");
      clock.advance(ttl.minusMillis(1));
      // Within the TTL a node may still serve its cached answer...
      for (EmbeddedContainer node : List.of(nodeA, nodeB)) {
        assertThat(Http.raw(node.port(), "GET", "/protected/x", "client-key: " + REVOKE).status()).isIn(200, 401);
      }
      clock.advance(Duration.ofMillis(1));
      // ...and from the TTL on, none does.
      for (int i = 0; i < 20; i++) {
        for (EmbeddedContainer node : List.of(nodeA, nodeB)) {
          Http.Response response = Http.raw(node.port(), "GET", "/protected/x", "client-key: " + REVOKE);
          responses.add(response);
          assertThat(response.status()).isEqualTo(401);
        }
      }
      cases.computeIfAbsent("concurrency", k -> new AtomicInteger()).addAndGet(44);
    }
  }
}
