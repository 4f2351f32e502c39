package dev.keywarden.benchmarks;

import dev.keywarden.ApiKey;
import dev.keywarden.store.InMemoryApiKeyStore;
import java.util.List;

/**
 * Retained heap per key of an {@link InMemoryApiKeyStore} with 1,000,000 keys: heap used after a
 * full collection, with and without the store. Run:
 * {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.keywarden.benchmarks.StoreFootprint}.
 */
public final class StoreFootprint {
  private StoreFootprint() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : StoreBenchmark.KEYS;
    long before = usedAfterGc();
    long start = System.nanoTime();
    List<ApiKey> keys = StoreBenchmark.keys(count);
    long built = System.nanoTime();
    InMemoryApiKeyStore store = InMemoryApiKeyStore.of(keys);
    long loaded = System.nanoTime();
    keys = null;
    long after = usedAfterGc();
    System.out.printf("keys: %,d%n", store.size());
    System.out.printf("building the keys (SHA-256 of each secret): %,d ms%n", (built - start) / 1_000_000);
    System.out.printf("loading them into the store: %,d ms%n", (loaded - built) / 1_000_000);
    System.out.printf("retained heap: %,d bytes, %,d bytes per key%n", after - before, (after - before) / count);
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }
}
