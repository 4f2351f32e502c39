package dev.keywarden.store;

/**
 * A store failure whose outage a Keywarden layer has already logged, so that the layers above
 * it do not log the same outage again (one WARN per outage, from the layer that knows what is
 * served meanwhile).
 */
final class LoggedApiKeyStoreException extends ApiKeyStoreException {
  private static final long serialVersionUID = 1L;

  LoggedApiKeyStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Tells whether a failure, or any of its causes, was already logged by Keywarden. */
  static boolean alreadyLogged(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 32; depth++) { // bounded: a cause chain may loop
      if (t instanceof LoggedApiKeyStoreException) {
        return true;
      }
      t = t.getCause();
    }
    return false;
  }
}
