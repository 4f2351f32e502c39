package dev.keywarden.access;

import java.util.Optional;

/**
 * Who passed the access decision: the client type and id of the valid API key presented (never
 * the secret), the logged-in user, the rule that let the request through, and the back-office
 * flag. The servlet filter stores it as the request attribute {@link #ATTRIBUTE}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Caller implements Outcome {
  /** The request attribute under which the servlet filter stores the caller. */
  public static final String ATTRIBUTE = Caller.class.getName();

  private final String clientType;
  private final String keyId;
  private final User user;
  private final EndpointRule rule;
  private final boolean backoffice;

  /** The guard also records a denied request's facts in one, never handed out (its rule may then be null). */
  Caller(String clientType, String keyId, User user, EndpointRule rule, boolean backoffice) {
    this.clientType = clientType;
    this.keyId = keyId;
    this.user = user;
    this.rule = rule;
    this.backoffice = backoffice;
  }

  /** The client type or {@code null}: for the guard, without an {@code Optional}. */
  String clientTypeOrNull() {
    return clientType;
  }

  /** The key id or {@code null}: for the guard, without an {@code Optional}. */
  String keyIdOrNull() {
    return keyId;
  }

  /** The user or {@code null}: for the guard, without an {@code Optional}. */
  User userOrNull() {
    return user;
  }

  /** {@return the client type of the valid key presented, or empty without a key} */
  public Optional<String> clientType() {
    return Optional.ofNullable(clientType);
  }

  /** {@return the id of the valid key presented (never the secret), or empty without a key} */
  public Optional<String> keyId() {
    return Optional.ofNullable(keyId);
  }

  /** {@return the logged-in user, or empty when there is none} */
  public Optional<User> user() {
    return Optional.ofNullable(user);
  }

  /** {@return the rule that let the request through (possibly the default rule); never {@code null}} */
  public EndpointRule rule() {
    return rule;
  }

  /** {@return whether the request was a back-office one} */
  public boolean backoffice() {
    return backoffice;
  }

  @Override
  public String toString() {
    return "Caller[clientType=" + clientType + ", keyId=" + keyId + ", user=" + (user == null ? null : user.id())
        + ", rule=" + rule.method() + " " + rule.path() + ", backoffice=" + backoffice + "]";
  }
}
