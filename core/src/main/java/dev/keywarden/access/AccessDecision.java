package dev.keywarden.access;

import java.util.Objects;

/**
 * The outcome of {@link AccessGuard#decide}: {@link Allow} with the {@link Caller},
 * {@link Deny} with the status and code of the problem response, or {@link PassThrough} for a
 * CORS preflight that must reach the application untouched. Never an exception for anything a
 * client sends.
 *
 * <p>A request that goes on carries the {@link Redaction} to apply: what the application must not
 * see of it. An adapter applies the decision as it is and asks the guard nothing more.
 */
public sealed interface AccessDecision {

  /**
   * The request goes on.
   *
   * @param caller who passed
   * @param redaction what the application must not see of the request: the guard's shared
   *     instance, with the credentials the request may carry
   */
  record Allow(Caller caller, Redaction redaction) implements AccessDecision {
    /** Neither component may be {@code null}. */
    public Allow {
      Objects.requireNonNull(caller, "caller");
      Objects.requireNonNull(redaction, "redaction");
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
     * The code may not be {@code null}.
     *
     * @throws IllegalArgumentException if the status is not an error status, 400 to 599
     */
    public Deny {
      Objects.requireNonNull(code, "code");
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status must be between 400 and 599 (was " + status + ")");
      }
    }
  }

  /**
   * A CORS preflight passed through with its credentials, with no decision applied; only the
   * spoofable headers are hidden. The guard answers every preflight with one shared instance.
   *
   * @param redaction what to hide: {@link Redaction#withoutCredentials()} of the guard's
   */
  record PassThrough(Redaction redaction) implements AccessDecision {
    /** The redaction may not be {@code null}. */
    public PassThrough {
      Objects.requireNonNull(redaction, "redaction");
    }
  }
}
