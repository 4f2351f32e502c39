package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzzes the route matcher with arbitrary paths: it never throws, a path that is not canonical
 * (empty, '.' or '..' segments, ';') matches no rule, and a canonical path under /admin only
 * reaches an /admin rule.
 */
class RouteMatcherFuzzTest {
  private static final RouteTable TABLE = RouteTable.of(List.of(
      EndpointRule.builder("ALL", "/**").isPublic(true).build(),
      EndpointRule.builder("ALL", "/admin/**").build(),
      EndpointRule.builder("GET", "/admin/public").isPublic(true).build(),
      EndpointRule.builder("ALL", "/orders/{id}").build(),
      EndpointRule.builder("POST", "/orders/*").build(),
      EndpointRule.builder("ALL", "/a/*/c/**").build(),
      EndpointRule.builder("HEAD", "/h").build(),
      EndpointRule.builder("GET", "/").build()));

  @FuzzTest(maxDuration = "30s")
  void match(FuzzedDataProvider data) {
    String method = data.pickValue(new String[] {"GET", "HEAD", "POST", "DELETE", "TRACE", "get", ""});
    String path = data.consumeRemainingAsString();
    EndpointRule raw = TABLE.match(method, path).orElse(null);
    boolean canonical = path.startsWith("/") && !path.contains(";") && !path.contains("//")
        && !("/" + path + "/").replace("/../", "/./").contains("/./");
    if (!canonical) {
      assertThat(raw).as(path).isNull();
    }
    if (canonical && (path.equals("/admin") || path.startsWith("/admin/")) && !path.equals("/admin/public")) {
      assertThat(raw.path()).as(path).startsWith("/admin");
    }
  }
}
