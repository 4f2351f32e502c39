package dev.keywarden.store;

import dev.keywarden.ApiKey;
import java.util.Objects;

/**
 * The outcome of resolving a presented secret: {@link Valid}, {@link Invalid} with the reason,
 * or {@link Unavailable} when the store could not answer. Clients see one answer for every
 * {@code Invalid} reason; the reason is for logs and listeners.
 */
public sealed interface KeyResolution {

  /**
   * The presented secret belongs to an active, unexpired key.
   *
   * @param key the key
   */
  record Valid(ApiKey key) implements KeyResolution {
    /** The key may not be {@code null}. */
    public Valid {
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * The presented secret is refused.
   *
   * @param reason why; never shown to the client
   * @param keyId the id of the key the secret belongs to, when one was found
   *     ({@link InvalidKeyReason#INACTIVE}, {@link InvalidKeyReason#EXPIRED}); otherwise
   *     {@code null}. Ids are not secret: audit logs need to know which key was refused.
   */
  record Invalid(InvalidKeyReason reason, String keyId) implements KeyResolution {
    /** The reason may not be {@code null}; the key id may. */
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates the outcome for a secret that belongs to no known key.
     *
     * @param reason why; not {@code null}
     */
    public Invalid(InvalidKeyReason reason) {
      this(reason, null);
    }
  }

  /**
   * The store could not answer: the request is refused with 503, never allowed.
   *
   * @param cause the store's failure
   */
  record Unavailable(RuntimeException cause) implements KeyResolution {
    /** The cause may not be {@code null}. */
    public Unavailable {
      Objects.requireNonNull(cause, "cause");
    }
  }
}
