package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.extract.KeySource;
import dev.keywarden.extract.RequestView;
import org.junit.jupiter.api.Test;

class KeyReaderTest {
  private final KeyExtractor defaults = KeyExtractor.defaults();

  private static RequestView.Builder get() {
    return RequestView.builder("GET", "/");
  }

  private static Extraction read(KeyExtractor extractor, RequestView request) {
    return KeyReader.read(extractor, request);
  }

  private static String secretOf(Extraction extraction) {
    assertThat(extraction).isInstanceOf(Extraction.Presented.class);
    return ((Extraction.Presented) extraction).secret();
  }

  @Test
  void eachDefaultSource_yieldsTheKey() {
    assertThat(secretOf(read(defaults, get().header("client-key", "a").build()))).isEqualTo("a");
    assertThat(secretOf(read(defaults, get().header("secret", "b").build()))).isEqualTo("b");
    assertThat(secretOf(read(defaults, get().cookie("mia_client_key", "c").build()))).isEqualTo("c");
  }

  @Test
  void noKey_isAbsent() {
    assertThat(read(defaults, get().header("other", "x").build())).isEqualTo(Extraction.Absent.INSTANCE);
  }

  @Test
  void headerNames_areCaseInsensitive_cookieNamesExact() {
    assertThat(secretOf(read(defaults, get().header("Client-Key", "a").build()))).isEqualTo("a");
    assertThat(secretOf(read(defaults, get().header("SECRET", "b").build()))).isEqualTo("b");
    assertThat(read(defaults, get().cookie("MIA_CLIENT_KEY", "c").build())).isEqualTo(Extraction.Absent.INSTANCE);
  }

  @Test
  void firstSourceWins_headersBeatTheCookie() {
    RequestView request = get().header("secret", "from-secret").cookie("mia_client_key", "from-cookie")
        .header("client-key", "from-client-key").build();
    Extraction extraction = read(defaults, request);
    assertThat(secretOf(extraction)).isEqualTo("from-client-key");
    assertThat(((Extraction.Presented) extraction).source()).isEqualTo(KeySource.header("client-key"));
    assertThat(secretOf(read(defaults, get().header("secret", "s").cookie("mia_client_key", "c").build())))
        .isEqualTo("s");
  }

  @Test
  void blankValues_countAsAbsent() {
    assertThat(read(defaults, get().header("client-key", "").header("secret", "   ").build()))
        .isEqualTo(Extraction.Absent.INSTANCE);
    assertThat(secretOf(read(defaults, get().header("client-key", " ").cookie("mia_client_key", "c").build())))
        .isEqualTo("c");
  }

  @Test
  void repeatedDifferentValuesInOneSource_areAlwaysAConflict() {
    assertThat(read(defaults, get().header("client-key", "a").header("client-key", "b").build()))
        .isEqualTo(new Extraction.Conflict("header client-key carries several different values"));
    assertThat(read(defaults, get().header("client-key", "a").header("CLIENT-KEY", "b").build()))
        .isInstanceOf(Extraction.Conflict.class);
    assertThat(read(defaults, get().cookie("mia_client_key", "a").cookie("mia_client_key", "b").build()))
        .isEqualTo(new Extraction.Conflict("cookie mia_client_key carries several different values"));
  }

  @Test
  void repeatedDifferentValuesInALaterSource_areAConflictEvenWhenAnEarlierSourceWins() {
    // A later source is only read in strict mode; first-wins stops at the first value.
    assertThat(secretOf(read(defaults, get().header("client-key", "a")
        .cookie("mia_client_key", "x").cookie("mia_client_key", "y").build()))).isEqualTo("a");
  }

  @Test
  void identicalRepeats_areFine() {
    assertThat(secretOf(read(defaults, get().header("client-key", "a").header("client-key", "a").build())))
        .isEqualTo("a");
    assertThat(secretOf(read(defaults, get().header("client-key", "a").header("client-key", "").build())))
        .isEqualTo("a");
  }

  @Test
  void differentValuesInTwoSources_firstWinsByDefault_conflictInStrictMode() {
    RequestView request = get().header("client-key", "a").header("secret", "b").build();
    assertThat(secretOf(read(defaults, request))).isEqualTo("a");
    KeyExtractor strict = KeyExtractor.builder().rejectConflictingKeys(true).build();
    assertThat(read(strict, request))
        .isEqualTo(new Extraction.Conflict("header client-key and header secret carry different keys"));
    assertThat(secretOf(read(strict, get().header("client-key", "a").cookie("mia_client_key", "a").build())))
        .isEqualTo("a");
  }

  @Test
  void configurableSourcesAndOrder() {
    KeyExtractor custom = KeyExtractor.builder()
        .sources(KeySource.cookie("api_key"), KeySource.header("X-Api-Key")).build();
    RequestView request = get().header("x-api-key", "h").cookie("api_key", "c").header("client-key", "ignored").build();
    assertThat(secretOf(read(custom, request))).isEqualTo("c");
    assertThat(read(custom, get().header("client-key", "ignored").build())).isEqualTo(Extraction.Absent.INSTANCE);
  }

  @Test
  void bearer_isOffByDefault_andStrictWhenOn() {
    assertThat(read(defaults, get().header("Authorization", "Bearer abc").build()))
        .isEqualTo(Extraction.Absent.INSTANCE);
    KeyExtractor withBearer = KeyExtractor.builder().withBearer().build();
    assertThat(secretOf(read(withBearer, get().header("Authorization", "Bearer abc").build()))).isEqualTo("abc");
    assertThat(secretOf(read(withBearer, get().header("authorization", "bearer abc").build()))).isEqualTo("abc");
    // Two spaces: the token keeps a leading space and is later refused as malformed.
    assertThat(secretOf(read(withBearer, get().header("Authorization", "Bearer  abc").build()))).isEqualTo(" abc");
    assertThat(read(withBearer, get().header("Authorization", "Bearer ").build()))
        .isEqualTo(Extraction.Absent.INSTANCE);
    assertThat(read(withBearer, get().header("Authorization", "Bearer").build())).isEqualTo(Extraction.Absent.INSTANCE);
    assertThat(read(withBearer, get().header("Authorization", "Basic dXNlcjpwYXNz").build()))
        .isEqualTo(Extraction.Absent.INSTANCE);
    assertThat(read(withBearer, get().header("Authorization", "Bearerabc").build()))
        .isEqualTo(Extraction.Absent.INSTANCE);
    // Headers still come first.
    assertThat(secretOf(read(withBearer, get().header("Authorization", "Bearer abc").header("secret", "s").build())))
        .isEqualTo("s");
  }

  // Issue 11, finding 3: every Authorization value counts, and the core says which to hide.
  @Test
  void bearer_everyAuthorizationValueIsRead_differentTokensConflict() {
    KeyExtractor withBearer = KeyExtractor.builder().withBearer().build();
    assertThat(secretOf(read(withBearer, get().header("Authorization", "Basic dXNlcjpwYXNz")
        .header("Authorization", "Bearer abc").build()))).isEqualTo("abc");
    assertThat(read(withBearer, get().header("Authorization", "Bearer abc").header("authorization", "Bearer xyz")
        .build())).isInstanceOf(Extraction.Conflict.class);
    assertThat(secretOf(read(withBearer, get().header("Authorization", "Bearer abc")
        .header("Authorization", "Bearer abc").build()))).isEqualTo("abc");
    // A Bearer value with another separator is read (and later refused as malformed), not ignored.
    assertThat(secretOf(read(withBearer, get().header("Authorization", "Bearer\tabc").build()))).isEqualTo("\tabc");
  }

  @Test
  void presented_toString_neverShowsTheSecret() {
    assertThat(new Extraction.Presented("top-secret", KeySource.header("client-key")).toString())
        .doesNotContain("top-secret").contains("<redacted>");
  }
}
