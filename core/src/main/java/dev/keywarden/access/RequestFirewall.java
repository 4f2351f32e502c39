package dev.keywarden.access;

import dev.keywarden.extract.RequestView;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The strict request firewall: the first step of the access decision, refusing (never
 * normalising) a request whose path could be read differently by Keywarden and by whatever
 * dispatches it (servlet mappings, Spring MVC, a proxy), or whose method is not one of the
 * seven rules name. Modelled on Spring Security's {@code StrictHttpFirewall}.
 *
 * <p>It reads the raw path the client sent ({@link RequestView#rawPath()}) and the path the
 * container routes by ({@link RequestView#contextPath()} + {@link RequestView#path()}) and
 * refuses, by {@link Category}:
 * <ul>
 *   <li>a method other than {@code GET}, {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE},
 *       {@code HEAD} and {@code OPTIONS}, spelled exactly so (methods are case-sensitive:
 *       {@code get}, {@code PROPFIND}, {@code TRACE} are refused); Spring MVC hands such methods
 *       to a {@code @RequestMapping} without a method and a servlet may override
 *       {@code service()}, so no method-specific rule can speak for them;
 *   <li>{@code ;} raw or as {@code %3b} (path parameters: containers cut them, other readers do not);
 *   <li>an encoded {@code /} ({@code %2f}), {@code .} ({@code %2e}) or {@code %} ({@code %25},
 *       double encoding), in any case;
 *   <li>a backslash, raw or as {@code %5c};
 *   <li>an empty segment ({@code //});
 *   <li>a {@code .} or {@code ..} segment, raw or after decoding;
 *   <li>control characters (C0, DEL, C1), Unicode line and paragraph separators and format
 *       characters, raw or after decoding;
 *   <li>a decoded path that differs from the one the container routes by;
 *   <li>a raw path that is not well-formed: not starting with {@code /}, a {@code %} not followed
 *       by two hexadecimal digits, a raw non-ASCII character, or percent-encoded bytes that are
 *       not valid, shortest-form UTF-8 (overlong forms such as {@code %c0%ae} are refused).
 *       This category cannot be allowed.
 * </ul>
 *
 * <p><b>Non-ASCII paths</b> are accepted when they are percent-encoded, valid UTF-8 and decode
 * to exactly the path the container routes by; raw non-ASCII bytes in the request line are
 * refused, since readers disagree on their charset. <b>The context path</b> is part of the raw
 * path and of the comparison, but rules match the path inside the application
 * ({@link RequestView#path()}, without the context path). A trailing slash is not an empty
 * segment.
 *
 * <p>Each category but {@link Category#MALFORMED} can be allowed through {@link Builder#allow};
 * allowing one widens what Keywarden and the application may read differently, so do it only
 * when every dispatcher in front of the application is known to read that category the same way.
 * Whatever is allowed, the route table only matches a path without empty, {@code .} or
 * {@code ..} segments and without {@code ;}: other paths are refused by the access guard.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RequestFirewall {
  private static final RequestFirewall STRICT = new RequestFirewall(EnumSet.noneOf(Category.class));

  /** What the firewall refuses; each can be allowed explicitly except {@link #MALFORMED}. */
  public enum Category {
    /**
     * A method other than the seven standard ones ({@code GET}, {@code POST}, {@code PUT},
     * {@code PATCH}, {@code DELETE}, {@code HEAD}, {@code OPTIONS}, exact upper case), such as
     * {@code get}, {@code PROPFIND}, {@code PURGE} or {@code TRACE}.
     *
     * <p><b>Warning:</b> allowed, such a method is matched only by {@code ALL} rules (see
     * {@link EndpointRule}): a rule for {@code GET} or {@code DELETE} never covers {@code get} or
     * {@code delete}, and where no {@code ALL} rule covers the path the default rule decides.
     * Allow it only when every path the application answers with such methods is covered by an
     * {@code ALL} rule.
     */
    NONSTANDARD_METHOD,
    /** {@code ;} or {@code %3b}: path parameters such as {@code ;jsessionid=}. */
    SEMICOLON,
    /** {@code %2f}: an encoded slash. */
    ENCODED_SLASH,
    /** {@code %2e}: an encoded period. */
    ENCODED_PERIOD,
    /** {@code %25}: an encoded percent, i.e. double encoding. */
    ENCODED_PERCENT,
    /** {@code \} or {@code %5c}: read as a separator by some servers and proxies. */
    BACKSLASH,
    /** An empty segment ({@code //}); a trailing slash is not one. */
    EMPTY_SEGMENT,
    /** A {@code .} or {@code ..} segment, raw or decoded. */
    DOT_SEGMENT,
    /**
     * A control character (C0, DEL, C1 such as U+0085), a Unicode line or paragraph separator or
     * format character (such as U+200B or U+202E), raw or decoded.
     */
    CONTROL_CHARACTER,
    /** The decoded path differs from the path the container routes by. */
    PATH_MISMATCH,
    /** Not a well-formed percent-encoded UTF-8 absolute path; cannot be allowed. */
    MALFORMED
  }

  private final Set<Category> allowed;

  private RequestFirewall(Set<Category> allowed) {
    this.allowed = allowed;
  }

  /** {@return the strict firewall, refusing every category: the default of {@link AccessGuard}} */
  public static RequestFirewall strict() {
    return STRICT;
  }

  /** {@return a new builder starting from the strict firewall} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the categories allowed through; unmodifiable, empty for the strict firewall} */
  public Set<Category> allowed() {
    return allowed;
  }

  /**
   * Checks a request.
   *
   * @param request the request; not {@code null}
   * @return the first refused category found, or empty when the request may be decided on
   */
  public Optional<Category> check(RequestView request) {
    return Optional.ofNullable(refusal(Objects.requireNonNull(request, "request")));
  }

  /** The first refused category, or {@code null}: the allocation-light form of {@link #check}. */
  Category refusal(RequestView request) {
    if (!allowed.contains(Category.NONSTANDARD_METHOD) && HttpMethod.ofRequest(request.method()) == null) {
      return Category.NONSTANDARD_METHOD;
    }
    String raw = request.rawPath();
    if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
      return Category.MALFORMED;
    }
    Category found = rawCharacters(raw);
    if (found != null) {
      return found;
    }
    // A path without '%' is its own decoding, so the common request allocates nothing here.
    boolean encoded = raw.indexOf('%') >= 0;
    String decoded = encoded ? percentDecoded(raw) : raw;
    if (decoded == null) {
      return Category.MALFORMED;
    }
    found = segments(decoded);
    if (found != null) {
      return found;
    }
    if (!allowed.contains(Category.PATH_MISMATCH)) {
      String compared = allowed.contains(Category.SEMICOLON) ? withoutParameters(raw, decoded, encoded) : decoded;
      if (!isConcatenation(compared, request.contextPath(), request.path())) {
        return Category.PATH_MISMATCH;
      }
    }
    return null;
  }

  /**
   * Checks the raw path's characters, raw or percent-encoded, in order: the first refused category
   * found, or {@code null}. Every {@code %} it lets through is followed by two hexadecimal digits.
   */
  private Category rawCharacters(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      Category found;
      if (c == '%') {
        if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
          return Category.MALFORMED;
        }
        int b = hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2));
        i += 2;
        found = switch (b) {
          case ';' -> Category.SEMICOLON;
          case '/' -> Category.ENCODED_SLASH;
          case '.' -> Category.ENCODED_PERIOD;
          case '%' -> Category.ENCODED_PERCENT;
          case '\\' -> Category.BACKSLASH;
          default -> b < 0x20 || b == 0x7f ? Category.CONTROL_CHARACTER : null;
        };
      } else if (c > 0x7f) {
        return Category.MALFORMED; // a raw non-ASCII character: readers disagree on its charset
      } else {
        found = c == ';' ? Category.SEMICOLON : c == '\\' ? Category.BACKSLASH
            : c < 0x20 || c == 0x7f ? Category.CONTROL_CHARACTER : null;
      }
      if (found != null && !allowed.contains(found)) {
        return found;
      }
    }
    return null;
  }

  /**
   * The raw path percent-decoded as strict UTF-8, or {@code null} when the bytes are not valid
   * UTF-8; its escapes are well-formed ({@link #rawCharacters} checked them).
   */
  private static String percentDecoded(String raw) {
    byte[] bytes = new byte[raw.length()];
    int length = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        bytes[length++] = (byte) (hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2)));
        i += 2;
      } else {
        bytes[length++] = (byte) c;
      }
    }
    return utf8(bytes, length);
  }

  /** Whether {@code whole} equals {@code head + tail}, without building the concatenation. */
  private static boolean isConcatenation(String whole, String head, String tail) {
    return head != null && tail != null // a view that cannot say its paths is refused
        && whole.length() == head.length() + tail.length() && whole.startsWith(head)
        && whole.startsWith(tail, head.length());
  }

  /** Checks the decoded path's characters and segments. */
  private Category segments(String decoded) {
    int segmentStart = 1;
    for (int i = 1; i <= decoded.length(); i++) {
      if (i < decoded.length()) {
        char c = decoded.charAt(i);
        if (c != '/') {
          if (c >= 0x80 && isControlLike(decoded.codePointAt(i)) && !allowed.contains(Category.CONTROL_CHARACTER)) {
            return Category.CONTROL_CHARACTER;
          }
          continue;
        }
      }
      // The segment's name: containers cut ";parameters" before judging dot segments, so
      // "..;x" is a ".." segment and ";x" an empty one.
      int end = decoded.indexOf(';', segmentStart);
      end = end < 0 || end > i ? i : end;
      int nameLength = end - segmentStart;
      boolean last = i == decoded.length();
      if (nameLength == 0 && !(last && end == i) && !allowed.contains(Category.EMPTY_SEGMENT)) {
        return Category.EMPTY_SEGMENT;
      }
      if ((nameLength == 1 && decoded.charAt(segmentStart) == '.'
          || nameLength == 2 && decoded.charAt(segmentStart) == '.' && decoded.charAt(segmentStart + 1) == '.')
          && !allowed.contains(Category.DOT_SEGMENT)) {
        return Category.DOT_SEGMENT;
      }
      segmentStart = i + 1;
    }
    return null;
  }

  /**
   * The decoded path with raw {@code ;parameters} cut from each segment, as containers do before
   * decoding (an encoded {@code %3b} stays part of the segment).
   */
  private static String withoutParameters(String raw, String decoded, boolean encoded) {
    if (raw.indexOf(';') < 0) {
      return decoded;
    }
    StringBuilder cut = new StringBuilder(raw.length());
    boolean inParameters = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '/') {
        inParameters = false;
      } else if (c == ';') {
        inParameters = true;
      }
      if (!inParameters) {
        cut.append(c);
      }
    }
    if (!encoded) {
      return cut.toString();
    }
    byte[] bytes = new byte[cut.length()];
    int length = 0;
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (c == '%') {
        bytes[length++] = (byte) (hex(cut.charAt(i + 1)) << 4 | hex(cut.charAt(i + 2)));
        i += 2;
      } else {
        bytes[length++] = (byte) c;
      }
    }
    String result = utf8(bytes, length);
    return result == null ? "" : result;
  }

  /**
   * Tells whether a character forges or hides text: a control character, a line or paragraph
   * separator, or a format character (zero-width, bidirectional overrides).
   */
  static boolean isControlLike(int c) {
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Strict UTF-8: overlong forms, surrogates and truncated sequences give {@code null}. */
  private static String utf8(byte[] bytes, int length) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "RequestFirewall[allowed=" + allowed + "]";
  }

  /** Builds a {@link RequestFirewall}. Not thread-safe; the firewall it builds is. */
  public static final class Builder {
    private final Set<Category> allowed = EnumSet.noneOf(Category.class);

    private Builder() {}

    /**
     * Lets requests of the given categories through the firewall.
     *
     * <p><b>Warning:</b> every category allowed is a way for a path to be read differently by
     * Keywarden and by the application's dispatcher; that is how access rules get bypassed. Allow
     * one only when every server, proxy and framework in front of the application is known to
     * read it the same way (for example {@link Category#SEMICOLON} for {@code ;jsessionid} URL
     * rewriting on a plain servlet container whose mappings ignore path parameters). Allowing
     * {@link Category#NONSTANDARD_METHOD} leaves such methods to the {@code ALL} rules alone: see
     * that category.
     *
     * @param categories the categories; not {@link Category#MALFORMED}
     * @return this builder
     * @throws IllegalArgumentException if {@link Category#MALFORMED} is given
     */
    public Builder allow(Category... categories) {
      for (Category category : Objects.requireNonNull(categories, "categories")) {
        Objects.requireNonNull(category, "category");
        if (category == Category.MALFORMED) {
          throw new IllegalArgumentException("malformed paths cannot be allowed: they have no single reading");
        }
      }
      allowed.addAll(Arrays.asList(categories));
      return this;
    }

    /** {@return the firewall; the shared strict one when nothing was allowed} */
    public RequestFirewall build() {
      return allowed.isEmpty() ? STRICT : new RequestFirewall(Set.copyOf(EnumSet.copyOf(allowed)));
    }
  }
}
