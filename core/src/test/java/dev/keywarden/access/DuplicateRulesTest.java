package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateRulesTest {
  private static EndpointRule rule(String method, String path) {
    return EndpointRule.builder(method, path).build();
  }

  @Test
  void problems_nameEachLaterDuplicateWithTheFirstOfItsShape_byOrigin() {
    List<EndpointRule> rules = List.of(rule("GET", "/a/{id}"), rule("GET", "/a/*"), rule("POST", "/a/*"),
        rule("GET", "/a/{x}/"));
    assertThat(DuplicateRules.problems(rules, i -> "#" + i)).map(Problem::toString).containsExactly(
        "#0 (GET /a/{id}) and #1 (GET /a/*) are the same rule: a method and path pattern may have only one rule",
        "#0 (GET /a/{id}) and #3 (GET /a/{x}/) are the same rule: a method and path pattern may have only one rule");
    assertThat(DuplicateRules.problems(rules.subList(1, 3), i -> "#" + i)).isEmpty();
  }
}
