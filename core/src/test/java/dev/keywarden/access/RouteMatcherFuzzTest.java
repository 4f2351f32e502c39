package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzzes the route matcher with arbitrary paths: it never throws, and a path gets exactly the
 * rule of its normalized form, so no spelling of a path reaches a rule its canonical form would
 * not.
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
    String canonical = "/" + String.join("/", RouteTable.normalize(path));
    EndpointRule normalized = TABLE.match(method, canonical).orElse(null);
    assertThat(raw).as("'%s' vs '%s'", path, canonical).isSameAs(normalized);
    if (RouteTable.normalize(path).stream().findFirst().orElse("").equals("admin")
        && !canonical.equals("/admin/public") && HttpMethod.ofRequest(method) != null) {
      assertThat(raw.path()).startsWith("/admin");
    }
  }
}
