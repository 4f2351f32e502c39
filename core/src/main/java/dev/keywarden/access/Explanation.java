package dev.keywarden.access;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why the {@link AccessGuard} decided what it decided on one request: the decision, the row of
 * the decision table that decided it, the rule that matched (if the decision got that far), the
 * caller's facts the expression saw, and the value of each atom of the rule's expression.
 *
 * <p>Made by {@link AccessGuard#explain}; the decision is the one {@link AccessGuard#decide}
 * gives for the same input, computed by the same code. Never holds a secret. Immutable.
 *
 * @param decision the decision; not {@code null}
 * @param row the row of the decision table that decided; not {@code null}
 * @param rule the rule that matched (or the default rule), or {@code null} when the decision
 *     came before rule matching or no rule matched
 * @param backoffice whether the request was judged back-office (the expression used depends on it)
 * @param clientType the client type of the valid key presented, or {@code null}
 * @param keyId the id of the valid key presented, or {@code null}
 * @param userId the id of the logged-in user, or {@code null}
 * @param expressionResult the value of the rule's expression, or {@code null} when it was not
 *     reached (the table decided before evaluating it)
 * @param atoms the value of each atom of the expression used, in the order groups, permissions,
 *     {@code clientType}, {@code isBackoffice}; empty when no rule matched
 */
public record Explanation(AccessDecision decision, DecisionRow row, EndpointRule rule, boolean backoffice,
    String clientType, String keyId, String userId, Boolean expressionResult, List<Atom> atoms) {

  /**
   * Copies the atoms.
   *
   * @throws NullPointerException if {@code decision}, {@code row} or {@code atoms} is null
   */
  public Explanation {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(row, "row");
    atoms = List.copyOf(atoms);
  }

  /** {@return the rule that matched, or empty when the decision did not get that far} */
  public Optional<EndpointRule> matchedRule() {
    return Optional.ofNullable(rule);
  }

  /**
   * One atom of an expression and its value for this caller, in the expression language's
   * terms: {@code true}, {@code false}, a quoted string, or {@code undefined} (ABSENT).
   *
   * @param atom the atom as written in canonical form, e.g. {@code groups.admin},
   *     {@code permissions["api.read"]}, {@code clientType}
   * @param value the value
   */
  public record Atom(String atom, String value) {
    /** @throws NullPointerException if a component is null */
    public Atom {
      Objects.requireNonNull(atom, "atom");
      Objects.requireNonNull(value, "value");
    }
  }
}
