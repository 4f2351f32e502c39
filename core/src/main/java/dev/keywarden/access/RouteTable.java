package dev.keywarden.access;

import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.Problem;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the {@link EndpointRule} for a request: a segment trie built once, searched without
 * regular expressions.
 *
 * <p>Precedence and non-standard methods: see {@link EndpointRule}, whose javadoc users read.
 *
 * <p>Rules are expected free of duplicates ({@link DuplicateRules}). Only a
 * {@linkplain CanonicalPath canonical} path is matched; any other matches no rule. Matching is
 * case-sensitive.
 *
 * <p>Instances are immutable and thread-safe.
 */
final class RouteTable {
  private final TrieNode root = new TrieNode();
  private final List<EndpointRule> rules;

  private RouteTable(List<EndpointRule> rules) {
    this.rules = rules;
    rules.forEach(this::insert);
    root.freeze();
  }

  /** Adds a rule at the trie node its pattern leads to: {@code here}, or {@code rest} for a {@code **}. */
  private void insert(EndpointRule rule) {
    TrieNode node = root;
    PathPattern pattern = rule.pattern();
    for (int i = 0; i < pattern.size(); i++) {
      switch (pattern.kind(i)) {
        case LITERAL:
          node = node.literals.computeIfAbsent(pattern.literal(i), k -> new TrieNode());
          break;
        case WILDCARD:
          if (node.wildcard == null) {
            node.wildcard = new TrieNode();
          }
          node = node.wildcard;
          break;
        default:
          if (node.rest == null) {
            node.rest = new Endpoint(pattern);
          }
          node.rest.add(rule);
          return;
      }
    }
    if (node.here == null) {
      node.here = new Endpoint(pattern);
    }
    node.here.add(rule);
  }

  /**
   * Builds a route table.
   *
   * @param rules the rules; not {@code null}
   * @return the table
   * @throws InvalidConfigurationException naming every pair of duplicate rules, as
   *     {@code rules[i]}
   */
  static RouteTable of(List<EndpointRule> rules) {
    Objects.requireNonNull(rules, "rules");
    List<Problem> problems = DuplicateRules.problems(rules, i -> "rules[" + i + "]");
    if (!problems.isEmpty()) {
      throw InvalidConfigurationException.of(problems);
    }
    return new RouteTable(List.copyOf(rules));
  }

  /** Builds a route table from rules whose duplicates the caller has already looked for. */
  static RouteTable ofChecked(List<EndpointRule> rules) {
    return new RouteTable(List.copyOf(rules));
  }

  /** {@return the rules, in the order given; unmodifiable} */
  List<EndpointRule> rules() {
    return rules;
  }

  /**
   * Finds the most specific rule for a request.
   *
   * @param method the request method, as sent (case-sensitive; a method other than the seven
   *     standard ones matches {@code ALL} rules only)
   * @param path the decoded request path
   * @return the rule, or empty when none matches or the path is not canonical
   */
  Optional<EndpointRule> match(String method, String path) {
    return Optional.ofNullable(find(method, path));
  }

  /** Same as {@link #match} without the {@code Optional}, for the hot path: allocation-light. */
  EndpointRule find(String method, String path) {
    HttpMethod requestMethod = HttpMethod.ofRequest(method);
    if (requestMethod == null) {
      // A method no rule can name (PROPFIND, "get") is covered by the ALL rules: looking up ALL
      // finds exactly those, so it never falls to the default rule for being unknown.
      requestMethod = HttpMethod.ALL;
    }
    if (!CanonicalPath.isCanonical(path)) {
      return null; // refused, not normalised: see CanonicalPath
    }
    Endpoint best = search(root, path, 1, requestMethod, null);
    return best == null ? null : best.ruleFor(requestMethod);
  }

  /**
   * Walks the trie over the segments of a canonical path without splitting it: {@code start} is
   * the index of the next segment's first character.
   */
  private static Endpoint search(TrieNode node, String path, int start, HttpMethod method, Endpoint best) {
    // The best endpoint so far is passed down and returned rather than kept in a holder
    // object: the recursion defeats escape analysis, so a holder would be allocated per match.
    if (node.rest != null) {
      best = better(best, node.rest, method);
    }
    if (start >= path.length()) {
      return node.here == null ? best : better(best, node.here, method);
    }
    int end = path.indexOf('/', start);
    if (end < 0) {
      end = path.length();
    }
    TrieNode literal = node.literal(path, start, end);
    if (literal != null) {
      best = search(literal, path, end + 1, method, best);
    }
    if (node.wildcard != null) {
      best = search(node.wildcard, path, end + 1, method, best);
    }
    return best;
  }

  /** The candidate if it has a rule for the method and is more specific than the best so far. */
  private static Endpoint better(Endpoint best, Endpoint candidate, HttpMethod method) {
    if (candidate.ruleFor(method) != null
        && (best == null || PathPattern.compareSpecificity(candidate.pattern, best.pattern) > 0)) {
      return candidate;
    }
    return best;
  }

  @Override
  public String toString() {
    return "RouteTable[" + rules.size() + " rules]";
  }

  /** One level of the trie; literal children move to an open-addressing table once built. */
  private static final class TrieNode {
    final Map<String, TrieNode> literals = new HashMap<>();
    TrieNode wildcard;
    Endpoint here;
    Endpoint rest;
    private String[] keys = new String[0];
    private TrieNode[] children = new TrieNode[0];
    private int mask = -1;

    void freeze() {
      if (!literals.isEmpty()) {
        int size = Integer.highestOneBit(Math.max(2, literals.size() * 2 - 1)) << 1;
        keys = new String[size];
        children = new TrieNode[size];
        mask = size - 1;
        for (Map.Entry<String, TrieNode> entry : literals.entrySet()) {
          int slot = spread(entry.getKey().hashCode()) & mask;
          while (keys[slot] != null) {
            slot = (slot + 1) & mask;
          }
          keys[slot] = entry.getKey();
          children[slot] = entry.getValue();
        }
        literals.values().forEach(TrieNode::freeze);
      }
      if (wildcard != null) {
        wildcard.freeze();
      }
    }

    /** The literal child named by {@code path[start, end)}, found without a substring. */
    TrieNode literal(String path, int start, int end) {
      if (mask < 0) {
        return null;
      }
      int hash = 0;
      for (int i = start; i < end; i++) {
        hash = 31 * hash + path.charAt(i);
      }
      int length = end - start;
      for (int slot = spread(hash) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
        String key = keys[slot];
        if (key.length() == length && path.regionMatches(start, key, 0, length)) {
          return children[slot];
        }
      }
      return null;
    }

    private static int spread(int hash) {
      return hash ^ (hash >>> 16);
    }
  }

  /** The rules sharing one pattern shape, by method. */
  private static final class Endpoint {
    final PathPattern pattern;
    final Map<HttpMethod, EndpointRule> byMethod = new EnumMap<>(HttpMethod.class);

    Endpoint(PathPattern pattern) {
      this.pattern = pattern;
    }

    void add(EndpointRule rule) {
      byMethod.put(rule.method(), rule);
    }

    EndpointRule ruleFor(HttpMethod method) {
      EndpointRule specific = byMethod.get(method);
      if (specific == null && method == HttpMethod.HEAD) {
        // Servlets answer HEAD with doGet: a GET rule protects HEAD unless HEAD has its own.
        specific = byMethod.get(HttpMethod.GET);
      }
      return specific != null ? specific : byMethod.get(HttpMethod.ALL);
    }
  }
}
