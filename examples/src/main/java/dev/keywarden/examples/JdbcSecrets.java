package dev.keywarden.examples;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every text of a JDBC URL that may be a password, for scrubbing messages about the database.
 * Drivers parse URLs in their own ways (PostgreSQL reads {@code user:pw@host} as a host and a port,
 * SQL Server braces values, Oracle writes {@code user/pw@}), so this guesses generously: a
 * candidate too many only hides a little more of a message, one too few shows a password.
 */
final class JdbcSecrets {
  /** A parameter naming a secret: {@code password}, {@code password1}, {@code sslpassword}, {@code pwd}... */
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i)[\\w.\\-]*(?:password|passwd|pwd|secret|token|passphrase)[\\w.\\-]*\\s*=\\s*");
  /** Oracle's {@code jdbc:oracle:thin:user/password@...} (also {@code oci}, {@code kprb}). */
  private static final Pattern ORACLE = Pattern.compile("(?i)jdbc:oracle:\\w+:");
  /** Where a parameter value may end, each tried: drivers split on different characters. */
  private static final String[] VALUE_ENDS = {"&;", "&", ";", "&;,)"};

  private JdbcSecrets() {}

  /**
   * The URL's candidate passwords: as written, stripped, percent-decoded (with and without
   * {@code +} as a space) and, for a braced value, with and without its braces; longest first, so
   * that a password containing another is replaced whole.
   */
  static List<String> of(String url) {
    Set<String> written = new LinkedHashSet<>();
    for (String text : new String[] {url, decode(url, false)}) {
      parameters(text, written);
      userInformation(text, written);
      oracle(text, written);
    }
    Set<String> all = new LinkedHashSet<>();
    for (String candidate : written) {
      String[] forms = {candidate, candidate.strip(), decode(candidate, false), decode(candidate, true)};
      for (String form : forms) {
        if (!form.isBlank()) {
          all.add(form);
        }
      }
    }
    List<String> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return sorted;
  }

  /** The values of {@code password*=}, {@code pwd=}... wherever they are ({@code ?a=}, {@code ;a=}, {@code (a=}). */
  private static void parameters(String text, Set<String> found) {
    Matcher key = SECRET_KEY.matcher(text);
    while (key.find()) {
      int start = key.end();
      if (start < text.length() && text.charAt(start) == '{') {
        braced(text, start, found);
      } else if (start < text.length() && (text.charAt(start) == '"' || text.charAt(start) == '\'')) {
        int end = text.indexOf(text.charAt(start), start + 1);
        found.add(text.substring(start, end < 0 ? text.length() : end + 1));
        found.add(text.substring(start + 1, end < 0 ? text.length() : end));
      }
      for (String ends : VALUE_ENDS) {
        found.add(text.substring(start, end(text, start, ends)));
      }
    }
  }

  /**
   * A SQL Server braced value, {@code {a;b}} ({@code }}} inside stands for {@code }}): whole,
   * inside, unescaped, and its pieces between {@code ;}.
   */
  private static void braced(String text, int start, Set<String> found) {
    int end = start + 1;
    while (end < text.length()) {
      if (text.charAt(end) == '}' && end + 1 < text.length() && text.charAt(end + 1) == '}') {
        end += 2;
      } else if (text.charAt(end) == '}') {
        break;
      } else {
        end++;
      }
    }
    String whole = text.substring(start, Math.min(end + 1, text.length()));
    String inside = text.substring(start + 1, Math.min(end, text.length()));
    found.add(whole);
    found.add(inside);
    found.add(inside.replace("}}", "}"));
    // A driver that knows no braces cuts the value at each ';' and may quote a piece.
    found.addAll(List.of(whole.split(";")));
  }

  /**
   * The password of {@code //user:password@host}: after the first {@code :} of what follows
   * {@code //}, up to its last {@code @}, the authority ending at {@code /}, {@code ?} or {@code #}
   * (as URIs say) or only at {@code ?} or {@code #} (a password holding a {@code /}).
   */
  private static void userInformation(String text, Set<String> found) {
    for (int slashes = text.indexOf("//"); slashes >= 0; slashes = text.indexOf("//", slashes + 2)) {
      String rest = text.substring(slashes + 2);
      for (String ends : new String[] {"/?#", "?#"}) {
        String authority = rest.substring(0, end(rest, 0, ends));
        int at = authority.lastIndexOf('@');
        int colon = authority.indexOf(':');
        if (colon >= 0 && colon < at) {
          found.add(authority.substring(colon + 1, at));
        }
      }
    }
  }

  /** Oracle's {@code user/password@}: up to the {@code @} before {@code //} or {@code (}, else the last one. */
  private static void oracle(String text, Set<String> found) {
    Matcher prefix = ORACLE.matcher(text);
    if (!prefix.find()) {
      return;
    }
    String rest = text.substring(prefix.end());
    int slash = rest.indexOf('/');
    for (int at : new int[] {rest.indexOf("@//"), rest.indexOf("@("), rest.lastIndexOf('@')}) {
      if (slash >= 0 && slash < at) {
        found.add(rest.substring(slash + 1, at));
      }
    }
  }

  private static int end(String text, int from, String ends) {
    for (int i = from; i < text.length(); i++) {
      if (ends.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  /** Percent-decoded as UTF-8, leniently: a {@code %} not followed by two hex digits stays. */
  static String decode(String text, boolean plusIsSpace) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
        bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
          encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
