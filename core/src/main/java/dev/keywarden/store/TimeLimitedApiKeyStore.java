package dev.keywarden.store;

import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A decorator that bounds how long a lookup may take: a lookup that has not answered within the
 * timeout fails with {@link ApiKeyStoreException}, which the access decision answers with 503,
 * instead of holding the request thread for as long as a hung database does.
 *
 * <p>Lookups run on a small pool of daemon threads owned by this decorator. The pool is bounded
 * ({@code maxConcurrentLookups}): when every thread is busy with a hung lookup, new lookups fail
 * at once (503) rather than queue or create more threads. Put a {@link CachingApiKeyStore} in
 * front so that only cache misses pay the hand-off:
 *
 * <pre>{@code
 * ApiKeyStore store = CachingApiKeyStore.of(TimeLimitedApiKeyStore.of(databaseStore, Duration.ofMillis(250)));
 * }</pre>
 *
 * <p>Change notifications of a {@link KeyChangeNotifier} delegate pass through (it is an
 * {@link ApiKeyStoreDecorator}). Instances are
 * thread-safe; {@link #close()} stops the pool.
 */
public final class TimeLimitedApiKeyStore implements ApiKeyStoreDecorator, AutoCloseable {
  private static final int DEFAULT_MAX_CONCURRENT_LOOKUPS = 32;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ApiKeyStore delegate;
  private final long timeoutNanos;
  private final Duration timeout;
  private final ThreadPoolExecutor pool;

  private TimeLimitedApiKeyStore(ApiKeyStore delegate, Duration timeout, int maxConcurrentLookups) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive (was " + timeout + ")");
    }
    if (maxConcurrentLookups < 1) {
      throw new IllegalArgumentException(
          "max concurrent lookups must be at least 1 (was " + maxConcurrentLookups + ")");
    }
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    int id = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(0, maxConcurrentLookups, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        task -> {
          Thread thread = new Thread(task, "keywarden-lookup-" + id + "-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * Returns a decorator with the given timeout and at most 32 lookups at once.
   *
   * @param delegate the store; not {@code null}
   * @param timeout a positive bound on one lookup
   * @throws IllegalArgumentException if the timeout is not positive
   */
  public static TimeLimitedApiKeyStore of(ApiKeyStore delegate, Duration timeout) {
    return new TimeLimitedApiKeyStore(delegate, timeout, DEFAULT_MAX_CONCURRENT_LOOKUPS);
  }

  /**
   * Returns a decorator with the given timeout and bound on lookups running at once.
   *
   * @param delegate the store; not {@code null}
   * @param timeout a positive bound on one lookup
   * @param maxConcurrentLookups at least 1
   * @throws IllegalArgumentException if a value is out of range
   */
  public static TimeLimitedApiKeyStore of(ApiKeyStore delegate, Duration timeout, int maxConcurrentLookups) {
    return new TimeLimitedApiKeyStore(delegate, timeout, maxConcurrentLookups);
  }

  @Override
  public Optional<ApiKey> findByDigest(KeyDigest digest) {
    Objects.requireNonNull(digest, "digest");
    Future<Optional<ApiKey>> lookup;
    try {
      lookup = pool.submit(() -> delegate.findByDigest(digest));
    } catch (RejectedExecutionException e) {
      throw new ApiKeyStoreException("API key store overloaded: " + pool.getMaximumPoolSize()
          + " lookups already in flight");
    }
    try {
      return lookup.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      lookup.cancel(true);
      throw new ApiKeyStoreException("API key store did not answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ApiKeyStoreException storeFailure) {
        throw storeFailure;
      }
      throw new ApiKeyStoreException("API key store failed", cause);
    } catch (InterruptedException e) {
      lookup.cancel(true);
      Thread.currentThread().interrupt();
      throw new ApiKeyStoreException("interrupted while waiting for the API key store");
    }
  }

  /** {@return the wrapped store} Change notices pass through to it. */
  @Override
  public ApiKeyStore delegate() {
    return delegate;
  }

  /** Stops the lookup threads; lookups in flight are interrupted. */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  @Override
  public String toString() {
    return "TimeLimitedApiKeyStore[" + delegate + ", timeout=" + timeout.toMillis() + " ms]";
  }
}
