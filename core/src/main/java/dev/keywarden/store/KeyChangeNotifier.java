package dev.keywarden.store;

/**
 * A key store that tells listeners about changes made through it. A
 * {@link CachingApiKeyStore} over such a store subscribes itself, so changes made through the
 * store's management interface reach the cache before the management call returns.
 */
public interface KeyChangeNotifier {

  /**
   * Registers a listener, called synchronously after every change.
   *
   * @param listener the listener; not {@code null}
   */
  void addChangeListener(KeyChangeListener listener);
}
