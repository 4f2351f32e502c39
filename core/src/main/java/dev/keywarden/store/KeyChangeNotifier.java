package dev.keywarden.store;

import java.util.Objects;

/**
 * A key store that tells listeners about changes made through it. A
 * {@link CachingApiKeyStore} over such a store subscribes itself, so changes made through the
 * store's management interface reach the cache before the management call returns: that is
 * what makes revocation immediate on this node.
 *
 * <p>Notices must reach the cache through every decorator between it and the store. Keywarden's
 * own decorators ({@link TimeLimitedApiKeyStore}, {@link CachingApiKeyStore}) pass them on; a
 * host's decorator does so by implementing {@link ApiKeyStoreDecorator}, or by calling
 * {@link #forward(ApiKeyStore, KeyChangeListener)} from its own {@code addChangeListener}. A
 * cache over a store that does not pass notices on logs a warning when it is built.
 */
public interface KeyChangeNotifier {

  /**
   * Registers a listener, called synchronously after every change.
   *
   * @param listener the listener; not {@code null}
   */
  void addChangeListener(KeyChangeListener listener);

  /**
   * Tells whether listeners added here really hear of changes. A store that notifies its own
   * changes answers {@code true} (the default); a decorator answers for the store it wraps.
   *
   * @return {@code true} if changes reach listeners before the changing call returns
   */
  default boolean notifiesChanges() {
    return true;
  }

  /**
   * Tells whether a store passes key change notices on to its listeners: it is a
   * {@code KeyChangeNotifier} and {@link #notifiesChanges()} says so.
   *
   * @param store the store; not {@code null}
   * @return {@code true} if a cache over it learns of changes at once
   */
  static boolean notifiesChanges(ApiKeyStore store) {
    Objects.requireNonNull(store, "store");
    return store instanceof KeyChangeNotifier notifier && notifier.notifiesChanges();
  }

  /**
   * Registers a listener with a wrapped store if it notifies changes; does nothing otherwise.
   * A host's decorator calls this from its {@code addChangeListener} to pass notices through:
   *
   * <pre>{@code
   * public void addChangeListener(KeyChangeListener listener) {
   *   KeyChangeNotifier.forward(delegate, listener);
   * }
   * }</pre>
   *
   * @param delegate the wrapped store; not {@code null}
   * @param listener the listener; not {@code null}
   */
  static void forward(ApiKeyStore delegate, KeyChangeListener listener) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(listener, "listener");
    if (delegate instanceof KeyChangeNotifier notifier) {
      notifier.addChangeListener(listener);
    }
  }
}
