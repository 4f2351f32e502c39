package dev.keywarden.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The canonical form is logged (a disagreeing compilation is logged at ERROR with it), so no
 * character that could break or disguise a log line is printed raw; it still parses back to the
 * same expression.
 */
class CanonicalEscapingTest {

  @ParameterizedTest
  @ValueSource(strings = {"\u0085", "\u2028", "\u2029", "\u202e", "\u200b", "\u0000", "\u007f", "\r"})
  void toString_lineBreakingOrInvisibleCharacter_isEscaped_andParsesBack(String character) {
    GroupExpression expression = GroupExpression.parse("clientType == \"a" + character + "b\"");
    String canonical = expression.toString();
    assertThat(canonical).doesNotContain(character)
        .contains(String.format("\\u%04x", (int) character.charAt(0)));
    GroupExpression reparsed = GroupExpression.parse(canonical);
    assertThat(reparsed.toString()).isEqualTo(canonical);
    assertThat(reparsed.clientTypes()).containsExactly("a" + character + "b");
  }

  @Test
  void unicodeEscape_takesAsciiHexDigitsEitherCase_only() {
    assertThat(GroupExpression.parse("clientType == \"\\u00E9\\u00e9\"").clientTypes()).containsExactly("\u00e9\u00e9");
    // Arabic-Indic digits are digits to Character.digit, but not hexadecimal digits in JavaScript.
    assertThatThrownBy(() -> GroupExpression.parse("clientType == \"\\u\u0660\u0660\u0664\u0661\""))
        .isInstanceOf(ExpressionSyntaxException.class)
        .hasMessageStartingWith("invalid escape: \\u must be followed by 4 hexadecimal digits (column 16)");
  }
}
