package dev.keywarden.examples;

import java.util.Collection;
import java.util.Locale;

/**
 * The known field a configuration writer most likely meant by an unknown one, for the tools'
 * "did you mean" hint.
 *
 * <p>Why not the core's {@code ProblemText.unknownField}: it lives in {@code dev.keywarden.internal},
 * which the core's module descriptor deliberately does not export (hosts write their own
 * messages). This module runs on the class path, where the package is reachable, but using it
 * would rely on the class path ignoring the descriptor. The rule here is the core's, so that
 * the tools, the core and the Spring Boot starter suggest the same name: the same words in
 * another case or with {@code -}/{@code _} separators, or else the nearest name within one edit
 * per four characters (at least two).
 */
final class DidYouMean {
  private DidYouMean() {}

  /** Returns the known name closest to {@code name}, or null when none is near enough to be a typo. */
  static String closest(String name, Collection<String> knownNames) {
    String folded = fold(name);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : knownNames) {
      if (fold(known).equals(folded)) {
        return known;
      }
      int distance = distance(name.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return best != null && bestDistance <= Math.max(2, best.length() / 4) ? best : null;
  }

  private static String fold(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** Levenshtein distance; field names are short, so the plain two-row table is fine. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
