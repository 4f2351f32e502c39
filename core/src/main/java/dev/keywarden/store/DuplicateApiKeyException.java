package dev.keywarden.store;

import dev.keywarden.KeywardenException;

/**
 * Thrown by {@link ApiKeyManagement} when a key would duplicate another's secret or id. Two keys
 * with the same secret are a configuration error: the message names the existing key's id,
 * never the secret.
 */
public final class DuplicateApiKeyException extends KeywardenException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message which rule the key breaks and the existing key's id
   */
  public DuplicateApiKeyException(String message) {
    super(message);
  }
}
