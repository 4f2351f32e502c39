package dev.keywarden.access;

import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.internal.ProblemText;
import java.text.Normalizer;
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
    String[] segments = body.isEmpty() ? new String[0] : body.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      Kind kind = classify(text, segments[i], i == segments.length - 1, parameterNames, problems);
      kinds.add(kind);
      literals.add(kind == Kind.LITERAL ? segments[i] : "");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return new PathPattern(text, List.copyOf(literals), List.copyOf(kinds));
  }

  /** The kind of one segment; what is wrong with it goes to {@code problems}. */
  private static Kind classify(String text, String segment, boolean last, Set<String> parameterNames,
      List<String> problems) {
    if (segment.equals("**")) {
      if (!last) {
        problems.add("'**' may only be the last segment of a path (in "
            + ProblemText.quote(text) + ")");
      }
      return Kind.DOUBLE_STAR;
    }
    if (segment.equals("*")) {
      return Kind.WILDCARD;
    }
    if (segment.startsWith("{") || segment.endsWith("}")) {
      if (!PARAMETER.matcher(segment).matches()) {
        problems.add("path parameter " + ProblemText.quote(segment)
            + " must be {name} with a name matching [A-Za-z_][A-Za-z0-9_]*");
      } else if (!parameterNames.add(segment)) {
        problems.add("path parameter " + segment + " appears twice in " + ProblemText.quote(text));
      }
      return Kind.WILDCARD;
    }
    String problem = literalProblem(text, segment);
    if (problem != null) {
      problems.add(problem);
    }
    return Kind.LITERAL;
  }

  /** Why a literal segment could never match a request path, or {@code null}. */
  private static String literalProblem(String text, String segment) {
    if (segment.isEmpty()) {
      return "path " + ProblemText.quote(text) + " has an empty segment ('//')";
    }
    if (segment.equals(".") || segment.equals("..")) {
      return "path " + ProblemText.quote(text) + " has a '" + segment
          + "' segment; request paths with one are refused, so it could never match";
    }
    if (segment.contains("*") || segment.contains("{") || segment.contains("}")) {
      return "segment " + ProblemText.quote(segment)
          + " mixes '*', '{' or '}' with other characters; a wildcard must be a whole segment";
    }
    if (segment.contains(";")) {
      return "segment " + ProblemText.quote(segment)
          + " contains ';'; request paths with one are refused, so it could never match";
    }
    if (segment.contains("%")) {
      return "segment " + ProblemText.quote(segment) + " contains '%'; rules match the decoded path, so write the "
          + "character itself (/reports-v2, not /reports%2Dv2): a percent-encoding could never match";
    }
    if (hasControlOrOddSpace(segment)) {
      return "segment " + ProblemText.quote(segment)
          + " contains control characters, or whitespace other than a space inside the segment";
    }
    if (segment.contains("\\") || hasFormatOrLoneSurrogate(segment)) {
      return "segment " + ProblemText.quote(segment) + " contains a backslash, an invisible format character or a "
          + "lone surrogate; request paths with one are refused, so it could never match";
    }
    if (!Normalizer.isNormalized(segment, Normalizer.Form.NFC)) {
      return "segment " + ProblemText.quote(segment) + " is not in Unicode normal form C, which clients send "
          + "(write U+00E9, not 'e' followed by U+0301); it would not match the usual spelling";
    }
    return null;
  }

  /** A character the request firewall refuses in a decoded path: a format character or half a surrogate pair. */
  private static boolean hasFormatOrLoneSurrogate(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < segment.length() && Character.isLowSurrogate(segment.charAt(i + 1))) {
        if (Character.getType(segment.codePointAt(i)) == Character.FORMAT) {
          return true;
        }
        i++;
      } else if (Character.isSurrogate(c) || Character.getType(c) == Character.FORMAT) {
        return true;
      }
    }
    return false;
  }

  /**
   * A space inside a segment is allowed ({@code /admin panel}: the request sends {@code %20}, which
   * the firewall decodes); other whitespace, and a space at either end (a typo), is not.
   */
  private static boolean hasControlOrOddSpace(String segment) {
    if (segment.startsWith(" ") || segment.endsWith(" ")) {
      return true;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (Character.isISOControl(c) || (c != ' ' && Character.isWhitespace(c))) {
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
