package dev.keywarden.benchmarks;

import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import dev.keywarden.store.InMemoryApiKeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory store with 1,000,000 keys: lookup by digest against a plain {@code HashMap} of
 * the same digests (the baseline), and the load time. Retained memory per key is measured by
 * {@link StoreFootprint}.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class StoreBenchmark {
  static final int KEYS = 1_000_000;

  private InMemoryApiKeyStore store;
  private Map<KeyDigest, ApiKey> baseline;
  private KeyDigest[] digests;
  private List<ApiKey> keys;
  private int next;

  static List<ApiKey> keys(int count) {
    List<ApiKey> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(ApiKey.builder().secret("kw_store-bench-" + i).clientType(i % 2 == 0 ? "web" : "mobile").build());
    }
    return keys;
  }

  @Setup(Level.Trial)
  public void setUp() {
    keys = keys(KEYS);
    store = InMemoryApiKeyStore.of(keys);
    baseline = new HashMap<>();
    digests = new KeyDigest[4096];
    for (int i = 0; i < keys.size(); i++) {
      baseline.put(keys.get(i).digest(), keys.get(i));
    }
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < digests.length; i++) {
      digests[i] = keys.get(random.nextInt(KEYS)).digest();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  public Optional<ApiKey> lookup() {
    return store.findByDigest(digests[next++ & (digests.length - 1)]);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  public ApiKey baselineHashMapLookup() {
    return baseline.get(digests[next++ & (digests.length - 1)]);
  }

  /** Loading 1,000,000 already-hashed keys into a new store (duplicate checks included). */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public InMemoryApiKeyStore load() {
    return InMemoryApiKeyStore.of(keys);
  }
}
