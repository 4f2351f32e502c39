package dev.keywarden.access;

import java.util.Objects;

/**
 * The outcome of {@link AccessGuard#decide}: {@link Allow} with the {@link Caller},
 * {@link Deny} with the status and code of the problem response, or {@link PassThrough} for a
 * CORS preflight that must reach the application untouched. Never an exception for anything a
 * client sends.
 */
public sealed interface AccessDecision {

  /**
   * The request goes on.
   *
   * @param caller who passed
   */
  record Allow(Caller caller) implements AccessDecision {
    /**
     * Creates the outcome.
     *
     * @param caller who passed; not {@code null}
     */
    public Allow {
      Objects.requireNonNull(caller, "caller");
    }
  }

  /**
   * The request is refused.
   *
   * @param code why, with the problem's code and title
   * @param status the HTTP status (the code's default unless configured otherwise)
   */
  record Deny(DenyCode code, int status) implements AccessDecision {
    /**
     * Creates the outcome.
     *
     * @param code why; not {@code null}
     * @param status the HTTP status, 400 to 599
     */
    public Deny {
      Objects.requireNonNull(code, "code");
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status must be between 400 and 599 (was " + status + ")");
      }
    }
  }

  /** A CORS preflight passed through untouched, with no decision applied. */
  enum PassThrough implements AccessDecision {
    /** The only instance. */
    INSTANCE
  }
}
