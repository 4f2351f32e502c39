package dev.keywarden.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text for problem messages, shared by the core's packages: a safely quoted value and an
 * unknown-field description with a did-you-mean. This package is not exported (see
 * {@code module-info.java}): hosts write their own messages.
 */
public final class ProblemText {
  private static final int MAX_QUOTED = 80;
  /** What a field name looks like; any other unknown name is described, not shown (it may be a key). */
  private static final Pattern FIELD_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,39}");
  /** The generated key form (SPEC §2): a 1–20 character prefix, '_', 27 random and 6 checksum base62 characters. */
  private static final Pattern GENERATED_KEY = Pattern.compile("[A-Za-z0-9]{1,20}_[A-Za-z0-9]{33}");
  /** The generated key form inside other text: not part of a longer run of letters, digits or '_'. */
  private static final Pattern KEY_TOKEN =
      Pattern.compile("(?<![A-Za-z0-9_])[A-Za-z0-9]{1,20}_[A-Za-z0-9]{33}(?![A-Za-z0-9_])");

  private ProblemText() {}

  /**
   * Describes a field that a configuration object does not know, with the closest known name
   * when one is near (a typo, another case, kebab- or snake-case), such as
   * {@code unknown field "userGroupPermision" (did you mean "userGroupPermission"?)}. The
   * field's value is never shown: a misspelt {@code secret} must not leak; nor is a name near no
   * known field that does not look like a field name (letters, digits, '-' and '_', at most 40
   * characters, not the generated key form): it may be a key pasted where a name belongs.
   *
   * @param name the field name as written; not {@code null}
   * @param knownNames the fields the object has; not {@code null}
   * @return the problem text, without a location
   */
  public static String unknownField(String name, Collection<String> knownNames) {
    Objects.requireNonNull(name, "name");
    String suggestion = closest(name, knownNames);
    if (suggestion == null && !(FIELD_LIKE.matcher(name).matches() && !GENERATED_KEY.matcher(name).matches())) {
      // A key pasted where a name belongs ({"kw_...": true}) must not be shown.
      return "unknown field (name not shown: " + name.codePointCount(0, name.length())
          + " characters, it may be a key); known fields: " + String.join(", ", knownNames);
    }
    return "unknown field " + quote(name)
        + (suggestion == null ? "; known fields: " + String.join(", ", knownNames)
            : " (did you mean " + quote(suggestion) + "?)");
  }

  /** Returns the known name a writer most likely meant, or null when none is near. */
  private static String closest(String name, Collection<String> knownNames) {
    String folded = fold(name);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : knownNames) {
      if (fold(known).equals(folded)) {
        return known; // same words, other case or separators: "user-group-permission"
      }
      int distance = distance(name.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    // Up to one edit per four characters, at least two: close enough to be a typo.
    return best != null && bestDistance <= Math.max(2, best.length() / 4) ? best : null;
  }

  private static String fold(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** Levenshtein distance; configuration field names are short, so the plain table is fine. */
  private static int distance(String a, String b) {
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

  /**
   * Renders a non-secret configuration value for an error message: quoted, with control
   * characters (C0, DEL, C1 such as U+0085), Unicode line and paragraph separators (U+2028,
   * U+2029), format characters (zero-width and bidirectional controls) and lone surrogates
   * escaped as <code>&#92;uXXXX</code>, and long values shortened, so a message stays one readable line
   * and cannot forge log lines in any viewer.
   *
   * @param value the value, may be {@code null}
   * @return the quoted form, or {@code null} unquoted for {@code null}
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    value = maskKeys(value);
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_QUOTED) + 8).append('"');
    int limit = Math.min(value.length(), MAX_QUOTED);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (mustEscape(value, i, limit)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (value.length() > MAX_QUOTED) {
      out.append("... (").append(value.length()).append(" characters)");
    }
    return out.toString();
  }

  /**
   * Replaces every token of the generated key form (SPEC §2: a 1–20 character prefix, '_', 33
   * base62 characters) with as many {@code *}: a key pasted into the wrong field (a path, an
   * expiry, an expression) must not reach a message, and the length is kept so that a caret under
   * an expression still points at the right column. A hand-made secret cannot be told from other
   * text and is not masked.
   *
   * @param text the text; not {@code null}
   * @return the text with generated-form keys masked
   */
  public static String maskKeys(String text) {
    Matcher keys = KEY_TOKEN.matcher(text);
    if (!keys.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    do {
      out.append(text, last, keys.start()).append("*".repeat(keys.end() - keys.start()));
      last = keys.end();
    } while (keys.find());
    return out.append(text, last, text.length()).toString();
  }

  /** Whether the char at {@code i} could break or disguise a log line. */
  private static boolean mustEscape(String value, int i, int limit) {
    char c = value.charAt(i);
    if (c < 0x20 || c == 0x7f) {
      return true;
    }
    if (c < 0x80) {
      return false;
    }
    if (Character.isSurrogate(c)) {
      boolean paired = Character.isHighSurrogate(c) ? i + 1 < limit && Character.isLowSurrogate(value.charAt(i + 1))
          : i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
      if (!paired) {
        return true;
      }
      int codePoint = value.codePointAt(Character.isHighSurrogate(c) ? i : i - 1);
      return Character.getType(codePoint) == Character.FORMAT; // escaped as two escaped halves
    }
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
