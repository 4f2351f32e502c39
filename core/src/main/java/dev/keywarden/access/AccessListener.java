package dev.keywarden.access;

/**
 * Receives every access decision with its elapsed time, for audit logs and metrics. Called on
 * the request thread after the decision; keep it quick. An exception it throws is logged and
 * does not change the decision. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AccessListener {

  /** Called once per decision, after it was taken. */
  void onDecision(AccessEvent event);
}
