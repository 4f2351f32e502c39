package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keywarden.access.RequestFirewall.Category;
import dev.keywarden.extract.RequestView;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The strict firewall, category by category. Each row gives the raw path a client sent, the path
 * a container would route by, and the category expected (written by hand from SPEC §5).
 */
class RequestFirewallTest {
  private static Optional<Category> check(RequestFirewall firewall, String raw, String routed) {
    return firewall.check(RequestView.builder("GET", routed).rawPath(raw).build());
  }

  @ParameterizedTest(name = "{0} routed as {1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "ok", value = {
      "/                          | /               | ok",
      "/admin                     | /admin          | ok",
      "/admin/                    | /admin/         | ok",
      "/%61dmin                   | /admin          | ok",
      "/caf%C3%A9                 | /café           | ok",
      "/a%20b                     | /a b            | ok",
      "/admin;x=1                 | /admin          | SEMICOLON",
      "/admin/..;/files/x         | /admin/..;/files/x | SEMICOLON",
      "/admin/..%3b/files/x       | /admin/..;/files/x | SEMICOLON",
      "/admin/..%3B/files/x       | /admin/..;/files/x | SEMICOLON",
      "/a%2fb                     | /a/b            | ENCODED_SLASH",
      "/a%2Fb                     | /a/b            | ENCODED_SLASH",
      "/%2e/admin                 | /admin          | ENCODED_PERIOD",
      "/a%2Eb                     | /a.b            | ENCODED_PERIOD",
      "/a%252e                    | /a%2e           | ENCODED_PERCENT",
      "/a\\b                      | /a\\b           | BACKSLASH",
      "/a%5cb                     | /a\\b           | BACKSLASH",
      "//admin                    | /admin          | EMPTY_SEGMENT",
      "/admin//x                  | /admin/x        | EMPTY_SEGMENT",
      "/./admin                   | /admin          | DOT_SEGMENT",
      "/x/../admin                | /admin          | DOT_SEGMENT",
      "/admin/.                   | /admin          | DOT_SEGMENT",
      "/admin/..                  | /               | DOT_SEGMENT",
      "/a%00                      | /a              | CONTROL_CHARACTER",
      "/a%0d%0ab                  | /a              | CONTROL_CHARACTER",
      "/a%7f                      | /a              | CONTROL_CHARACTER",
      "/a%C2%85                   | /a\u0085        | CONTROL_CHARACTER",
      "/a%E2%80%A8                | /a\u2028        | CONTROL_CHARACTER",
      "/a%E2%80%A9                | /a\u2029        | CONTROL_CHARACTER",
      "/a%E2%80%8B                | /a\u200b        | CONTROL_CHARACTER",
      "/a%E2%80%AE                | /a\u202e        | CONTROL_CHARACTER",
      "/admin                     | /files/admin    | PATH_MISMATCH",
      "/ADMIN                     | /admin          | PATH_MISMATCH",
      "admin                      | /admin          | MALFORMED",
      "/a%                        | /a              | MALFORMED",
      "/a%2                       | /a              | MALFORMED",
      "/a%zz                      | /a              | MALFORMED",
      "/a%c0%ae                   | /a.             | MALFORMED",
      "/a%e0%80%ae                | /a.             | MALFORMED",
      "/a%c0%af                   | /a/             | MALFORMED",
      "/a%ed%a0%80                | /a              | MALFORMED",
      "/a%c3                      | /a              | MALFORMED",
      "/café                      | /café           | MALFORMED",
  })
  void strict_refusesEachCategory(String raw, String routed, String expected) {
    assertThat(check(RequestFirewall.strict(), raw, routed))
        .isEqualTo(Optional.ofNullable(expected).map(Category::valueOf));
  }

  @Test
  void rawControlCharacters_areRefused() {
    assertThat(check(RequestFirewall.strict(), "/a\tb", "/a\tb")).contains(Category.CONTROL_CHARACTER);
    assertThat(check(RequestFirewall.strict(), "/a\u007fb", "/a\u007fb")).contains(Category.CONTROL_CHARACTER);
    assertThat(check(RequestFirewall.strict(), "", "/")).contains(Category.MALFORMED);
  }

  @Test
  void contextPath_isPartOfTheRawPath_butNotOfTheRoutedPath() {
    RequestFirewall strict = RequestFirewall.strict();
    RequestView inContext = RequestView.builder("GET", "/admin").contextPath("/shop").rawPath("/shop/%61dmin").build();
    assertThat(strict.check(inContext)).isEmpty();
    RequestView elsewhere = RequestView.builder("GET", "/admin").contextPath("/shop").rawPath("/admin").build();
    assertThat(strict.check(elsewhere)).contains(Category.PATH_MISMATCH);
    // The builder's default raw path is the context path plus the decoded path.
    assertThat(strict.check(RequestView.builder("GET", "/admin").contextPath("/shop").build())).isEmpty();
  }

  @Test
  void allowingACategory_letsOnlyThatCategoryThrough() {
    RequestFirewall semicolons = RequestFirewall.builder().allow(Category.SEMICOLON).build();
    // ;jsessionid URL rewriting: the container cuts the parameter, and so does the comparison.
    assertThat(check(semicolons, "/admin;jsessionid=1", "/admin")).isEmpty();
    assertThat(check(semicolons, "/a;x/b;y", "/a/b")).isEmpty();
    // An encoded ';' is not a parameter for the container: it stays in the segment.
    assertThat(check(semicolons, "/a%3bx", "/a;x")).isEmpty();
    // Still refused: dot segments hiding behind parameters, empty segments, other categories.
    assertThat(check(semicolons, "/admin/..;/files", "/admin/..;/files")).contains(Category.DOT_SEGMENT);
    assertThat(check(semicolons, "/admin/..%3b/files", "/admin/..;/files")).contains(Category.DOT_SEGMENT);
    assertThat(check(semicolons, "/;x/admin", "/admin")).contains(Category.EMPTY_SEGMENT);
    assertThat(check(semicolons, "/a%2fb;x", "/a/b")).contains(Category.ENCODED_SLASH);
    assertThat(semicolons.allowed()).containsExactly(Category.SEMICOLON);
    assertThat(RequestFirewall.builder().build()).isSameAs(RequestFirewall.strict());
  }

  // Finding F1 of the external review; the seven methods are Spring Security's StrictHttpFirewall
  // default, written out by hand.
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "ok", value = {
      "GET      | ok", "POST | ok", "PUT | ok", "PATCH | ok", "DELETE | ok", "HEAD | ok", "OPTIONS | ok",
      "get      | NONSTANDARD_METHOD", "Get | NONSTANDARD_METHOD", "delete | NONSTANDARD_METHOD",
      "FOO      | NONSTANDARD_METHOD", "PROPFIND | NONSTANDARD_METHOD", "PURGE | NONSTANDARD_METHOD",
      "TRACE    | NONSTANDARD_METHOD", "CONNECT | NONSTANDARD_METHOD", "'GET ' | NONSTANDARD_METHOD",
      "''       | NONSTANDARD_METHOD",
  })
  void strict_refusesNonStandardMethods(String method, String expected) {
    assertThat(RequestFirewall.strict().check(RequestView.builder(method, "/admin").build()))
        .isEqualTo(Optional.ofNullable(expected).map(Category::valueOf));
  }

  @Test
  void nonStandardMethod_canBeAllowed_andThePathIsStillChecked() {
    RequestFirewall methods = RequestFirewall.builder().allow(Category.NONSTANDARD_METHOD).build();
    assertThat(methods.check(RequestView.builder("PROPFIND", "/admin").build())).isEmpty();
    assertThat(methods.check(RequestView.builder("get", "/admin").rawPath("/admin;x").build()))
        .contains(Category.SEMICOLON);
    assertThat(RequestFirewall.builder().allow(Category.SEMICOLON).build()
        .check(RequestView.builder("get", "/admin;x").build())).contains(Category.NONSTANDARD_METHOD);
  }

  @Test
  void malformed_cannotBeAllowed() {
    assertThatThrownBy(() -> RequestFirewall.builder().allow(Category.MALFORMED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed paths cannot be allowed: they have no single reading");
    assertThatThrownBy(() -> RequestFirewall.builder().allow((Category) null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aViewWithoutRawPath_isJudgedOnItsDecodedPath() {
    RequestView plain = new RequestView() {
      @Override
      public String method() {
        return "GET";
      }

      @Override
      public String path() {
        return "/x/../admin";
      }

      @Override
      public java.util.List<String> headers(String name) {
        return java.util.List.of();
      }

      @Override
      public java.util.List<String> cookies(String name) {
        return java.util.List.of();
      }
    };
    assertThat(RequestFirewall.strict().check(plain)).contains(Category.DOT_SEGMENT);
  }
}
