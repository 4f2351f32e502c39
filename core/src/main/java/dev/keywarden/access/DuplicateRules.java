package dev.keywarden.access;

import dev.keywarden.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Finds and describes rules that clash: two rules with the same method and the same pattern
 * shape ({@code {id}} and {@code *} are the same shape, and so are {@code /a} and {@code /a/})
 * are a configuration error, because only one of them could ever match.
 */
final class DuplicateRules {
  private DuplicateRules() {}

  /**
   * Lists the duplicate rules of a list; {@code origin} names the rule at an index by where it
   * came from (a configuration entry, a rule added in code), so messages point at the real place.
   */
  static List<Problem> problems(List<EndpointRule> rules, IntFunction<String> origin) {
    List<Problem> problems = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      EndpointRule rule = Objects.requireNonNull(rules.get(i), "rules[" + i + "]");
      Integer first = seen.putIfAbsent(rule.method() + " " + rule.pattern().shape(), i);
      if (first != null) {
        problems.add(Problem.of(message(describe(rules, first, origin), describe(rules, i, origin))));
      }
    }
    return problems;
  }

  /**
   * Describes a pair of duplicate rules, each named by where it came from, such as
   * {@code rule added in code #1 (GET /a)} or {@code endpoints[0] (GET /a)}.
   */
  static String message(String first, String second) {
    return first + " and " + second + " are the same rule: a method and path pattern may have only one rule";
  }

  private static String describe(List<EndpointRule> rules, int index, IntFunction<String> origin) {
    EndpointRule rule = rules.get(index);
    return origin.apply(index) + " (" + rule.method() + " " + rule.path() + ")";
  }
}
