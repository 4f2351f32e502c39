package dev.keywarden.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A property name in a problem message can never break or disguise a log line. */
class PropertyTextTest {

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(ints = {0x00, 0x0a, 0x0d, 0x1b, 0x7f, 0x85, 0x9f, 0x2028, 0x2029, 0x200b, 0x200e, 0x202e, 0x2066,
      0xfeff, 0x061c, 0xd800, 0xdc00})
  void quote_escapesEveryLineBreakingOrHidingCharacter(int c) {
    assertThat(PropertyText.quote("a" + (char) c + "b")).isEqualTo(String.format("\"a\\u%04xb\"", c));
  }

  @Test
  void quote_keepsPlainText_escapesQuotes_andShortensLongNames() {
    assertThat(PropertyText.quote("forbidden")).isEqualTo("\"forbidden\"");
    assertThat(PropertyText.quote("say \"hi\" \\")).isEqualTo("\"say \\\"hi\\\" \\\\\"");
    assertThat(PropertyText.quote(null)).isEqualTo("null");
    assertThat(PropertyText.quote("x".repeat(100))).isEqualTo("\"" + "x".repeat(80) + "\"... (100 characters)");
  }
}
