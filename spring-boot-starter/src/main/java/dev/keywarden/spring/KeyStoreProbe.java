package dev.keywarden.spring;

import dev.keywarden.KeyDigest;
import dev.keywarden.store.ApiKeyStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks the key store one lookup (of a digest no real key has) to tell whether it can answer:
 * the health of the key store, shared by the Boot 3 and Boot 4 health indicators. Details name
 * the store's type and, when it fails, the exception's type: never a message, a key or a digest.
 */
final class KeyStoreProbe {
  private static final KeyDigest PROBE = KeyDigest.of("keywarden-health-probe");

  private final ApiKeyStore store;

  KeyStoreProbe(ApiKeyStore store) {
    this.store = store;
  }

  /** The result: up or not, with its details. */
  record Result(boolean up, Map<String, Object> details) {}

  Result probe() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("store", store == null ? "in-memory (keywarden.api-keys)" : store.getClass().getSimpleName());
    if (store == null) {
      return new Result(true, details);
    }
    try {
      store.findByDigest(PROBE);
      return new Result(true, details);
    } catch (Throwable e) { // an Error or a sneaky checked exception is a store that cannot answer too
      if (e instanceof VirtualMachineError fatal) {
        throw fatal;
      }
      details.put("error", e.getClass().getName());
      return new Result(false, details);
    }
  }
}
