package dev.keywarden.store;

import dev.keywarden.KeywardenException;

/**
 * Thrown by an {@link ApiKeyStore} that cannot answer: a database down, a timeout, a vault that
 * refuses the connection. The access decision turns it into 503 "key store unavailable", never
 * into an allow. Messages must not contain secrets or digests.
 */
public class ApiKeyStoreException extends KeywardenException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what failed; never a secret
   */
  public ApiKeyStoreException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what failed; never a secret
   * @param cause the underlying failure, may be {@code null}
   */
  public ApiKeyStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
