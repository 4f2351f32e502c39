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
   * @param name the header name
   */
  record Header(String name) implements KeySource {
    /**
     * Creates the source.
     *
     * @param name a non-blank header name
     */
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
   * @param name the cookie name
   */
  record Cookie(String name) implements KeySource {
    /**
     * Creates the source.
     *
     * @param name a non-blank cookie name
     */
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
          int start = header.length() > SCHEME.length() && header.charAt(SCHEME.length()) == ' '
              ? SCHEME.length() + 1 : SCHEME.length();
          tokens.add(header.substring(start));
        }
      }
      return tokens;
    }

    /**
     * Tells whether an {@code Authorization} value uses the Bearer scheme: {@code bearer} in any
     * case, then the end of the value or a whitespace or control character.
     *
     * @param value the header value
     * @return {@code true} if so
     */
    public static boolean isBearer(String value) {
      if (value == null || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
        return false;
      }
      return value.length() == SCHEME.length() || value.charAt(SCHEME.length()) <= ' ';
    }

    @Override
    public boolean carriedBy(String headerName, String headerValue) {
      return "authorization".equalsIgnoreCase(headerName) && isBearer(headerValue);
    }

    @Override
    public String toString() {
      return "Authorization: Bearer";
    }
  }

  /**
   * Returns every raw value this source carries in a request; blank values are filtered later.
   *
   * @param request the request
   * @return the values in order, possibly empty
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
   * The {@code Header} source.
   *
   * @param name the header name, any case
   * @return the source
   */
  static KeySource header(String name) {
    return new Header(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The {@code Cookie} source.
   *
   * @param name the exact cookie name
   * @return the source
   */
  static KeySource cookie(String name) {
    return new Cookie(name);
  }

  /**
   * The strict {@code Authorization: Bearer} source.
   *
   * @return the source
   */
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
