package dev.keywarden.store;

/**
 * What a failing store threw, as the unchecked exception the layers above handle. A store may
 * fail with more than a {@link RuntimeException}: a checked exception thrown sneakily (a Kotlin
 * or Lombok store over JDBC) or an {@link Error} such as a driver's {@link LinkageError}; each is
 * an outage like any other, answered {@code key-store-unavailable}, not a container error page.
 * Only a {@link VirtualMachineError} (out of memory, stack overflow) is left to propagate.
 */
final class StoreFailures {
  private StoreFailures() {}

  static RuntimeException unchecked(Throwable thrown) {
    if (thrown instanceof VirtualMachineError fatal) {
      throw fatal;
    }
    if (thrown instanceof RuntimeException runtime) {
      return runtime;
    }
    return new ApiKeyStoreException("API key store failed with " + thrown, thrown);
  }
}
