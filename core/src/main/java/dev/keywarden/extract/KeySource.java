package dev.keywarden.extract;

import dev.keywarden.internal.ProblemText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A place in a request where a client may put its API key: a header, a cookie, or the
 * {@code Authorization: Bearer} header.
 *
 * <p>Instances are immutable and thread-safe.
 */
public sealed interface KeySource {

  /**
   * A header, matched case-insensitively.
   *
   * @param name the header name: a token, not blank
   */
  record Header(String name) implements KeySource {
    /** Refuses a blank name or one that is not a token, with {@link IllegalArgumentException}. */
    public Header {
      requireName(name);
    }

    @Override
    public List<String> values(RequestView request) {
      return request.headers(name);
    }

    @Override
    public boolean carriedBy(String headerName, String headerValue) {
      return name.equalsIgnoreCase(headerName);
    }

    @Override
    public String toString() {
      return "header " + name;
    }
  }

  /**
   * A cookie, matched exactly.
   *
   * @param name the cookie name: a token, not blank
   */
  record Cookie(String name) implements KeySource {
    /** Refuses a blank name or one that is not a token, with {@link IllegalArgumentException}. */
    public Cookie {
      requireName(name);
    }

    @Override
    public List<String> values(RequestView request) {
      return request.cookies(name);
    }

    @Override
    public String toString() {
      return "cookie " + name;
    }
  }

  /**
   * The {@code Authorization} header with the {@code Bearer} scheme, parsed strictly: the scheme
   * (any case), exactly one space, then the token. Every {@code Authorization} value is looked
   * at: different Bearer tokens are a conflict. A value with the Bearer scheme but another
   * separator ({@code "Bearer\tkey"}, {@code "Bearer  key"}) yields the rest with that
   * separator, which is then refused as a malformed key rather than ignored. Other schemes are
   * ignored, so a Basic login can share the header.
   */
  record Bearer() implements KeySource {
    private static final String SCHEME = "bearer";

    @Override
    public List<String> values(RequestView request) {
      List<String> headers = request.headers("Authorization");
      if (headers.isEmpty()) {
        return List.of();
      }
      List<String> tokens = new ArrayList<>(1);
      for (String header : headers) {
        if (isBearer(header)) {
          tokens.add(token(header));
        }
      }
      return tokens;
    }

    @Override
    public boolean carriedBy(String headerName, String headerValue) {
      return "authorization".equalsIgnoreCase(headerName) && isBearer(headerValue);
    }

    /** Whether a value uses the scheme: {@code bearer} in any case, then its end, a space or a control character. */
    private static boolean isBearer(String value) {
      if (value == null || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
        return false;
      }
      return value.length() == SCHEME.length() || value.charAt(SCHEME.length()) <= ' ';
    }

    /** What follows the scheme and its one space; any other separator stays, to be refused as malformed. */
    private static String token(String bearerValue) {
      boolean oneSpace = bearerValue.length() > SCHEME.length() && bearerValue.charAt(SCHEME.length()) == ' ';
      return bearerValue.substring(oneSpace ? SCHEME.length() + 1 : SCHEME.length());
    }

    @Override
    public String toString() {
      return "Authorization: Bearer";
    }
  }

  /**
   * Returns every raw value this source carries in a request, in order, possibly none; blank
   * values are left for the guard to skip.
   *
   * @param request the request; not {@code null}
   * @return the values
   */
  List<String> values(RequestView request);

  /**
   * Tells whether one value of a request header belongs to this source, so the guard's
   * {@code Redaction} hides exactly the header values Keywarden reads keys from (the one place
   * that reads the Bearer scheme, with {@link #values}). Cookies are not headers here: a
   * {@code Cookie} source answers {@code false}; its name is in the redaction's cookies.
   *
   * @param headerName the header name, any case
   * @param headerValue one value of that header
   * @return {@code true} if the value is read by this source
   */
  default boolean carriedBy(String headerName, String headerValue) {
    return false;
  }

  /**
   * {@return the source reading header {@code name}}
   *
   * @param name the header name, any case
   * @throws IllegalArgumentException if the name is blank or not a token
   */
  static KeySource header(String name) {
    return new Header(name.toLowerCase(Locale.ROOT));
  }

  /**
   * {@return the source reading cookie {@code name}}
   *
   * @param name the exact cookie name
   * @throws IllegalArgumentException if the name is blank or not a token
   */
  static KeySource cookie(String name) {
    return new Cookie(name);
  }

  /** {@return the strict {@code Authorization: Bearer} source} */
  static KeySource bearer() {
    return new Bearer();
  }

  private static void requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("key source name must not be blank");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == ';' || c == ',' || c == '=' || c == ':') {
        throw new IllegalArgumentException("key source name must be a token without spaces, separators "
            + "or control characters (was " + ProblemText.quote(name) + ")");
      }
    }
  }
}
