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
   * <p>Two denials are equal when their code and status are: the redaction is the guard's advice
   * to an adapter about a refused request (what a host's deny response writer must not be shown),
   * not part of the answer.
   *
   * @param code why, with the problem's code and title
   * @param status the HTTP status (the code's default unless configured otherwise)
   * @param redaction the credentials a refused request may carry: the guard's shared instance
   */
  record Deny(DenyCode code, int status, Redaction redaction) implements AccessDecision {
    /**
     * No component may be {@code null}.
     *
     * @throws IllegalArgumentException if the status is not an error status, 400 to 599
     */
    public Deny {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(redaction, "redaction");
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status must be between 400 and 599 (was " + status + ")");
      }
    }

    /**
     * A denial that names no credentials, to compare a decision with: it equals the guard's
     * denial of the same code and status.
     *
     * @param code why; not {@code null}
     * @param status 400 to 599
     */
    public Deny(DenyCode code, int status) {
      this(code, status, Redaction.NONE);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Deny that && code == that.code && status == that.status;
    }

    @Override
    public int hashCode() {
      return 31 * code.hashCode() + status;
    }

    @Override
    public String toString() {
      return "Deny[code=" + code + ", status=" + status + "]";
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
