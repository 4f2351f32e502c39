package dev.keywarden.store;

/**
 * A key store that wraps another (for metrics, tracing, a timeout, a fallback...) and passes
 * the wrapped store's key change notices through, so that a {@link CachingApiKeyStore} in front
 * still forgets a deactivated or deleted key before the management call returns.
 *
 * <p>A host's decorator implements {@link #findByDigest} and {@link #delegate()}; forwarding is
 * inherited:
 *
 * <pre>{@code
 * final class MeteredStore implements ApiKeyStoreDecorator {
 *   private final ApiKeyStore delegate;
 *   MeteredStore(ApiKeyStore delegate) { this.delegate = delegate; }
 *   public ApiKeyStore delegate() { return delegate; }
 *   public Optional<ApiKey> findByDigest(KeyDigest digest) {
 *     lookups.increment();
 *     return delegate.findByDigest(digest);
 *   }
 * }
 * ApiKeyStore store = CachingApiKeyStore.of(new MeteredStore(databaseStore));
 * }</pre>
 *
 * <p>A decorator that implements only {@link ApiKeyStore} stops the notices: the cache then
 * learns of a change only when its entry expires (the TTL, 10 s by default), and says so in a
 * warning when it is built.
 */
public interface ApiKeyStoreDecorator extends ApiKeyStore, KeyChangeNotifier {

  /** {@return the wrapped store; never {@code null}} */
  ApiKeyStore delegate();

  /** Registers the listener with the wrapped store, if it notifies changes. */
  @Override
  default void addChangeListener(KeyChangeListener listener) {
    KeyChangeNotifier.forward(delegate(), listener);
  }

  /** Answers for the wrapped store. */
  @Override
  default boolean notifiesChanges() {
    return KeyChangeNotifier.notifiesChanges(delegate());
  }
}
