package dev.keywarden.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.spring.KeywardenAutoConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.DispatcherType;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * SPEC §6 row by row, through a real container and HTTP client, with the rules of
 * application-table.yml; Spring Security's basic-login users as groups and permissions; metrics;
 * the rules endpoint. Expected answers are the specification's, not the code's.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("table")
class DecisionTableTest {
  private static final String WEB_KEY = "web-key-0001";
  private static final String BAR_KEY = "partner-key-01";
  private static final String ALICE = Http.basic("alice", "alice-pw"); // groups admin, foo
  private static final String BOB = Http.basic("bob", "bob-pw"); // group user, permission orders.read

  @Value("${local.server.port}")
  int port;
  @Autowired
  MeterRegistry meters;
  @Autowired
  ApplicationContext context;

  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void row0_pathsReadDifferentlyByDispatchers_neverReachTheHandler() {
    // With Spring Security in front, its StrictHttpFirewall refuses these first (400); without
    // it, Keywarden's request firewall does (400 rejected-request). Either way: refused, unrouted.
    for (String path : new String[] {"/api/public/..;/admin/x", "/api/public/%2e%2e/admin/x", "/api/admin;x=1/x",
        "/api/public/%2F..%2Fadmin/x"}) {
      HttpResponse<String> response = http.get(path, "Authorization", ALICE);
      assertThat(response.statusCode()).as(path).isEqualTo(400);
      assertThat(response.body()).as(path).doesNotContain("handler=");
    }
  }

  @Test
  void row1_corsPreflight_passesThroughToTheApplication() {
    HttpResponse<String> response = http.send("OPTIONS", "/api/admin/x", "Origin", "https://app.example",
        "Access-Control-Request-Method", "GET");
    assertThat(response.statusCode()).isEqualTo(200);
    // Only Spring MVC's @CrossOrigin handling answers this; Keywarden never adds it.
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
  }

  @Test
  void row2_twoDifferentKeysInOneHeader_is400ConflictingApiKeys() {
    HttpResponse<String> response = http.get("/api/public/x", "client-key", WEB_KEY, "client-key", BAR_KEY);
    assertProblem(response, 400, "conflicting-api-keys");
  }

  @Test
  void row3_invalidKeyOnAPublicRoute_is401InvalidApiKey() {
    assertProblem(http.get("/api/public/x", "client-key", "no-such-key-1"), 401, "invalid-api-key");
    assertProblem(http.get("/api/public/x", "client-key", "old-key-0001"), 401, "invalid-api-key"); // inactive
    assertProblem(http.get("/api/public/x", "secret", "no-such-key-1"), 401, "invalid-api-key");
    assertProblem(http.get("/api/public/x", "Cookie", "mia_client_key=no-such-key-1"), 401, "invalid-api-key");
  }

  @Test
  void row5_apiKeyRequiredWithoutKey_is401MissingApiKey() {
    assertProblem(http.get("/api/orders/1"), 401, "missing-api-key");
    assertProblem(http.get("/api/orders/1", "Authorization", ALICE), 401, "missing-api-key");
  }

  @Test
  void row6_loginRequiredWithoutUser_is401AuthenticationRequired() {
    HttpResponse<String> response = http.get("/api/admin/x");
    assertProblem(response, 401, "authentication-required");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("ApiKey realm=\"orders-api\"");
    assertProblem(http.get("/api/admin/x", "client-key", WEB_KEY), 401, "authentication-required");
  }

  @Test
  void row7_expressionFalseForNobody_is401Unauthorized() {
    assertProblem(http.get("/api/mia"), 401, "unauthorized");
  }

  @Test
  void row8_expressionFalseForSomebody_is403Forbidden() {
    assertProblem(http.get("/api/orders/1", "client-key", BAR_KEY), 403, "forbidden"); // a valid key of type bar
    assertProblem(http.get("/api/admin/x", "Authorization", BOB), 403, "forbidden"); // a user not in admin
    assertProblem(http.get("/api/reports", "Authorization", ALICE), 403, "forbidden"); // no orders.read
  }

  @Test
  void row9_allowed_reachesTheHandlerWithTheCaller() {
    HttpResponse<String> response = http.get("/api/orders/1", "client-key", WEB_KEY, "client-type", "spoofed");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("handler=orders caller=true clientType=web user=- clientTypeHeader=web keyHeader=null");

    HttpResponse<String> admin = http.get("/api/admin/x", "Authorization", ALICE);
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(admin.body()).contains("user=alice");

    assertThat(http.get("/api/public/x").body()).startsWith("handler=any caller=true clientType=- user=-");
  }

  @Test
  void noRuleMatches_is401Unauthorized_failClosed() {
    assertProblem(http.get("/api/nothing-here"), 401, "unauthorized");
    assertProblem(http.get("/api/nothing-here", "Authorization", ALICE), 401, "unauthorized");
  }

  @Test
  void miaWorkedExample_holds() {
    assertProblem(http.get("/api/mia"), 401, "unauthorized"); // anonymous, no key
    assertThat(http.get("/api/mia", "Authorization", ALICE).statusCode()).isEqualTo(200); // a member of foo
    assertThat(http.get("/api/mia", "client-key", BAR_KEY).statusCode()).isEqualTo(200); // a key of type bar
  }

  @Test
  void springSecurityUsers_areSeenWithAuthoritiesAsGroupsAndPermissions() {
    HttpResponse<String> reports = http.get("/api/reports", "Authorization", BOB);
    assertThat(reports.statusCode()).isEqualTo(200); // PERMISSION_orders.read is the permission orders.read
    assertThat(reports.body()).contains("user=bob");
    assertThat(http.get("/api/orders/1", "Authorization", ALICE, "client-key", BAR_KEY).statusCode())
        .isEqualTo(200); // ROLE_admin is the group admin
  }

  @Test
  void filter_isRegisteredRightAfterSpringSecurity() {
    // Spring Security's filter chain is the application's one DelegatingFilterProxy registration.
    int security = context.getBean(DelegatingFilterProxyRegistrationBean.class).getOrder();
    AbstractFilterRegistrationBean<?> keywarden =
        context.getBean(KeywardenAutoConfiguration.FILTER_REGISTRATION, AbstractFilterRegistrationBean.class);
    assertThat(keywarden.getOrder()).isEqualTo(security + 1);
  }

  @Test
  void filter_isRegisteredOnRequestErrorAndAsync_withAsyncSupport() {
    // ASYNC: the target of an AsyncContext.dispatch sees the protected request.
    AbstractFilterRegistrationBean<?> keywarden =
        context.getBean(KeywardenAutoConfiguration.FILTER_REGISTRATION, AbstractFilterRegistrationBean.class);
    assertThat(keywarden.determineDispatcherTypes())
        .containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
    assertThat(keywarden.isAsyncSupported()).isTrue();
  }

  @Test
  void metrics_countEachOutcomeAndTimeDecisions() {
    double allowed = count("allowed", "none", "web");
    double missing = count("denied", "missing-api-key", "none");
    double forbidden = count("denied", "forbidden", "bar");
    double preflight = count("passed_through", "none", "none");
    long timed = meters.find("keywarden.decision.duration").timers().stream().mapToLong(Timer::count).sum();

    http.get("/api/orders/1", "client-key", WEB_KEY);
    http.get("/api/orders/1");
    http.get("/api/orders/1");
    http.get("/api/orders/1", "client-key", BAR_KEY);
    http.send("OPTIONS", "/api/x", "Origin", "https://app.example", "Access-Control-Request-Method", "GET");

    assertThat(count("allowed", "none", "web")).isEqualTo(allowed + 1);
    assertThat(count("denied", "missing-api-key", "none")).isEqualTo(missing + 2);
    assertThat(count("denied", "forbidden", "bar")).isEqualTo(forbidden + 1);
    assertThat(count("passed_through", "none", "none")).isEqualTo(preflight + 1);
    assertThat(meters.find("keywarden.decision.duration").timers().stream().mapToLong(Timer::count).sum())
        .isGreaterThanOrEqualTo(timed + 5);
  }

  @Test
  void actuator_showsHealthAndRulesButNoSecret() {
    HttpResponse<String> health = http.get("/actuator/health/keywarden");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"UP\"");

    HttpResponse<String> rules = http.get("/actuator/keywarden");
    assertThat(rules.statusCode()).isEqualTo(200);
    assertThat(rules.body()).contains("/api/orders/**").contains("clientType == 'web' || groups.admin")
        .contains("permissions.orders.read")
        .doesNotContain(WEB_KEY).doesNotContain("old-key-0001")
        .doesNotContain("d66ec3700a63f3a889a7cfc4c58ecbb7b96abba8234def6aedee23a06f5ff1f6");
  }

  private double count(String outcome, String code, String clientType) {
    Counter counter = meters.find("keywarden.decisions").tag("outcome", outcome).tag("code", code)
        .tag("client_type", clientType).counter();
    return counter == null ? 0 : counter.count();
  }

  static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body()).contains("\"code\":\"" + code + "\"").contains("\"status\":" + status);
    if (status == 401) {
      assertThat(response.headers().allValues("WWW-Authenticate")).anySatisfy(
          value -> assertThat(value).startsWith("ApiKey realm="));
    }
  }
}
