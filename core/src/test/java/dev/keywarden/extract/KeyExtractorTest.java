package dev.keywarden.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The extractor's configuration and its sources; reading a request is {@code access.KeyReaderTest}'s. */
class KeyExtractorTest {
  private final KeyExtractor defaults = KeyExtractor.defaults();

  @Test
  void defaults_areClientKeyThenSecretThenCookie() {
    assertThat(defaults.sources()).containsExactly(
        KeySource.header("client-key"), KeySource.header("secret"), KeySource.cookie("mia_client_key"));
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
  void builder_rejectsNoSourcesAndDuplicates() {
    assertThatThrownBy(() -> KeyExtractor.builder().sources().build())
        .hasMessage("at least one key source is required");
    assertThatThrownBy(() -> KeyExtractor.builder().sources(KeySource.header("a"), KeySource.header("A")).build())
        .hasMessageStartingWith("a key source is listed twice");
    assertThatThrownBy(() -> KeySource.header("bad name")).hasMessageStartingWith("key source name must be a token");
    assertThatThrownBy(() -> KeySource.cookie(" ")).hasMessage("key source name must not be blank");
  }
}
