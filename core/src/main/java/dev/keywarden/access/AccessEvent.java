package dev.keywarden.access;

import dev.keywarden.store.InvalidKeyReason;

/**
 * One access decision, as reported to an {@link AccessListener} for audit logs and metrics.
 * Never holds a secret.
 *
 * @param outcome allowed, denied or passed through
 * @param code the deny code, or {@code null} unless denied
 * @param status the HTTP status of a denial, or 0
 * @param rule the matched rule, or {@code null} when none was reached or matched
 * @param clientType the client type of a valid key (the one the expression saw), or
 *     {@code null}: also {@code null} for a refused key
 * @param keyId the id of the key presented: of a valid key, and also of an inactive or expired
 *     one (ids are not secret); {@code null} when no key was presented or none was found
 * @param invalidKeyReason why a presented key was refused, or {@code null}
 * @param userId the logged-in user's id, or {@code null}
 * @param method the request method
 * @param path the request path
 * @param elapsedNanos how long the decision took
 */
public record AccessEvent(
    Outcome outcome,
    DenyCode code,
    int status,
    EndpointRule rule,
    String clientType,
    String keyId,
    InvalidKeyReason invalidKeyReason,
    String userId,
    String method,
    String path,
    long elapsedNanos) {

  /** The kinds of outcome. */
  public enum Outcome {
    /** The request went on. */
    ALLOWED,
    /** The request was refused. */
    DENIED,
    /** A CORS preflight was passed through untouched. */
    PASSED_THROUGH
  }
}
