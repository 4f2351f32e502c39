package dev.keywarden.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKeyGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 11, finding 7: quoted values can never break or disguise a log line. */
class ProblemTextTest {

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(ints = {0x00, 0x0a, 0x0d, 0x1b, 0x7f, 0x85, 0x9f, 0x2028, 0x2029, 0x200b, 0x200e, 0x202e, 0x2066,
      0xfeff, 0x061c, 0xd800, 0xdc00})
  void quote_escapesEveryLineBreakingOrHidingCharacter(int c) {
    String quoted = ProblemText.quote("a" + (char) c + "b");
    assertThat(quoted).isEqualTo(String.format("\"a\\u%04xb\"", c));
  }

  @Test
  void quote_keepsPrintableTextAsIs_andEscapesSupplementaryFormatCharacters() {
    assertThat(ProblemText.quote("café ☕ 日本 \uD83D\uDE00")).isEqualTo("\"café ☕ 日本 \uD83D\uDE00\"");
    // U+E0001 LANGUAGE TAG is a format character outside the BMP.
    assertThat(ProblemText.quote("a\uDB40\uDC01")).isEqualTo("\"a\\udb40\\udc01\"");
    assertThat(ProblemText.quote("say \"hi\" \\")).isEqualTo("\"say \\\"hi\\\" \\\\\"");
    assertThat(ProblemText.quote(null)).isEqualTo("null");
  }

  @Test
  void quote_neverLeavesHalfASurrogatePairAtTheCut() {
    String value = "x".repeat(79) + "\uD83D\uDE00" + "tail";
    assertThat(ProblemText.quote(value)).startsWith("\"" + "x".repeat(79) + "\\ud83d\"");
  }

  @Test
  void unknownField_suggestsTheClosestKnownName_orListsThem_neverShowingTheValue() {
    List<String> known = List.of("method", "path", "userGroupPermission");
    assertThat(ProblemText.unknownField("userGroupPermision", known))
        .isEqualTo("unknown field \"userGroupPermision\" (did you mean \"userGroupPermission\"?)");
    assertThat(ProblemText.unknownField("user-group-permission", known))
        .isEqualTo("unknown field \"user-group-permission\" (did you mean \"userGroupPermission\"?)");
    assertThat(ProblemText.unknownField("colour", known))
        .isEqualTo("unknown field \"colour\"; known fields: method, path, userGroupPermission");
  }

  @Test
  void unknownField_thatCouldBeAKey_isDescribed_notShown() {
    List<String> known = List.of("secret", "clientType");
    String generated = ApiKeyGenerator.withPrefix("kw").generate();
    for (String name : List.of(generated, "my secret key!", "x".repeat(41), "9f86d081884c7d65")) {
      assertThat(ProblemText.unknownField(name, known)).as(name).doesNotContain(name)
          .isEqualTo("unknown field (name not shown: " + name.length() + " characters, it may be a key); "
              + "known fields: secret, clientType");
    }
    assertThat(ProblemText.unknownField("kw_" + "a".repeat(32), known)).startsWith("unknown field \"kw_");
    assertThat(ProblemText.unknownField("secrte", known)).isEqualTo("unknown field \"secrte\" (did you mean \"secret\"?)");
    assertThat(ProblemText.unknownField("client type", known))
        .isEqualTo("unknown field \"client type\" (did you mean \"clientType\"?)");
  }

  @Test
  void aGeneratedKeyInAQuotedValue_isMasked_sameLength() {
    String key = ApiKeyGenerator.withPrefix("acme").generate();
    assertThat(ProblemText.quote(key)).isEqualTo("\"" + "*".repeat(key.length()) + "\"");
    assertThat(ProblemText.quote("/orders/" + key + "/x")).isEqualTo("\"/orders/" + "*".repeat(key.length()) + "/x\"");
    assertThat(ProblemText.quote("kw_" + "a".repeat(32))).as("not the generated form").contains("kw_aaa");
    assertThat(ProblemText.quote("x" + key)).as("part of a longer token").contains("*");
  }
}
