package dev.keywarden.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKey;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.access.RequestFirewall;
import dev.keywarden.store.InMemoryApiKeyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The differential suite (issue 11): thousands of spellings of paths, sent as raw bytes to real
 * applications behind the filter, with four sets of credentials. The oracle is the application:
 * <b>whenever a handler ran, the request carried what that handler's rule requires</b>. Which
 * handler ran comes from the handler itself ({@code x-handler}); what each handler requires is
 * written below by hand from the rules; Keywarden's route table is never asked.
 *
 * <p>Subclasses choose the host: servlet mappings or Spring MVC, on Jetty 12 or Tomcat 11. Counts
 * per category and outcome are printed and written to {@code target/differential/<host>.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DifferentialSuiteTest {
  /** The credentials tried with every spelling: name, header line, client type. */
  record Credentials(String name, String header, String clientType) {}

  static final List<Credentials> CREDENTIALS = List.of(
      new Credentials("anonymous", null, null),
      new Credentials("web key (wrong client type)", "client-key: diff-web-key-1", "web"),
      new Credentials("orders key", "client-key: diff-orders-key-2", "orders"),
      new Credentials("admin key (right for all)", "client-key: diff-admin-key-3", "admin"));

  /**
   * What each handler requires, by hand from the rules in {@link #guard()}: admin needs client
   * type admin; orders needs orders or admin; items needs any valid key; files and the default
   * handler are public.
   */
  static boolean satisfies(String handler, Credentials credentials) {
    String type = credentials.clientType();
    return switch (handler) {
      case "admin" -> "admin".equals(type);
      case "orders" -> "orders".equals(type) || "admin".equals(type);
      case "items" -> type != null;
      case "files", "default" -> true;
      default -> throw new AssertionError("unknown handler " + handler);
    };
  }

  private EmbeddedContainer container;
  private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
  private long startNanos;

  abstract String host();

  static AccessGuard guard() {
    return rules(AccessGuard.builder().rule(EndpointRule.builder("ALL", "/**").isPublic(true).build())).build();
  }

  /** The rules below {@code /**}, the same in every guard of the suite. */
  private static AccessGuard.Builder rules(AccessGuard.Builder builder) {
    return builder
        .keyStore(InMemoryApiKeyStore.of(List.of(
            ApiKey.builder().secret("diff-web-key-1").clientType("web").id("web").build(),
            ApiKey.builder().secret("diff-orders-key-2").clientType("orders").id("orders").build(),
            ApiKey.builder().secret("diff-admin-key-3").clientType("admin").id("admin").build())))
        .rule(EndpointRule.builder("ALL", "/files/**").isPublic(true).build())
        .rule(EndpointRule.builder("ALL", "/admin/**").isPublic(true)
            .userGroupPermission("clientType == 'admin' || groups.admin").build())
        .rule(EndpointRule.builder("ALL", "/orders/**").isPublic(true).apiKeyRequired(true)
            .userGroupPermission("clientType == 'orders' || clientType == 'admin'").build())
        .rule(EndpointRule.builder("ALL", "/items/**").isPublic(true).apiKeyRequired(true).build());
  }

  /**
   * The suite's rules with the catch-all as a public <em>default rule</em> instead of an
   * {@code ALL /**} rule: what a request matching no rule gets, the setting external finding F1 needs.
   */
  static AccessGuard publicDefaultGuard(RequestFirewall firewall) {
    return rules(AccessGuard.builder().defaultRule(EndpointRule.builder("ALL", "/**").isPublic(true).build()))
        .firewall(firewall).build();
  }

  @BeforeAll
  void start() throws Exception {
    startNanos = System.nanoTime();
    container = DifferentialHosts.start(host(), KeywardenFilter.builder(guard()).build());
  }

  @AfterAll
  void stop() throws Exception {
    container.close();
    StringBuilder report = new StringBuilder(host() + " differential suite, cases per category and outcome"
        + " (one case = one spelling with one set of credentials):\n");
    int total = 0;
    for (Map.Entry<String, Map<String, Integer>> category : counts.entrySet()) {
      int sum = category.getValue().values().stream().mapToInt(Integer::intValue).sum();
      total += sum;
      report.append("  ").append(category.getKey()).append(": ").append(sum).append(' ')
          .append(category.getValue()).append('\n');
    }
    report.append("  total: ").append(total).append(" in ")
        .append((System.nanoTime() - startNanos) / 1_000_000).append(" ms\n");
    System.out.print(report);
    Path out = Path.of("target", "differential", host() + ".txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  private void count(String category, String outcome) {
    counts.computeIfAbsent(category, k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
  }

  private static String outcome(Http.Response response) {
    String handler = response.header(DifferentialHosts.HANDLER_HEADER);
    if (handler != null) {
      return "handler ran";
    }
    if (response.status() == KeepAliveClient.CLOSED_WITHOUT_ANSWER) {
      return "container closed the connection";
    }
    String type = response.header("content-type");
    if (type != null && type.startsWith(KeywardenFilter.PROBLEM_JSON)) {
      return response.body().contains("\"code\":\"rejected-request\"") ? "firewall 400" : "keywarden " + response.status();
    }
    return "container " + response.status();
  }

  private static String[] headers(Credentials credentials) {
    // Every request also tries to spoof its client type and back-office flag.
    List<String> lines = new ArrayList<>(List.of("client-type: admin", "isbackoffice: true"));
    if (credentials.header() != null) {
      lines.add(credentials.header());
    }
    return lines.toArray(new String[0]);
  }

  /** Sends one spelling with every set of credentials; returns the violations found. */
  private List<String> judge(KeepAliveClient client, String category, String target) throws IOException {
    List<String> violations = new ArrayList<>();
    for (Credentials credentials : CREDENTIALS) {
      Http.Response response = client.send("GET", target, headers(credentials));
      count(category, outcome(response));
      String handler = response.header(DifferentialHosts.HANDLER_HEADER);
      if (handler == null) {
        if (response.status() < 400 && response.status() != KeepAliveClient.CLOSED_WITHOUT_ANSWER) {
          violations.add(target + " [" + credentials.name() + "]: " + response.status() + " without a handler");
        }
        continue;
      }
      if (!satisfies(handler, credentials)) {
        violations.add(target + " [" + credentials.name() + "]: ran " + handler + " without its credentials");
      }
      String seenType = response.echo("client-type");
      String expectedType = credentials.clientType() == null ? "" : credentials.clientType();
      if (!expectedType.equals(seenType)) {
        violations.add(target + " [" + credentials.name() + "]: " + handler + " saw client-type " + seenType);
      }
      if (!"".equals(response.echo("isbackoffice"))) {
        violations.add(target + " [" + credentials.name() + "]: " + handler + " saw isbackoffice");
      }
    }
    return violations;
  }

  @Test
  void corpus_noHandlerEverRunsWithoutItsCredentials() throws Exception {
    Map<String, List<String>> corpus = corpus();
    int spellings = corpus.values().stream().mapToInt(List::size).sum();
    assertThat(spellings).isGreaterThanOrEqualTo(2_000);
    List<String> violations = new ArrayList<>();
    try (KeepAliveClient client = new KeepAliveClient(container.port())) {
      for (Map.Entry<String, List<String>> category : corpus.entrySet()) {
        for (String target : category.getValue()) {
          violations.addAll(judge(client, category.getKey(), target));
        }
      }
    }
    assertThat(violations).as("%s: %d violations", host(), violations.size()).isEmpty();
  }

  @Test
  void positiveControl_canonicalPathsReachTheirHandlerWithTheRightKey() throws Exception {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("/admin/x", "admin");
    expected.put("/orders/x", "orders");
    expected.put("/items/1", "items");
    expected.put("/files/x", "files");
    expected.put("/other", "default");
    expected.put("/%61dmin/x", "admin"); // decodes to /admin/x unambiguously
    expected.put("/%6Frders/x", "orders");
    try (KeepAliveClient client = new KeepAliveClient(container.port())) {
      for (Map.Entry<String, String> entry : expected.entrySet()) {
        Http.Response response = client.send("GET", entry.getKey(), headers(CREDENTIALS.get(3)));
        assertThat(response.header(DifferentialHosts.HANDLER_HEADER)).as("%s %s", host(), entry.getKey())
            .isEqualTo(entry.getValue());
        assertThat(response.echo("client-type")).isEqualTo("admin");
      }
      // Judged as /admin/x: an anonymous caller is refused by the rule (401), not by the firewall.
      assertThat(client.send("GET", "/%61dmin/x").status()).isEqualTo(401);
      assertThat(client.send("GET", "/files/x", "client-key: diff-web-key-1").echo("client-type")).isEqualTo("web");
      assertThat(client.connections()).isEqualTo(1);
    }
  }

  // Issue 11, finding 1: "..;" decoded from %3b made the route table judge /files/** while the
  // container ran the /admin/* servlet (and Spring its /admin/** controller).
  @Test
  void finding1_encodedSemicolonDotDot_neverReachesAdminOrOrdersAnonymously() throws Exception {
    try (KeepAliveClient client = new KeepAliveClient(container.port())) {
      for (String target : List.of("/admin/..%3b/files/x", "/admin/..%3B/files/x", "/admin/%2e%2e%3b/files/x",
          "/admin/..%3bx/files/x", "/admin/x/..%3b/..%3b/files/x", "/orders/..%3b/files/x", "/admin/..%3b/other")) {
        for (Credentials credentials : CREDENTIALS.subList(0, 2)) {
          Http.Response response = client.send("GET", target, headers(credentials));
          assertThat(response.header(DifferentialHosts.HANDLER_HEADER)).as("%s %s", host(), target).isNull();
          assertThat(response.status()).as("%s %s", host(), target).isEqualTo(400);
        }
      }
    }
  }

  // Issue 11, finding 2: Spring MVC matches on the request URI, so raw dot segments ran its
  // /admin/** controller while Keywarden applied /files/**.
  @Test
  void finding2_rawDotSegments_neverReachAdminAnonymously() throws Exception {
    try (KeepAliveClient client = new KeepAliveClient(container.port())) {
      for (String target : List.of("/admin/../files/x", "/admin;x=/../files/x", "/admin/./../files/x",
          "/admin/..;/files/x", "/admin/%2e%2e/files/x", "/admin/x/../../files/x")) {
        Http.Response response = client.send("GET", target, headers(CREDENTIALS.get(0)));
        assertThat(response.header(DifferentialHosts.HANDLER_HEADER)).as("%s %s", host(), target).isNull();
        assertThat(response.status()).as("%s %s", host(), target).isEqualTo(400);
      }
    }
  }

  /**
   * Method spellings no rule names: other cases of standard methods, WebDAV, cache and custom verbs.
   * (TRACE is left to the core tests: containers answer it themselves, echoing the request.)
   */
  static final List<String> NONSTANDARD_METHODS = List.of("get", "Get", "delete", "post", "FOO", "PROPFIND",
      "PURGE", "MKCOL");

  // External finding F1: a method no rule names matched no rule, so "ALL /admin/**" did not cover
  // it and the public default rule let it through to the servlet (service() runs every method) or
  // the method-less @RequestMapping. Run with the strict firewall, and with the category allowed
  // (then the ALL rules must cover such methods). The oracle is which handler ran.
  @Test
  void findingF1_nonStandardMethods_neverRunAHandlerWithoutItsCredentials_underAPublicDefaultRule()
      throws Exception {
    List<String> violations = new ArrayList<>();
    for (boolean allowed : new boolean[] {false, true}) {
      RequestFirewall firewall = allowed
          ? RequestFirewall.builder().allow(RequestFirewall.Category.NONSTANDARD_METHOD).build()
          : RequestFirewall.strict();
      String category = "non-standard methods, public default rule, firewall " + (allowed ? "allowing them" : "strict");
      try (EmbeddedContainer methods = DifferentialHosts.start(host(),
          KeywardenFilter.builder(publicDefaultGuard(firewall)).build());
          KeepAliveClient client = new KeepAliveClient(methods.port())) {
        for (String method : NONSTANDARD_METHODS) {
          for (String area : AREAS) {
            String target = "/" + area + "/1";
            for (Credentials credentials : CREDENTIALS) {
              Http.Response response = client.send(method, target, headers(credentials));
              count(category, outcome(response));
              String handler = response.header(DifferentialHosts.HANDLER_HEADER);
              if (handler == null ? response.status() < 400 : !satisfies(handler, credentials)) {
                violations.add(category + ": " + method + " " + target + " [" + credentials.name() + "]: "
                    + response.status() + " ran " + handler);
              }
              if (!allowed && handler != null) {
                violations.add(category + ": " + method + " " + target + " [" + credentials.name() + "]: ran " + handler);
              }
            }
          }
        }
        if (allowed) {
          // Positive control: the containers do dispatch such methods to the handlers, so the
          // refusals above come from the rules, not from a container ignoring the method.
          for (String method : List.of("get", "PROPFIND", "PURGE")) {
            assertThat(client.send(method, "/admin/1", headers(CREDENTIALS.get(3))).header(DifferentialHosts.HANDLER_HEADER))
                .as("%s %s /admin/1 with the admin key", host(), method).isEqualTo("admin");
            assertThat(client.send(method, "/other", headers(CREDENTIALS.get(0))).header(DifferentialHosts.HANDLER_HEADER))
                .as("%s %s /other anonymously (public default rule)", host(), method).isEqualTo("default");
          }
        }
      }
    }
    assertThat(violations).as("%s: %d violations", host(), violations.size()).isEmpty();
  }

  // --- the corpus --------------------------------------------------------------------------------

  static final String[] AREAS = {"admin", "orders", "items", "files", "other"};
  static final String[] PROTECTED = {"admin", "orders", "items"};
  static final String[] PUBLIC = {"files", "other"};

  /** The spellings, by category; each is a raw request target (one char = one byte). */
  static Map<String, List<String>> corpus() {
    Map<String, Set<String>> corpus = new LinkedHashMap<>();
    String[] dots = {"..", ".%2e", "%2e.", "%2e%2e", "%2E%2E", "..;", "..%3b", "..%3B", "%2e%2e;", "%2e%2e%3b",
        "..;x=1", "%252e%252e", "%c0%ae%c0%ae", "%e0%80%ae%e0%80%ae", "\u00c0\u00ae\u00c0\u00ae", "..%00"};
    String[] seps = {"/", "%2f", "%2F", "\\", "%5c", "%252f", "%c0%af", "/;/", ";/"};
    String[][] pairs = {{"admin", "files"}, {"orders", "files"}, {"items", "files"}, {"admin", "other"},
        {"files", "admin"}, {"other", "orders"}, {"files", "items"}, {"orders", "admin"}};
    for (String[] pair : pairs) {
      for (String sep : seps) {
        for (String dot : dots) {
          add(corpus, "dot-segment traversal", "/" + pair[0] + sep + dot + sep + pair[1] + "/x");
        }
      }
    }
    String[] matrix = {";", ";x=1", ";jsessionid=abc", "%3b", "%3B", "%3bx=1", ";/", ";%2f", ";.", ";..", "%3b.."};
    for (String area : AREAS) {
      for (String m : matrix) {
        add(corpus, "semicolon and matrix parameters", "/" + area + m + "/x");
        add(corpus, "semicolon and matrix parameters", "/" + area + "/x" + m);
        add(corpus, "semicolon and matrix parameters", "/" + m + "/" + area + "/x");
        add(corpus, "semicolon and matrix parameters", "/" + area + "/.." + m + "/files/x");
        add(corpus, "semicolon and matrix parameters", "/files/.." + m + "/" + area + "/x");
      }
    }
    for (String area : AREAS) {
      add(corpus, "case and encoded letters", "/" + area.toUpperCase() + "/x");
      add(corpus, "case and encoded letters", "/" + Character.toUpperCase(area.charAt(0)) + area.substring(1) + "/x");
      add(corpus, "case and encoded letters", "/" + area.substring(0, 1) + area.substring(1).toUpperCase() + "/x");
      StringBuilder all = new StringBuilder("/");
      for (int i = 0; i < area.length(); i++) {
        String lower = String.format("%%%02x", (int) area.charAt(i));
        String upper = lower.toUpperCase();
        all.append(upper);
        for (String encoded : List.of(lower, upper, String.format("%%%02x", (int) Character.toUpperCase(area.charAt(i))))) {
          add(corpus, "case and encoded letters", "/" + area.substring(0, i) + encoded + area.substring(i + 1) + "/x");
        }
      }
      add(corpus, "case and encoded letters", all + "/x");
    }
    String[] dotLike = {".", "%2e", "%2E", "%252e", "%c0%ae", "%e0%80%ae"};
    for (String area : AREAS) {
      for (String dot : dotLike) {
        for (String template : List.of("/%d/%a/x", "/%a/%d/x", "/%a/x/%d", "/%a/x/%d%d", "/%d%d/%a/x", "/%a/%d%d/%a/x",
            "/%d/%d/%a/x", "/%a/%d/%d%d/files/x")) {
          add(corpus, "dot segments", template.replace("%a", area).replace("%d", dot));
        }
      }
      for (String empty : List.of("//%a/x", "/%a//x", "///%a/x", "/%a/x//", "//%a//x", "/.//%a/x", "/%a/.//x",
          "/%a%2f%2fx", "/%2f%a/x")) {
        add(corpus, "empty segments", empty.replace("%a", area));
      }
    }
    String[] suffixes = {"%00", "%20", "%09", "%0a", "%0d", "%0d%0a", "%7f", "~", "*", ".", "..", "/", "//", "%2f",
        "%5c", "\\", "%c2%85", "%e2%80%a8", "%e2%80%a9", "%e2%80%8b", "%e2%80%ae", "%ef%bb%bf", "%3f", "%23",
        "?a=b", "?x=/../admin", "%25", "%", "%2", "%zz", ";", "%3b", ".json", "/.", "/..", "%2e", "%2e%2e"};
    for (String area : AREAS) {
      for (String suffix : suffixes) {
        add(corpus, "trailing and control characters", "/" + area + "/x" + suffix);
        add(corpus, "trailing and control characters", "/" + area + suffix + "/x");
      }
    }
    String[] overlong = {"%c0%ae", "%e0%80%ae", "%f0%80%80%ae", "%c0%af", "%e0%80%af", "%c1%9c", "%c0%2e", "%ed%a0%80",
        "%ff", "%c3", "%fe%ff", "\u00c0\u00af", "\u00c0\u00ae", "\u00ff", "caf\u00c3\u00a9", "caf%c3%a9",
        "%e2%82%ac", "%f0%9f%98%80"};
    for (String area : AREAS) {
      for (String bytes : overlong) {
        add(corpus, "overlong and invalid UTF-8", "/" + area + "/" + bytes + "/x");
        add(corpus, "overlong and invalid UTF-8", "/" + area + "/" + bytes + bytes + "/files/x");
        add(corpus, "overlong and invalid UTF-8", "/files/" + bytes + bytes + "/" + area + "/x");
        add(corpus, "overlong and invalid UTF-8", "/" + area + bytes + "/x");
      }
    }
    String[] doubles = {"%252e", "%252e%252e", "%252f", "%255c", "%253b", "%2525", "%25252e%25252e", "%25%32%65",
        "%%32%65", "%2%65", "%252E%252E%252F"};
    for (String area : AREAS) {
      for (String d : doubles) {
        add(corpus, "double encoding", "/" + area + "/" + d + "/files/x");
        add(corpus, "double encoding", "/files/" + d + "/" + area + "/x");
        add(corpus, "double encoding", "/" + area + d + "/x");
      }
    }
    for (String area : PROTECTED) {
      for (String pub : PUBLIC) {
        for (String backslash : List.of("\\", "%5c", "%5C", "%255c", "\\..\\", "%5c..%5c", "/..\\", "\\../")) {
          add(corpus, "backslash", "/" + pub + backslash + area + "/x");
          add(corpus, "backslash", "/" + area + backslash + pub + "/x");
          add(corpus, "backslash", "/" + pub + "/" + backslash + "/" + area + "/x");
        }
      }
    }
    Map<String, List<String>> result = new LinkedHashMap<>();
    corpus.forEach((k, v) -> result.put(k, List.copyOf(v)));
    return result;
  }

  private static void add(Map<String, Set<String>> corpus, String category, String target) {
    corpus.computeIfAbsent(category, k -> new LinkedHashSet<>()).add(target);
  }
}
