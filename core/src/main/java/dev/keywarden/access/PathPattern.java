package dev.keywarden.access;

import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.internal.ProblemText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed endpoint path pattern: literal segments, {@code {name}} or {@code *} (one segment),
 * and a final {@code **} (any rest, including nothing). A trailing slash is insignificant.
 */
final class PathPattern {
  private static final Pattern PARAMETER = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*}");

  /** The kinds of segment, ranked: a literal is more specific than a wildcard. */
  enum Kind { DOUBLE_STAR, WILDCARD, LITERAL }

  private final String text;
  private final List<String> literals;
  private final List<Kind> kinds;
  private final boolean doubleStar;
  private final String shape;
  private final int literalCount;
  private final int wildcardCount;

  private PathPattern(String text, List<String> literals, List<Kind> kinds) {
    this.text = text;
    this.literals = literals;
    this.kinds = kinds;
    this.doubleStar = !kinds.isEmpty() && kinds.get(kinds.size() - 1) == Kind.DOUBLE_STAR;
    StringBuilder shapeText = new StringBuilder();
    int literalsSeen = 0;
    int wildcards = 0;
    for (int i = 0; i < kinds.size(); i++) {
      shapeText.append('/');
      switch (kinds.get(i)) {
        case LITERAL:
          shapeText.append(literals.get(i));
          literalsSeen++;
          break;
        case WILDCARD:
          shapeText.append('*');
          wildcards++;
          break;
        default:
          shapeText.append("**");
      }
    }
    this.shape = shapeText.length() == 0 ? "/" : shapeText.toString();
    this.literalCount = literalsSeen;
    this.wildcardCount = wildcards;
  }

  /**
   * Parses a pattern.
   *
   * @throws InvalidConfigurationException with every problem of the pattern
   */
  static PathPattern parse(String text) {
    List<String> problems = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      throw new InvalidConfigurationException(List.of("path is required"));
    }
    if (!text.startsWith("/")) {
      problems.add("path must start with '/' (was " + ProblemText.quote(text) + ")");
    }
    String body = text.startsWith("/") ? text.substring(1) : text;
    if (body.endsWith("/")) {
      body = body.substring(0, body.length() - 1);
    }
    List<String> literals = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    Set<String> parameterNames = new HashSet<>();
    if (!body.isEmpty()) {
      String[] segments = body.split("/", -1);
      for (int i = 0; i < segments.length; i++) {
        String segment = segments[i];
        boolean last = i == segments.length - 1;
        if (segment.isEmpty()) {
          problems.add("path " + ProblemText.quote(text) + " has an empty segment ('//')");
        } else if (segment.equals("**")) {
          if (!last) {
            problems.add("'**' may only be the last segment of a path (in " + ProblemText.quote(text) + ")");
          }
          literals.add(null);
          kinds.add(Kind.DOUBLE_STAR);
          continue;
        } else if (segment.equals("*")) {
          literals.add(null);
          kinds.add(Kind.WILDCARD);
          continue;
        } else if (segment.startsWith("{") || segment.endsWith("}")) {
          if (!PARAMETER.matcher(segment).matches()) {
            problems.add("path parameter " + ProblemText.quote(segment)
                + " must be {name} with a name matching [A-Za-z_][A-Za-z0-9_]*");
          } else if (!parameterNames.add(segment)) {
            problems.add("path parameter " + segment + " appears twice in " + ProblemText.quote(text));
          }
          literals.add(null);
          kinds.add(Kind.WILDCARD);
          continue;
        } else if (segment.equals(".") || segment.equals("..")) {
          problems.add("path " + ProblemText.quote(text) + " has a '" + segment
              + "' segment; request paths with one are refused, so it could never match");
        } else if (segment.contains("*") || segment.contains("{") || segment.contains("}")) {
          problems.add("segment " + ProblemText.quote(segment)
              + " mixes '*', '{' or '}' with other characters; a wildcard must be a whole segment");
        } else if (segment.contains(";")) {
          problems.add("segment " + ProblemText.quote(segment)
              + " contains ';'; request paths with one are refused, so it could never match");
        } else if (hasControlOrSpace(segment)) {
          problems.add("segment " + ProblemText.quote(segment)
              + " contains whitespace or control characters");
        }
        literals.add(segment);
        kinds.add(Kind.LITERAL);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return new PathPattern(text, List.copyOf(nullSafe(literals)), List.copyOf(kinds));
  }

  private static List<String> nullSafe(List<String> literals) {
    List<String> copy = new ArrayList<>(literals.size());
    for (String literal : literals) {
      copy.add(literal == null ? "" : literal);
    }
    return copy;
  }

  private static boolean hasControlOrSpace(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (Character.isISOControl(c) || Character.isWhitespace(c)) {
        return true;
      }
    }
    return false;
  }

  String text() {
    return text;
  }

  /** The pattern with wildcards unified and the trailing slash removed: equal shapes clash. */
  String shape() {
    return shape;
  }

  int size() {
    return kinds.size();
  }

  Kind kind(int index) {
    return kinds.get(index);
  }

  String literal(int index) {
    return literals.get(index);
  }

  boolean endsWithDoubleStar() {
    return doubleStar;
  }

  /**
   * Orders patterns by specificity, most specific greatest: more literal segments, then more
   * single-segment wildcards, then no {@code **}, then segment kinds from left to right.
   */
  static int compareSpecificity(PathPattern a, PathPattern b) {
    int c = Integer.compare(a.literalCount, b.literalCount);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(a.wildcardCount, b.wildcardCount);
    if (c != 0) {
      return c;
    }
    c = Boolean.compare(!a.doubleStar, !b.doubleStar);
    if (c != 0) {
      return c;
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      c = a.kind(i).compareTo(b.kind(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  @Override
  public String toString() {
    return text;
  }
}
