package dev.keywarden.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyExtractorTest {
  private final KeyExtractor defaults = KeyExtractor.defaults();

  private static RequestView.Builder get() {
    return RequestView.builder("GET", "/");
  }

  private static String secretOf(Extraction extraction) {
    assertThat(extraction).isInstanceOf(Extraction.Presented.class);
    return ((Extraction.Presented) extraction).secret();
  }

  @Test
  void defaults_areClientKeyThenSecretThenCookie() {
    assertThat(defaults.sources()).containsExactly(
        KeySource.header("client-key"), KeySource.header("secret"), KeySource.cookie("mia_client_key"));
  }

  @Test
  void eachDefaultSource_yieldsTheKey() {
    assertThat(secretOf(defaults.extract(get().header("client-key", "a").build()))).isEqualTo("a");
    assertThat(secretOf(defaults.extract(get().header("secret", "b").build()))).isEqualTo("b");
    assertThat(secretOf(defaults.extract(get().cookie("mia_client_key", "c").build()))).isEqualTo("c");
  }

  @Test
  void noKey_isAbsent() {
    assertThat(defaults.extract(get().header("other", "x").build())).isEqualTo(Extraction.Absent.INSTANCE);
  }

  @Test
  void headerNames_areCaseInsensitive_cookieNamesExact() {
    assertThat(secretOf(defaults.extract(get().header("Client-Key", "a").build()))).isEqualTo("a");
    assertThat(secretOf(defaults.extract(get().header("SECRET", "b").build()))).isEqualTo("b");
    assertThat(defaults.extract(get().cookie("MIA_CLIENT_KEY", "c").build())).isEqualTo(Extraction.Absent.INSTANCE);
  }

  @Test
  void firstSourceWins_headersBeatTheCookie() {
    RequestView request = get().header("secret", "from-secret").cookie("mia_client_key", "from-cookie")
        .header("client-key", "from-client-key").build();
    Extraction extraction = defaults.extract(request);
    assertThat(secretOf(extraction)).isEqualTo("from-client-key");
    assertThat(((Extraction.Presented) extraction).source()).isEqualTo(KeySource.header("client-key"));
    assertThat(secretOf(defaults.extract(get().header("secret", "s").cookie("mia_client_key", "c").build())))
        .isEqualTo("s");
  }

  @Test
  void blankValues_countAsAbsent() {
    assertThat(defaults.extract(get().header("client-key", "").header("secret", "   ").build()))
        .isEqualTo(Extraction.Absent.INSTANCE);
    assertThat(secretOf(defaults.extract(get().header("client-key", " ").cookie("mia_client_key", "c").build())))
        .isEqualTo("c");
  }

  @Test
  void repeatedDifferentValuesInOneSource_areAlwaysAConflict() {
    assertThat(defaults.extract(get().header("client-key", "a").header("client-key", "b").build()))
        .isEqualTo(new Extraction.Conflict("header client-key carries several different values"));
    assertThat(defaults.extract(get().header("client-key", "a").header("CLIENT-KEY", "b").build()))
        .isInstanceOf(Extraction.Conflict.class);
    assertThat(defaults.extract(get().cookie("mia_client_key", "a").cookie("mia_client_key", "b").build()))
        .isEqualTo(new Extraction.Conflict("cookie mia_client_key carries several different values"));
  }

  @Test
  void repeatedDifferentValuesInALaterSource_areAConflictEvenWhenAnEarlierSourceWins() {
    // A later source is only read in strict mode; first-wins stops at the first value.
    assertThat(secretOf(defaults.extract(get().header("client-key", "a")
        .cookie("mia_client_key", "x").cookie("mia_client_key", "y").build()))).isEqualTo("a");
  }

  @Test
  void identicalRepeats_areFine() {
    assertThat(secretOf(defaults.extract(get().header("client-key", "a").header("client-key", "a").build())))
        .isEqualTo("a");
    assertThat(secretOf(defaults.extract(get().header("client-key", "a").header("client-key", "").build())))
        .isEqualTo("a");
  }

  @Test
  void differentValuesInTwoSources_firstWinsByDefault_conflictInStrictMode() {
    RequestView request = get().header("client-key", "a").header("secret", "b").build();
    assertThat(secretOf(defaults.extract(request))).isEqualTo("a");
    KeyExtractor strict = KeyExtractor.builder().rejectConflictingKeys(true).build();
    assertThat(strict.extract(request))
        .isEqualTo(new Extraction.Conflict("header client-key and header secret carry different keys"));
    assertThat(secretOf(strict.extract(get().header("client-key", "a").cookie("mia_client_key", "a").build())))
        .isEqualTo("a");
  }

  @Test
  void configurableSourcesAndOrder() {
    KeyExtractor custom = KeyExtractor.builder()
        .sources(KeySource.cookie("api_key"), KeySource.header("X-Api-Key")).build();
    RequestView request = get().header("x-api-key", "h").cookie("api_key", "c").header("client-key", "ignored").build();
    assertThat(secretOf(custom.extract(request))).isEqualTo("c");
    assertThat(custom.extract(get().header("client-key", "ignored").build())).isEqualTo(Extraction.Absent.INSTANCE);
  }

  @Test
  void bearer_isOffByDefault_andStrictWhenOn() {
    assertThat(defaults.extract(get().header("Authorization", "Bearer abc").build())).isEqualTo(Extraction.Absent.INSTANCE);
    KeyExtractor withBearer = KeyExtractor.builder().withBearer().build();
    assertThat(secretOf(withBearer.extract(get().header("Authorization", "Bearer abc").build()))).isEqualTo("abc");
    assertThat(secretOf(withBearer.extract(get().header("authorization", "bearer abc").build()))).isEqualTo("abc");
    // Two spaces: the token keeps a leading space and is later refused as malformed.
    assertThat(secretOf(withBearer.extract(get().header("Authorization", "Bearer  abc").build()))).isEqualTo(" abc");
    assertThat(withBearer.extract(get().header("Authorization", "Bearer ").build())).isEqualTo(Extraction.Absent.INSTANCE);
    assertThat(withBearer.extract(get().header("Authorization", "Bearer").build())).isEqualTo(Extraction.Absent.INSTANCE);
    assertThat(withBearer.extract(get().header("Authorization", "Basic dXNlcjpwYXNz").build()))
        .isEqualTo(Extraction.Absent.INSTANCE);
    assertThat(withBearer.extract(get().header("Authorization", "Bearerabc").build())).isEqualTo(Extraction.Absent.INSTANCE);
    // Headers still come first.
    assertThat(secretOf(withBearer.extract(get().header("Authorization", "Bearer abc").header("secret", "s").build())))
        .isEqualTo("s");
  }

  // Issue 11, finding 3: every Authorization value counts, and the core says which to hide.
  @Test
  void bearer_everyAuthorizationValueIsRead_differentTokensConflict() {
    KeyExtractor withBearer = KeyExtractor.builder().withBearer().build();
    assertThat(secretOf(withBearer.extract(get().header("Authorization", "Basic dXNlcjpwYXNz")
        .header("Authorization", "Bearer abc").build()))).isEqualTo("abc");
    assertThat(withBearer.extract(get().header("Authorization", "Bearer abc").header("authorization", "Bearer xyz")
        .build())).isInstanceOf(Extraction.Conflict.class);
    assertThat(secretOf(withBearer.extract(get().header("Authorization", "Bearer abc")
        .header("Authorization", "Bearer abc").build()))).isEqualTo("abc");
    // A Bearer value with another separator is read (and later refused as malformed), not ignored.
    assertThat(secretOf(withBearer.extract(get().header("Authorization", "Bearer\tabc").build()))).isEqualTo("\tabc");
  }

  @Test
  void carriedBy_namesExactlyTheHeaderValuesASourceReads() {
    KeySource bearer = KeySource.bearer();
    assertThat(bearer.carriedBy("Authorization", "Bearer abc")).isTrue();
    assertThat(bearer.carriedBy("AUTHORIZATION", "bEaReR abc")).isTrue();
    assertThat(bearer.carriedBy("Authorization", "Bearer")).isTrue();
    assertThat(bearer.carriedBy("Authorization", "Bearer\tabc")).isTrue();
    assertThat(bearer.carriedBy("Authorization", "Basic dXNlcjpwYXNz")).isFalse();
    assertThat(bearer.carriedBy("Authorization", "Bearerabc")).isFalse();
    assertThat(bearer.carriedBy("Proxy-Authorization", "Bearer abc")).isFalse();
    assertThat(KeySource.header("client-key").carriedBy("Client-Key", "anything")).isTrue();
    assertThat(KeySource.header("client-key").carriedBy("secret", "anything")).isFalse();
    assertThat(KeySource.cookie("mia_client_key").carriedBy("Cookie", "mia_client_key=x")).isFalse();
  }

  @Test
  void presented_toString_neverShowsTheSecret() {
    assertThat(new Extraction.Presented("top-secret", KeySource.header("client-key")).toString())
        .doesNotContain("top-secret").contains("<redacted>");
  }

  @Test
  void builder_rejectsNoSourcesAndDuplicates() {
    assertThatThrownBy(() -> KeyExtractor.builder().sources().build())
        .hasMessage("at least one key source is required");
    assertThatThrownBy(() -> KeyExtractor.builder().sources(KeySource.header("a"), KeySource.header("A")).build())
        .hasMessageStartingWith("a key source is listed twice");
    assertThatThrownBy(() -> KeySource.header("bad name")).hasMessageStartingWith("key source name must be a token");
    assertThatThrownBy(() -> KeySource.cookie(" ")).hasMessage("key source name must not be blank");
  }
}
