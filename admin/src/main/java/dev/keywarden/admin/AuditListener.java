package dev.keywarden.admin;

/**
 * Receives every management action the admin servlet performs, after it succeeded, for an audit
 * log. Called on the request's thread; a listener that throws is logged and ignored, never undoes
 * the action. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AuditListener {

  /**
   * Receives one action.
   *
   * @param event the action; never {@code null}, never holds a secret
   */
  void onAction(AuditEvent event);

  /** {@return a listener that ignores every action} */
  static AuditListener none() {
    return event -> { };
  }
}
