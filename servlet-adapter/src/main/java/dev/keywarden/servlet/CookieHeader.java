package dev.keywarden.servlet;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

/**
 * How the filter reads one {@code name=value} pair of a raw {@code Cookie} header. Reading a key
 * cookie and hiding it from the application use the same rules, so the two can never disagree
 * about which pair is the key.
 */
final class CookieHeader {
  private CookieHeader() {}

  /** The values of the {@code Cookie} headers with the pairs of the named cookies removed; empty values dropped. */
  static List<String> without(Enumeration<String> values, Set<String> hidden) {
    List<String> result = new ArrayList<>();
    while (values != null && values.hasMoreElements()) {
      StringBuilder kept = new StringBuilder();
      for (String pair : values.nextElement().split(";")) {
        String trimmed = pair.trim();
        if (trimmed.isEmpty() || hidden.contains(name(trimmed))) {
          continue;
        }
        if (kept.length() > 0) {
          kept.append("; ");
        }
        kept.append(trimmed);
      }
      if (kept.length() > 0) {
        result.add(kept.toString());
      }
    }
    return result;
  }

  /** The pair's name: the text before the first {@code =}, trimmed (the whole pair without one). */
  static String name(String pair) {
    int equals = pair.indexOf('=');
    return (equals < 0 ? pair : pair.substring(0, equals)).trim();
  }

  /** The pair's value, trimmed and unquoted, or {@code null} for a pair without {@code =}. */
  static String value(String pair) {
    int equals = pair.indexOf('=');
    if (equals < 0) {
      return null;
    }
    String value = pair.substring(equals + 1).trim();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    return value;
  }
}
