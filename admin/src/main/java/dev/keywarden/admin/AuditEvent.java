package dev.keywarden.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * One management action taken through the admin API or console: who did what to which key, and
 * when. Never holds a secret or digest. Immutable.
 *
 * @param actor the id of the administrator (the logged-in user); not {@code null}
 * @param action what was done; not {@code null}
 * @param keyId the id of the key acted on; not {@code null}
 * @param at when, by the admin servlet's clock; not {@code null}
 */
public record AuditEvent(String actor, Action action, String keyId, Instant at) {

  /** @throws NullPointerException if a component is null */
  public AuditEvent {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(at, "at");
  }

  /** The management actions. */
  public enum Action {
    /** A key was created. */
    CREATE,
    /** A key's description or expiry changed (possibly with its active flag). */
    UPDATE,
    /** A key was activated (and nothing else changed). */
    ACTIVATE,
    /** A key was deactivated (and nothing else changed). */
    DEACTIVATE,
    /** A key was deleted. */
    DELETE,
    /** A key got a new secret; the old one works until the grace period ends. */
    ROTATE
  }
}
