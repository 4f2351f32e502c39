package dev.keywarden.benchmarks.cpu;

import dev.keywarden.ApiKey;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.store.CachingApiKeyStore;
import dev.keywarden.store.InMemoryApiKeyStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What every variant of the HTTP CPU comparison shares: the trivial endpoint, the key, the rule
 * ({@code GET /api/orders/{id}}, key required, {@code groups.admin || clientType == "web"}) and
 * the Keywarden guards with 1 and 200 rules.
 */
final class Variants {
  /** The key every request carries, in header {@code client-key}. */
  static final String SECRET = "kw_http-cpu-bench-key-0001";
  static final String CLIENT_TYPE = "web";
  static final String PATH = "/api/orders/42";
  static final String RULE = "groups.admin || clientType == \"web\"";

  private Variants() {}

  /** The protected application: a fixed small answer. */
  static final class Hello extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("application/json");
      response.setContentLength(BODY.length);
      response.getOutputStream().write(BODY);
    }
  }

  /**
   * A guard with the benchmark rule and {@code decoys} other rules of four shapes (the same
   * shapes as DecisionBenchmark's), 1,000 keys behind the caching store.
   */
  static AccessGuard guard(int decoys) {
    List<ApiKey> keys = new ArrayList<>();
    keys.add(ApiKey.builder().secret(SECRET).clientType(CLIENT_TYPE).build());
    for (int i = 1; i < 1_000; i++) {
      keys.add(ApiKey.builder().secret("kw_http-cpu-other-key-" + i).clientType("partner").build());
    }
    AccessGuard.Builder builder = AccessGuard.builder()
        .keyStore(CachingApiKeyStore.of(InMemoryApiKeyStore.of(keys)));
    for (int i = 0; i < decoys; i++) {
      String path = switch (i % 4) {
        case 0 -> "/api/v1/resource" + i + "/**";
        case 1 -> "/api/resource" + i + "/{id}";
        case 2 -> "/api/v2/" + i + "/items/*";
        default -> "/internal/" + i;
      };
      builder.rule(EndpointRule.builder(i % 3 == 0 ? "GET" : "ALL", path).isPublic(true)
          .userGroupPermission("groups.g" + i + " || clientType == 'c" + i + "'").build());
    }
    builder.rule(EndpointRule.builder("GET", "/api/orders/{id}").isPublic(true).apiKeyRequired(true)
        .userGroupPermission(RULE).build());
    return builder.build();
  }
}
