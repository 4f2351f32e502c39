package dev.keywarden.benchmarks;

import dev.keywarden.ApiKey;
import dev.keywarden.access.AccessDecision;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.access.User;
import dev.keywarden.access.UserResolver;
import dev.keywarden.extract.RequestView;
import dev.keywarden.store.CachingApiKeyStore;
import dev.keywarden.store.InMemoryApiKeyStore;
import dev.keywarden.store.KeyResolution;
import dev.keywarden.store.KeyResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole decision in the core: extract the key from a request view, resolve it through the
 * caching store (a hit), match among 200 rules, evaluate rule S. Also a cache miss (SHA-256 plus
 * an in-memory lookup) and, as the baseline in the same run, a naive plaintext map lookup.
 *
 * <p>Route matching alone is no longer timed: the route table is package-private since the guard
 * stopped exposing it (issue 14), and {@link #decide()} times it on a matching route among the
 * 200 rules, inside the whole decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {
  private static final String SECRET = "kw_bench-web-key-0000000000001";

  private AccessGuard guard;
  private RequestView request;
  private KeyResolver uncached;
  private Map<String, String> naive;
  private String presented;

  @Setup
  public void setUp() {
    List<ApiKey> keys = new ArrayList<>();
    naive = new HashMap<>();
    for (int i = 0; i < 1_000; i++) {
      String secret = i == 0 ? SECRET : "kw_bench-other-key-" + i;
      keys.add(ApiKey.builder().secret(secret).clientType(i == 0 ? "web" : "partner").build());
      naive.put(secret, i == 0 ? "web" : "partner");
    }
    InMemoryApiKeyStore store = InMemoryApiKeyStore.of(keys);
    User user = User.of("u1", Set.of("users"), Set.of());
    AccessGuard.Builder builder = AccessGuard.builder()
        .keyStore(CachingApiKeyStore.of(store))
        .userResolver(UserResolver.requestAttribute("user"));
    // 200 rules: 199 decoys of several shapes, and the one the request matches.
    for (int i = 0; i < 199; i++) {
      String path = switch (i % 4) {
        case 0 -> "/api/v1/resource" + i + "/**";
        case 1 -> "/api/v1/resource" + i + "/{id}";
        case 2 -> "/api/v2/" + i + "/items/*";
        default -> "/internal/" + i;
      };
      builder.rule(EndpointRule.builder(i % 3 == 0 ? "GET" : "ALL", path).isPublic(true)
          .userGroupPermission("groups.g" + i + " || clientType == 'c" + i + "'").build());
    }
    builder.rule(EndpointRule.builder("GET", "/api/v1/orders/{id}").apiKeyRequired(true)
        .userGroupPermission(Rules.KEYWARDEN_S).build());
    guard = builder.build();
    request = RequestView.builder("GET", "/api/v1/orders/42")
        .header("client-key", SECRET)
        .header("accept", "application/json")
        .header("user-agent", "bench")
        .attribute("user", user)
        .build();
    uncached = KeyResolver.of(store);
    presented = new String(SECRET.toCharArray());
    if (!(guard.decide(request) instanceof AccessDecision.Allow)) {
      throw new IllegalStateException("the benchmark request must be allowed");
    }
  }

  /** Extract, resolve (cache hit), match among 200 rules, evaluate. */
  @Benchmark
  public AccessDecision decide() {
    return guard.decide(request);
  }

  /** A cache miss: format check, SHA-256 of the presented key, in-memory lookup, state checks. */
  @Benchmark
  public KeyResolution resolveUncached() {
    return uncached.resolve(presented);
  }

  /** The SHA-256 of the presented key alone: the part of every decision that cannot be cached. */
  @Benchmark
  public dev.keywarden.KeyDigest sha256() {
    return dev.keywarden.KeyDigest.of(presented);
  }

  /** Baseline: what an application does without Keywarden, a plaintext map lookup. */
  @Benchmark
  public String baselinePlaintextLookup() {
    return naive.get(presented);
  }
}
