package dev.keywarden.spring;

/**
 * Quotes a property name or key for a problem message, so that a name read from a file or the
 * environment cannot break or disguise a log line: control, format (zero-width, bidirectional),
 * line and paragraph separator characters and surrogates are escaped as <code>&#92;uXXXX</code>,
 * and long names are shortened. The core keeps its own quoting internal.
 */
final class PropertyText {
  private static final int MAX_QUOTED = 80;

  private PropertyText() {}

  static String quote(String value) {
    if (value == null) {
      return "null";
    }
    int limit = Math.min(value.length(), MAX_QUOTED);
    StringBuilder out = new StringBuilder(limit + 8).append('"');
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      int type = Character.getType(c);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR || Character.isSurrogate(c)) {
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
}
