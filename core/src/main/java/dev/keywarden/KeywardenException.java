package dev.keywarden;

/**
 * The root of Keywarden's unchecked exceptions.
 *
 * <p>Keywarden throws only for a host application's mistakes (invalid configuration, found at
 * startup) and for failing infrastructure (a key store that cannot answer). Anything a client
 * sends ends in a decision value, never in an exception. No message of a Keywarden exception
 * ever contains a secret.
 */
public class KeywardenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong; never a secret
   */
  public KeywardenException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong; never a secret
   * @param cause the underlying failure, may be {@code null}
   */
  public KeywardenException(String message, Throwable cause) {
    super(message, cause);
  }
}
