package dev.keywarden.access;

import java.util.OptionalInt;

/**
 * A row of the access decision table (SPEC §6): the condition that decided a request, as
 * reported by {@link AccessGuard#explain}. {@link #NO_MATCHING_RULE} is the fail-closed answer
 * of SPEC §5 (no rule matches and no default rule is set), which has no number in the table.
 */
public enum DecisionRow {
  /** Row 0: the request firewall refuses the request. */
  REJECTED_REQUEST(0, "the request firewall refuses the request"),
  /** Row 1: a CORS preflight passed through. */
  PREFLIGHT(1, "CORS preflight with preflight pass-through on: passes through"),
  /** Row 2: conflicting or repeated different keys. */
  CONFLICTING_API_KEYS(2, "the request carries conflicting or repeated different keys"),
  /** Row 3: a presented key is invalid. */
  INVALID_API_KEY(3, "a key was presented and it is invalid"),
  /** Row 4: the key store cannot answer. */
  KEY_STORE_UNAVAILABLE(4, "the key store is unavailable"),
  /** No rule matches the request and no default rule is set. */
  NO_MATCHING_RULE(-1, "no endpoint rule matches and no default rule is set"),
  /** Row 5: the rule needs a key and none was presented. */
  MISSING_API_KEY(5, "the rule has apiKeyRequired and no key was presented"),
  /** Row 6: the rule is not public and nobody is logged in. */
  AUTHENTICATION_REQUIRED(6, "the rule is not public and no user is logged in"),
  /** Row 7: the expression is false and there is neither a user nor a valid key. */
  UNAUTHORIZED(7, "the expression is false, and there is neither a user nor a valid key"),
  /** Row 8: the expression is false otherwise. */
  FORBIDDEN(8, "the expression is false otherwise"),
  /** Row 9: the request goes on. */
  ALLOWED(9, "otherwise: the request goes on");

  private final int number;
  private final String condition;

  DecisionRow(int number, String condition) {
    this.number = number;
    this.condition = condition;
  }

  /** {@return the row's number in the SPEC §6 table, or empty for {@link #NO_MATCHING_RULE}} */
  public OptionalInt number() {
    return number < 0 ? OptionalInt.empty() : OptionalInt.of(number);
  }

  /** {@return the row's condition in words} */
  public String condition() {
    return condition;
  }
}
