package dev.keywarden.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import dev.keywarden.access.AccessEvent;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.BackofficeDetector;
import dev.keywarden.access.DenyCode;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.access.UserResolver;
import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.store.ApiKeyStore;
import dev.keywarden.store.ApiKeyStoreException;
import dev.keywarden.store.InMemoryApiKeyStore;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The filter's behaviour through a real container and a real HTTP client: every row of the
 * decision table, key sources, hidden credentials, spoofed headers, back-office, preflight, the
 * listener, route precedence and path tricks. Run once per container by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FilterContractTest {
  static final String STORE_DOWN_KEY = "store-down-key";
  private final ObjectMapper mapper = new ObjectMapper();
  final Queue<AccessEvent> events = new ConcurrentLinkedQueue<>();
  private EmbeddedContainer container;
  int port;

  abstract String kind();

  static ApiKeyStore keyStore() {
    InMemoryApiKeyStore keys = InMemoryApiKeyStore.of(List.of(
        ApiKey.builder().secret("web-key").clientType("web").id("web1").build(),
        ApiKey.builder().secret("bar-key").clientType("bar").id("bar1").build(),
        ApiKey.builder().secret("off-key").clientType("web").active(false).build()));
    return digest -> {
      if (digest.equals(KeyDigest.of(STORE_DOWN_KEY))) {
        throw new ApiKeyStoreException("store unavailable");
      }
      return keys.findByDigest(digest);
    };
  }

  static AccessGuard.Builder guard(Queue<AccessEvent> events) {
    return guard(events, UserResolver.trustedHeaders());
  }

  /** Builders refuse a second user resolver, so a test that needs another passes it here. */
  static AccessGuard.Builder guard(Queue<AccessEvent> events, UserResolver userResolver) {
    return AccessGuard.builder()
        .keyStore(keyStore())
        .userResolver(userResolver)
        .listener(events::add)
        .rule(EndpointRule.builder("ALL", "/**").isPublic(true).build())
        .rule(EndpointRule.builder("GET", "/public").isPublic(true).build())
        .rule(EndpointRule.builder("GET", "/keyed").isPublic(true).apiKeyRequired(true).build())
        .rule(EndpointRule.builder("ALL", "/login").build())
        .rule(EndpointRule.builder("ALL", "/admin/**").userGroupPermission("groups.admin").build())
        .rule(EndpointRule.builder("GET", "/mia").isPublic(true)
            .userGroupPermission("groups.foo || clientType==\"bar\"").build())
        .rule(EndpointRule.builder("ALL", "/bo/**").isPublic(true)
            .userGroupPermission("false").backofficeUserGroupPermission("clientType == 'web'").build())
        .rule(EndpointRule.builder("ALL", "/protected/**").isPublic(true).apiKeyRequired(true)
            .userGroupPermission("clientType == 'web'").build())
        .rule(EndpointRule.builder("ALL", "/p/**").isPublic(true).build())
        .rule(EndpointRule.builder("ALL", "/p/*").isPublic(true).build())
        .rule(EndpointRule.builder("ALL", "/p/{id}/x").isPublic(true).build())
        .rule(EndpointRule.builder("ALL", "/p/lit").isPublic(true).build())
        .rule(EndpointRule.builder("GET", "/p/lit").isPublic(true).build());
  }

  @BeforeAll
  void startContainer() throws Exception {
    container = EmbeddedContainer.start(kind(), KeywardenFilter.builder(guard(events).build()).realm("orders-api")
        .build(), new EchoServlet());
    port = container.port();
  }

  @AfterAll
  void stopContainer() throws Exception {
    container.close();
  }

  @BeforeEach
  void clearEvents() {
    events.clear();
  }

  private void assertProblem(Http.Response response, int status, String code) throws Exception {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.reachedApplication()).isFalse();
    assertThat(response.header("content-type")).startsWith("application/problem+json");
    JsonNode problem = mapper.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("code").asText()).isEqualTo(code);
    assertThat(problem.get("type").asText()).isEqualTo("https://keywarden.dev/problems/" + code);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("detail").asText()).isNotBlank();
    if (status == 401) {
      assertThat(response.header("www-authenticate")).isEqualTo("ApiKey realm=\"orders-api\"");
    } else {
      assertThat(response.header("www-authenticate")).isNull();
    }
  }

  // --- the decision table, row by row -------------------------------------------------------

  @Test
  void row0_firewall_refusesAmbiguousPaths_withoutEchoingThem() throws Exception {
    Http.Response response = Http.raw(port, "GET", "/admin/..%3b/public", "client-key: wrong");
    assertProblem(response, 400, "rejected-request");
    assertThat(response.body()).doesNotContain("admin").doesNotContain("%3b").doesNotContain("public");
    assertThat(events).extracting(AccessEvent::code).containsExactly(DenyCode.REJECTED_REQUEST);
    // A preflight is judged by the firewall first too.
    assertProblem(Http.raw(port, "OPTIONS", "/public;x", "Origin: https://app.example",
        "Access-Control-Request-Method: GET"), 400, "rejected-request");
  }

  // Issue 11, finding 4: the preflight used to reach the application with the client's client-type.
  @Test
  void row1_corsPreflight_passesThrough_withoutSpoofableHeaders() throws Exception {
    Http.Response response = Http.raw(port, "OPTIONS", "/admin/x", "Origin: https://app.example",
        "Access-Control-Request-Method: DELETE", "client-key: wrong", "client-type: admin", "isbackoffice: true");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.reachedApplication()).isTrue();
    assertThat(response.echo("client-key")).isEqualTo("wrong");
    assertThat(response.echo("client-type")).isEmpty();
    assertThat(response.echo("isbackoffice")).isEmpty();
    assertThat(response.echo("header-names")).doesNotContain("client-type").doesNotContain("isbackoffice");
    assertThat(events).extracting(AccessEvent::outcome).containsExactly(AccessEvent.Outcome.PASSED_THROUGH);
  }

  @Test
  void row2_repeatedDifferentKeys_are400() throws Exception {
    assertProblem(Http.raw(port, "GET", "/public", "client-key: web-key", "client-key: bar-key"), 400,
        "conflicting-api-keys");
    assertProblem(Http.raw(port, "GET", "/public", "Cookie: mia_client_key=web-key; mia_client_key=bar-key"), 400,
        "conflicting-api-keys");
    assertProblem(Http.raw(port, "GET", "/public", "client-key: web-key", "CLIENT-KEY: bar-key"), 400,
        "conflicting-api-keys");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/public", "/keyed", "/login", "/mia", "/anything/else"})
  void row3_invalidKey_is401OnEveryRoute(String path) throws Exception {
    assertProblem(Http.get(port, path, "client-key", "wrong-key"), 401, "invalid-api-key");
    assertProblem(Http.get(port, path, "secret", "off-key"), 401, "invalid-api-key");
  }

  @Test
  void row3_oneAnswerForUnknownInactiveAndMalformed_revealingNothing() throws Exception {
    Http.Response unknown = Http.get(port, "/public", "client-key", "wrong-key");
    Http.Response inactive = Http.get(port, "/public", "client-key", "off-key");
    Http.Response tooLong = Http.get(port, "/public", "client-key", "k".repeat(513));
    assertThat(inactive.body()).isEqualTo(unknown.body());
    assertThat(tooLong.body()).isEqualTo(unknown.body());
    assertThat(unknown.body()).doesNotContain("wrong-key").doesNotContain("unknown").doesNotContain("inactive");
  }

  @Test
  void row4_storeThrows_is503WithRetryAfter_neverAnAllow() throws Exception {
    Http.Response response = Http.get(port, "/public", "client-key", STORE_DOWN_KEY);
    assertProblem(response, 503, "key-store-unavailable");
    assertThat(response.header("retry-after")).isEqualTo("5");
  }

  @Test
  void row5_apiKeyRequired_withoutKey_is401() throws Exception {
    assertProblem(Http.get(port, "/keyed"), 401, "missing-api-key");
    assertThat(Http.get(port, "/keyed", "client-key", "web-key").status()).isEqualTo(200);
  }

  @Test
  void row6_loginRequired_withoutUser_is401() throws Exception {
    assertProblem(Http.get(port, "/login"), 401, "authentication-required");
    assertProblem(Http.get(port, "/login", "client-key", "web-key"), 401, "authentication-required");
    assertThat(Http.get(port, "/login", "miauserid", "alice").echo("caller.user")).isEqualTo("alice");
  }

  @Test
  void rows7and8_falseExpression_401Anonymous_403Identified() throws Exception {
    assertProblem(Http.get(port, "/mia"), 401, "unauthorized");
    assertProblem(Http.get(port, "/mia", "client-key", "web-key"), 403, "forbidden");
    assertProblem(Http.get(port, "/admin/panel", "miauserid", "bob", "miausergroups", "users"), 403, "forbidden");
  }

  @Test
  void miaPlatformWorkedExample_threeCallsThreeAnswers() throws Exception {
    assertProblem(Http.get(port, "/mia"), 401, "unauthorized");
    Http.Response member = Http.get(port, "/mia", "miauserid", "alice", "miausergroups", "foo");
    assertThat(member.status()).isEqualTo(200);
    assertThat(member.echo("caller.user")).isEqualTo("alice");
    Http.Response client = Http.get(port, "/mia", "client-key", "bar-key");
    assertThat(client.status()).isEqualTo(200);
    assertThat(client.echo("caller.clientType")).isEqualTo("bar");
  }

  @Test
  void row9_allowed_applicationSeesTheCallerAndClientType() throws Exception {
    Http.Response response = Http.get(port, "/admin/panel", "miauserid", "root", "miausergroups", "admin",
        "client-key", "web-key");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.echo("client-type")).isEqualTo("web");
    assertThat(response.echo("caller.clientType")).isEqualTo("web");
    assertThat(response.echo("caller.keyId")).isEqualTo("web1");
    assertThat(response.echo("caller.user")).isEqualTo("root");
    assertThat(response.echo("rule")).isEqualTo("ALL /admin/**");
  }

  @Test
  void headRequest_fallsUnderTheGetRule_andGetsNoBody() throws Exception {
    Http.Response head = Http.send(port, "HEAD", "/keyed");
    assertThat(head.status()).isEqualTo(401);
    assertThat(head.body()).isEmpty();
    assertThat(head.header("www-authenticate")).isEqualTo("ApiKey realm=\"orders-api\"");
  }

  // --- key sources ------------------------------------------------------------------------

  @Test
  void eachKeySource_isAccepted() throws Exception {
    assertThat(Http.get(port, "/keyed", "client-key", "web-key").status()).isEqualTo(200);
    assertThat(Http.get(port, "/keyed", "secret", "web-key").status()).isEqualTo(200);
    assertThat(Http.get(port, "/keyed", "Cookie", "mia_client_key=web-key").status()).isEqualTo(200);
    assertThat(Http.get(port, "/keyed", "Client-Key", "web-key").status()).isEqualTo(200);
  }

  @Test
  void precedence_headersBeatTheCookie_firstHeaderWins() throws Exception {
    Http.Response response = Http.get(port, "/keyed", "secret", "bar-key", "client-key", "web-key",
        "Cookie", "mia_client_key=wrong");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.echo("caller.clientType")).isEqualTo("web");
    assertThat(Http.get(port, "/keyed", "secret", "bar-key", "Cookie", "mia_client_key=web-key")
        .echo("caller.clientType")).isEqualTo("bar");
  }

  @Test
  void cookieName_isExact() throws Exception {
    // A fresh connection: Jetty's per-connection header cache is case-insensitive, so on a reused
    // connection a Cookie header differing only in case from an earlier one comes back as the
    // earlier value (a documented Jetty behaviour, noted in SECURITY notes of the README).
    assertProblem(Http.raw(port, "GET", "/keyed", "Cookie: MIA_CLIENT_KEY=web-key"), 401, "missing-api-key");
    assertProblem(Http.raw(port, "GET", "/keyed", "Cookie: Mia_Client_Key=web-key; mia_client_key="), 401,
        "missing-api-key");
  }

  @Test
  void blankValues_countAsAbsent() throws Exception {
    assertProblem(Http.raw(port, "GET", "/keyed", "client-key: ", "secret:    "), 401, "missing-api-key");
    assertThat(Http.raw(port, "GET", "/keyed", "client-key: ", "secret: web-key").status()).isEqualTo(200);
  }

  @Test
  void identicalRepeats_areFine() throws Exception {
    assertThat(Http.raw(port, "GET", "/keyed", "client-key: web-key", "client-key: web-key").status()).isEqualTo(200);
  }

  @Test
  void keyWithWhitespaceInside_isInvalid() throws Exception {
    assertProblem(Http.raw(port, "GET", "/public", "client-key: web key"), 401, "invalid-api-key");
  }

  // --- what the application sees ----------------------------------------------------------

  @Test
  void credentials_areHidden_andSpoofedClientTypeRemoved() throws Exception {
    Http.Response response = Http.raw(port, "GET", "/keyed", "client-key: web-key", "secret: web-key",
        "Cookie: theme=dark; mia_client_key=web-key; lang=it", "client-type: admin", "isbackoffice: true",
        "x-other: kept");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.echo("client-key")).isEmpty();
    assertThat(response.echo("secret")).isEmpty();
    assertThat(response.echo("cookie")).isEqualTo("theme=dark; lang=it");
    assertThat(response.echo("cookies")).isEqualTo("theme:dark,lang:it");
    assertThat(response.echo("client-type")).isEqualTo("web");
    assertThat(response.echo("isbackoffice")).isEmpty();
    assertThat(response.echo("x-other")).isEqualTo("kept");
    assertThat(response.echo("header-names")).doesNotContain("client-key").doesNotContain("secret")
        .doesNotContain("isbackoffice").contains("client-type").contains("x-other");
    assertThat(response.body()).doesNotContain("web-key");
  }

  @Test
  void spoofedClientType_withoutKey_isRemovedEntirely() throws Exception {
    Http.Response response = Http.get(port, "/public", "client-type", "admin");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.echo("client-type")).isEmpty();
    assertThat(response.echo("header-names")).doesNotContain("client-type");
  }

  @Test
  void onlyKeyCookie_isRemovedWithItsHeader() throws Exception {
    Http.Response response = Http.get(port, "/keyed", "Cookie", "mia_client_key=web-key");
    assertThat(response.echo("cookie")).isEmpty();
    assertThat(response.echo("cookies")).isEmpty();
    assertThat(response.echo("header-names")).doesNotContain("cookie");
  }

  // --- back-office, listener, precedence ---------------------------------------------------

  @Test
  void backoffice_untrustedHeader_isIgnoredAndStripped() throws Exception {
    assertProblem(Http.get(port, "/bo/x", "isbackoffice", "true", "client-key", "web-key"), 403, "forbidden");
  }

  @Test
  void backoffice_trustingDetector_usesTheBackofficeExpression() throws Exception {
    Queue<AccessEvent> other = new ConcurrentLinkedQueue<>();
    KeywardenFilter trusting = KeywardenFilter.builder(guard(other)
        .backofficeDetector(BackofficeDetector.trustedHeader()).build()).build();
    try (EmbeddedContainer second = EmbeddedContainer.start(kind(), trusting, new EchoServlet())) {
      Http.Response response = Http.get(second.port(), "/bo/x", "isbackoffice", "true", "client-key", "web-key");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.echo("caller.backoffice")).isEqualTo("true");
      assertThat(response.echo("isbackoffice")).isEqualTo("true");
      assertThat(Http.get(second.port(), "/bo/x", "client-key", "web-key").status()).isEqualTo(403);
    }
    // Meanwhile the first filter, configured differently in the same JVM, still ignores the header.
    assertThat(Http.get(port, "/bo/x", "isbackoffice", "true", "client-key", "web-key").status()).isEqualTo(403);
  }

  @Test
  void listener_seesEachDecision() throws Exception {
    Http.get(port, "/mia", "client-key", "bar-key");
    Http.get(port, "/mia");
    Http.get(port, "/public", "client-key", "wrong");
    assertThat(events).extracting(AccessEvent::outcome).containsExactly(
        AccessEvent.Outcome.ALLOWED, AccessEvent.Outcome.DENIED, AccessEvent.Outcome.DENIED);
    assertThat(events).extracting(AccessEvent::code).containsExactly(null, DenyCode.UNAUTHORIZED, DenyCode.INVALID_API_KEY);
    assertThat(events).allSatisfy(e -> assertThat(e.elapsedNanos()).isPositive());
    assertThat(events.peek().clientType()).isEqualTo("bar");
  }

  @Test
  void routePrecedence_throughTheContainer() throws Exception {
    assertThat(Http.get(port, "/p/lit").echo("rule")).isEqualTo("GET /p/lit");
    assertThat(Http.send(port, "DELETE", "/p/lit").echo("rule")).isEqualTo("ALL /p/lit");
    assertThat(Http.get(port, "/p/other").echo("rule")).isEqualTo("ALL /p/*");
    assertThat(Http.get(port, "/p/42/x").echo("rule")).isEqualTo("ALL /p/{id}/x");
    assertThat(Http.get(port, "/p/42/y").echo("rule")).isEqualTo("ALL /p/**");
    assertThat(Http.get(port, "/p/").echo("rule")).isEqualTo("ALL /p/**");
  }

  // --- path tricks against a protected rule --------------------------------------------------

  /**
   * The rule that protects what the application served, written by hand from {@link #guard}: the
   * expected answer comes from the path the container routed (the servlet's view), never from
   * Keywarden's route table.
   */
  private static String ruleServing(String served) {
    if (served.equals("/protected") || served.startsWith("/protected/")) {
      return "ALL /protected/**";
    }
    return null;
  }

  @ParameterizedTest
  @ValueSource(strings = {"/protected/data", "//protected/data", "/./protected/data", "/open/../protected/data",
      "/%70rotected/data", "/protected;x=1/data", "/protected/data;jsessionid=1", "/protected/./data",
      "/protected//data", "/%2e/protected/data", "/open/%2e%2e/protected/data", "/protected%2fdata",
      "/protected/data/", "/..;/protected/data", "/open/..;/protected/data", "/protected/%64ata",
      "/%2fprotected/data", "/open%2f..%2fprotected/data", "/open/%252e%252e/protected/data",
      "/protected/..%3b/open/x", "/protected/x/..%3B/..%3b/open"})
  void pathTricks_neverReachTheProtectedResourceWithoutItsRule(String path) throws Exception {
    for (String[] headers : List.of(new String[0], new String[] {"client-key: bar-key"},
        new String[] {"client-key: web-key"})) {
      Http.Response response = Http.raw(port, "GET", path, headers);
      if (!response.reachedApplication()) {
        assertThat(response.status()).as("%s %s", kind(), path).isBetween(400, 499);
        continue;
      }
      String expected = ruleServing(response.echo("path"));
      if (expected != null) {
        assertThat(response.echo("rule")).as("%s %s served as %s", kind(), path, response.echo("path"))
            .isEqualTo(expected);
        assertThat(headers).as("%s %s reached /protected without the web key", kind(), path)
            .containsExactly("client-key: web-key");
      }
    }
  }

  @Test
  void caseChange_isADifferentPath() throws Exception {
    Http.Response response = Http.get(port, "/PROTECTED/data");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.echo("rule")).isEqualTo("ALL /**");
  }

  // --- configuration ------------------------------------------------------------------------

  @Test
  void noMatchingRule_failsClosedWith401() throws Exception {
    AccessGuard narrow = AccessGuard.builder().keyStore(keyStore())
        .rule(EndpointRule.builder("GET", "/only").isPublic(true).build()).build();
    try (EmbeddedContainer second = EmbeddedContainer.start(kind(), KeywardenFilter.builder(narrow).build(),
        new EchoServlet())) {
      assertThat(Http.get(second.port(), "/only").status()).isEqualTo(200);
      Http.Response miss = Http.get(second.port(), "/elsewhere", "client-key", "web-key");
      assertThat(miss.status()).isEqualTo(401);
      // Issue 12, item 12: the detail says no rule covers the path, not that credentials are missing.
      assertThat(mapper.readTree(miss.body()).get("code").asText()).isEqualTo("unauthorized");
      assertThat(mapper.readTree(miss.body()).get("detail").asText())
          .isEqualTo("No access rule covers this request, so it is refused whatever the credentials.");
      assertThat(miss.reachedApplication()).isFalse();
      assertThat(miss.header("www-authenticate")).isEqualTo("ApiKey realm=\"keywarden\"");
    }
  }

  @Test
  void configurableStatus_invalidKeyAs403() throws Exception {
    AccessGuard envoyLike = guard(new ConcurrentLinkedQueue<>()).status(DenyCode.INVALID_API_KEY, 403).build();
    try (EmbeddedContainer second = EmbeddedContainer.start(kind(), KeywardenFilter.builder(envoyLike).build(),
        new EchoServlet())) {
      Http.Response response = Http.get(second.port(), "/public", "client-key", "wrong");
      assertThat(response.status()).isEqualTo(403);
      assertThat(response.header("www-authenticate")).isNull();
    }
  }

  @Test
  void bearerSource_whenEnabled_isHidden_basicAuthKept() throws Exception {
    AccessGuard bearer = guard(new ConcurrentLinkedQueue<>())
        .keyExtractor(KeyExtractor.builder().withBearer().build()).build();
    try (EmbeddedContainer second = EmbeddedContainer.start(kind(), KeywardenFilter.builder(bearer).build(),
        new EchoServlet())) {
      Http.Response response = Http.get(second.port(), "/keyed", "Authorization", "Bearer web-key");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.echo("authorization")).isEmpty();
      Http.Response basic = Http.get(second.port(), "/public", "Authorization", "Basic dXNlcjpwYXNz");
      assertThat(basic.echo("authorization")).isEqualTo("Basic dXNlcjpwYXNz");
      assertThat(Http.get(second.port(), "/public", "Authorization", "Bearer wrong").status()).isEqualTo(401);
      // Issue 11, finding 3: a Bearer key behind a Basic value was seen by the application.
      Http.Response both = Http.raw(second.port(), "GET", "/keyed", "Authorization: Basic dXNlcjpwYXNz",
          "Authorization: Bearer web-key");
      assertThat(both.status()).isEqualTo(200);
      assertThat(both.echo("authorization")).isEqualTo("Basic dXNlcjpwYXNz");
      assertThat(both.body()).doesNotContain("web-key");
      Http.Response bearerFirst = Http.raw(second.port(), "GET", "/keyed", "Authorization: Bearer web-key",
          "Authorization: Basic dXNlcjpwYXNz");
      assertThat(bearerFirst.echo("authorization")).isEqualTo("Basic dXNlcjpwYXNz");
      assertThat(bearerFirst.body()).doesNotContain("web-key");
      // Different Bearer values are conflicting keys; a Bearer value with a tab is a malformed key.
      Http.Response twoBearers = Http.raw(second.port(), "GET", "/keyed", "Authorization: Bearer web-key",
          "Authorization: Bearer bar-key");
      assertThat(twoBearers.status()).isEqualTo(400);
      assertThat(mapper.readTree(twoBearers.body()).get("code").asText()).isEqualTo("conflicting-api-keys");
      Http.Response tab = Http.raw(second.port(), "GET", "/public", "Authorization: Bearer\tweb-key");
      assertThat(tab.status()).isEqualTo(401);
      assertThat(mapper.readTree(tab.body()).get("code").asText()).isEqualTo("invalid-api-key");
    }
  }

  @Test
  void failingHostComponent_is500_neverAnAllow() throws Exception {
    AccessGuard broken = guard(new ConcurrentLinkedQueue<>(), request -> {
      throw new IllegalStateException("user directory down");
    }).build();
    try (EmbeddedContainer second = EmbeddedContainer.start(kind(), KeywardenFilter.builder(broken).build(),
        new EchoServlet())) {
      Http.Response response = Http.get(second.port(), "/public");
      assertThat(response.status()).isEqualTo(500);
      assertThat(response.reachedApplication()).isFalse();
      assertThat(mapper.readTree(response.body()).get("code").asText()).isEqualTo("internal-error");
      assertThat(response.body()).doesNotContain("user directory down");
    }
  }

  /** Throws what {@code kind} names, quoting {@code quoted}: also what Java does not let a lambda throw. */
  static void failWith(String kind, String quoted) {
    switch (kind) {
      case "runtime" -> throw new IllegalStateException(quoted);
      case "assertion-error" -> throw new AssertionError(quoted);
      case "linkage-error" -> throw new NoClassDefFoundError(quoted);
      case "sneaky-checked" -> FilterContractTest.<RuntimeException>sneakyThrow(new java.io.IOException(quoted));
      default -> throw new IllegalArgumentException(kind);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable throwable) throws T {
    throw (T) throwable;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"runtime", "assertion-error", "linkage-error", "sneaky-checked"})
  void userResolverOrDetectorFailingAnyWay_is500InternalError_loggedByClassOnly(String kind) throws Exception {
    AccessGuard brokenResolver = guard(new ConcurrentLinkedQueue<>(), request -> {
      failWith(kind, "no user for " + request.headers("client-key"));
      return java.util.Optional.empty();
    }).build();
    AccessGuard brokenDetector = guard(new ConcurrentLinkedQueue<>()).backofficeDetector(request -> {
      failWith(kind, "no flag for " + request.headers("client-key"));
      return false;
    }).build();
    for (AccessGuard broken : List.of(brokenResolver, brokenDetector)) {
      Logger filterLogger = (Logger) LoggerFactory.getLogger(KeywardenFilter.class);
      ListAppender<ILoggingEvent> logs = new ListAppender<>();
      logs.start();
      filterLogger.addAppender(logs);
      Http.Response response;
      try (EmbeddedContainer second = EmbeddedContainer.start(kind(), KeywardenFilter.builder(broken).build(),
          new EchoServlet())) {
        response = Http.get(second.port(), "/keyed", "client-key", "web-key");
      } finally {
        filterLogger.detachAppender(logs);
      }
      assertProblem(response, 500, "internal-error");
      assertThat(response.reachedApplication()).isFalse();
      assertThat(response.body()).doesNotContain("web-key");
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
          .startsWith("access decision failed in a host component (").doesNotContain("web-key");
      assertThat(logs.list.get(0).getThrowableProxy()).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"runtime", "assertion-error", "linkage-error", "sneaky-checked"})
  void storeFailingAnyWay_isKeyStoreUnavailable(String kind) throws Exception {
    AccessGuard broken = AccessGuard.builder()
        .keyStore(digest -> {
          failWith(kind, "database down");
          return java.util.Optional.empty();
        })
        .rule(EndpointRule.builder("GET", "/keyed").isPublic(true).apiKeyRequired(true).build())
        .build();
    try (EmbeddedContainer second = EmbeddedContainer.start(kind(), KeywardenFilter.builder(broken).build(),
        new EchoServlet())) {
      Http.Response response = Http.get(second.port(), "/keyed", "client-key", "web-key");
      assertProblem(response, 503, "key-store-unavailable");
      assertThat(response.headers()).containsKey("retry-after");
      assertThat(response.reachedApplication()).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"runtime", "assertion-error", "linkage-error", "sneaky-checked"})
  void listenerFailingAnyWay_leavesTheDecisionAsItWas(String kind) throws Exception {
    AccessGuard noisy = AccessGuard.builder()
        .keyStore(keyStore())
        .listener(event -> failWith(kind, "audit down"))
        .rule(EndpointRule.builder("GET", "/keyed").isPublic(true).apiKeyRequired(true).build())
        .build();
    try (EmbeddedContainer second = EmbeddedContainer.start(kind(), KeywardenFilter.builder(noisy).build(),
        new EchoServlet())) {
      assertThat(Http.get(second.port(), "/keyed", "client-key", "web-key").reachedApplication()).isTrue();
      Http.Response refused = Http.get(second.port(), "/keyed");
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.reachedApplication()).isFalse();
    }
  }

  @Test
  void failingHostComponent_logsTheExceptionClassOnly_neverItsMessage() throws Exception {
    // A user resolver whose message quotes what the client sent (it could be a key).
    AccessGuard broken = guard(new ConcurrentLinkedQueue<>(), request -> {
      throw new IllegalStateException("no user for " + request.headers("x-user"));
    }).build();
    Logger filterLogger = (Logger) LoggerFactory.getLogger(KeywardenFilter.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    filterLogger.addAppender(logs);
    try (EmbeddedContainer second = EmbeddedContainer.start(kind(), KeywardenFilter.builder(broken).build(),
        new EchoServlet())) {
      assertThat(Http.get(second.port(), "/public", "x-user", "quoted-Kq93").status()).isEqualTo(500);
    } finally {
      filterLogger.detachAppender(logs);
    }
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "access decision failed in a host component (java.lang.IllegalStateException); refusing the request");
    assertThat(logs.list.get(0).getThrowableProxy()).isNull();
  }

  @Test
  void hideCredentialsOff_letsTheApplicationSeeTheKey() throws Exception {
    KeywardenFilter visible = KeywardenFilter.builder(guard(new ConcurrentLinkedQueue<>()).build())
        .hideCredentials(false).build();
    try (EmbeddedContainer second = EmbeddedContainer.start(kind(), visible, new EchoServlet())) {
      assertThat(Http.get(second.port(), "/keyed", "client-key", "web-key").echo("client-key")).isEqualTo("web-key");
      // Only the credential part of the redaction is off: spoofable headers are still the filter's.
      Http.Response spoofed = Http.get(second.port(), "/keyed", "client-key", "web-key", "client-type", "admin",
          "isbackoffice", "true");
      assertThat(spoofed.echo("client-type")).isEqualTo("web");
      assertThat(spoofed.echo("isbackoffice")).isEmpty();
      assertThat(spoofed.echo("client-key")).isEqualTo("web-key");
    }
  }
}
