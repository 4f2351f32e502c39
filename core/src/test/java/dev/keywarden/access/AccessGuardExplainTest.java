package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keywarden.ApiKey;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.extract.RequestView;
import dev.keywarden.store.InMemoryApiKeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** explain: the row of SPEC §6 that decided (from the table, written out here), the rule and the atoms. */
class AccessGuardExplainTest {
  private final List<AccessEvent> events = new ArrayList<>();
  private final AccessGuard guard = AccessGuard.builder()
      .keyStore(InMemoryApiKeyStore.of(List.of(
          ApiKey.builder().secret("web-key").clientType("web").id("web1").build(),
          ApiKey.builder().secret("bar-key").clientType("bar").id("bar1").build())))
      .userResolver(UserResolver.trustedHeaders())
      .listener(events::add)
      .rule(EndpointRule.builder("GET", "/keyed").isPublic(true).apiKeyRequired(true).build())
      .rule(EndpointRule.builder("GET", "/login").build())
      .rule(EndpointRule.builder("GET", "/mia").isPublic(true)
          .userGroupPermission("groups.foo || permissions.orders.read || clientType==\"bar\"").build())
      .rule(EndpointRule.builder("GET", "/bo").isPublic(true)
          .userGroupPermission("false").backofficeUserGroupPermission("groups.ops").build())
      .build();

  private static ExplainProbe probe(String path, String key, String clientType, User user) {
    return new ExplainProbe("GET", path, key, clientType, user, false);
  }

  @Test
  void explain_miaWorkedExample_rowsAndAtoms() {
    Explanation anonymous = guard.explain(probe("/mia", null, null, null));
    assertThat(anonymous.row()).isEqualTo(DecisionRow.UNAUTHORIZED);
    assertThat(anonymous.row().number()).hasValue(7);
    assertThat(anonymous.decision()).isEqualTo(new AccessDecision.Deny(DenyCode.UNAUTHORIZED, 401));
    assertThat(anonymous.rule().path()).isEqualTo("/mia");
    assertThat(anonymous.expressionResult()).isFalse();
    assertThat(anonymous.atoms()).containsExactly(
        new Explanation.Atom("groups[\"foo\"]", "undefined"),
        new Explanation.Atom("permissions[\"orders.read\"]", "undefined"),
        new Explanation.Atom("clientType", "undefined"),
        new Explanation.Atom("isBackoffice", "false"));

    Explanation member = guard.explain(probe("/mia", null, null, User.of("ann", Set.of("foo"), Set.of())));
    assertThat(member.row()).isEqualTo(DecisionRow.ALLOWED);
    assertThat(member.userId()).isEqualTo("ann");
    assertThat(member.expressionResult()).isTrue();
    assertThat(member.atoms()).contains(new Explanation.Atom("groups[\"foo\"]", "true"));

    Explanation withKey = guard.explain(probe("/mia", "bar-key", null, null));
    assertThat(withKey.row()).isEqualTo(DecisionRow.ALLOWED);
    assertThat(withKey.keyId()).isEqualTo("bar1");
    assertThat(withKey.atoms()).contains(new Explanation.Atom("clientType", "\"bar\""));

    Explanation assumedType = guard.explain(probe("/mia", null, "bar", null));
    assertThat(assumedType.row()).isEqualTo(DecisionRow.ALLOWED);
    assertThat(assumedType.keyId()).isNull();
    assertThat(assumedType.clientType()).isEqualTo("bar");

    Explanation wrongType = guard.explain(probe("/mia", null, "web", User.of("bob", Set.of(), Set.of())));
    assertThat(wrongType.row()).isEqualTo(DecisionRow.FORBIDDEN);
    assertThat(wrongType.decision()).isEqualTo(new AccessDecision.Deny(DenyCode.FORBIDDEN, 403));
  }

  @Test
  void explain_earlyRows_haveNoExpressionResult() {
    Explanation invalid = guard.explain(probe("/mia", "nope", null, null));
    assertThat(invalid.row()).isEqualTo(DecisionRow.INVALID_API_KEY);
    assertThat(invalid.rule()).isNull();
    assertThat(invalid.atoms()).isEmpty();
    assertThat(invalid.expressionResult()).isNull();

    Explanation missing = guard.explain(probe("/keyed", null, null, null));
    assertThat(missing.row()).isEqualTo(DecisionRow.MISSING_API_KEY);
    assertThat(missing.rule().path()).isEqualTo("/keyed");
    assertThat(missing.expressionResult()).isNull();

    assertThat(guard.explain(probe("/login", "web-key", null, null)).row())
        .isEqualTo(DecisionRow.AUTHENTICATION_REQUIRED);
    Explanation noRule = guard.explain(probe("/nowhere", null, null, null));
    assertThat(noRule.row()).isEqualTo(DecisionRow.NO_MATCHING_RULE);
    assertThat(noRule.row().number()).isEmpty();
  }

  @Test
  void explain_backoffice_usesTheBackofficeExpression() {
    User ops = User.of("ops1", Set.of("ops"), Set.of());
    assertThat(guard.explain(new ExplainProbe("GET", "/bo", null, null, ops, false)).row())
        .isEqualTo(DecisionRow.FORBIDDEN);
    Explanation bo = guard.explain(new ExplainProbe("GET", "/bo", null, null, ops, true));
    assertThat(bo.row()).isEqualTo(DecisionRow.ALLOWED);
    assertThat(bo.backoffice()).isTrue();
    assertThat(bo.atoms()).contains(new Explanation.Atom("groups[\"ops\"]", "true"),
        new Explanation.Atom("isBackoffice", "true"));
  }

  @Test
  void explainOfARequest_givesTheSameDecisionAsDecide_andTellsNoListener() {
    List<RequestView> requests = List.of(
        RequestView.builder("GET", "/mia").build(),
        RequestView.builder("GET", "/mia").header("client-key", "bar-key").build(),
        RequestView.builder("GET", "/mia").header("client-key", "web-key").build(),
        RequestView.builder("GET", "/mia").header("client-key", "web-key").header("secret", "bar-key")
            .header("client-key", "other").build(),
        RequestView.builder("GET", "/mia").header("miauserid", "u").header("miausergroups", "foo").build(),
        RequestView.builder("GET", "/login").header("miauserid", "u").build(),
        RequestView.builder("OPTIONS", "/mia").header("Origin", "https://a.example")
            .header("Access-Control-Request-Method", "GET").build());
    List<DecisionRow> expected = List.of(DecisionRow.UNAUTHORIZED, DecisionRow.ALLOWED, DecisionRow.FORBIDDEN,
        DecisionRow.CONFLICTING_API_KEYS, DecisionRow.ALLOWED, DecisionRow.ALLOWED, DecisionRow.PREFLIGHT);
    for (int i = 0; i < requests.size(); i++) {
      Explanation explanation = guard.explain(requests.get(i));
      assertThat(explanation.row()).as("request %d", i).isEqualTo(expected.get(i));
      AccessDecision decided = guard.decide(requests.get(i));
      if (decided instanceof AccessDecision.Allow) {
        assertThat(explanation.decision()).as("request %d", i).isInstanceOf(AccessDecision.Allow.class);
      } else {
        assertThat(explanation.decision()).as("request %d", i).isEqualTo(decided);
      }
    }
    assertThat(events).hasSize(requests.size()); // only the decide calls were reported
  }

  @Test
  void probe_refusesKeyAndClientTypeTogether_andABadClientType() {
    assertThatThrownBy(() -> probe("/mia", "k", "web", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("give a key or a client type, not both");
    assertThatThrownBy(() -> guard.explain(probe("/mia", null, "not a type", null)))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("clientType must match");
    assertThat(probe("/mia", "secret-value", null, null).toString()).doesNotContain("secret-value");
  }
}
