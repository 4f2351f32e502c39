package dev.keywarden.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keywarden.ApiKeyGenerator;
import org.junit.jupiter.api.Test;

/** A generated key pasted into an expression never reaches the syntax error; the caret still points right. */
class KeyInExpressionTest {

  @Test
  void aKeyInAnExpression_isMaskedInTheError_andTheCaretKeepsItsColumn() {
    String key = ApiKeyGenerator.defaultGenerator().generate();
    for (String source : new String[] {"groups.admin || " + key, "clientType == " + key + " &&", key}) {
      ExpressionSyntaxException e = catchThrowableOfType(ExpressionSyntaxException.class,
          () -> GroupExpression.parse(source));
      assertThat(e).as(source).isNotNull();
      assertThat(e.getMessage()).doesNotContain(key).doesNotContain(key.substring(3, 20));
      assertThat(e.expression()).doesNotContain(key).hasSameSizeAs(source);
      assertThat(e.reason()).doesNotContain(key);
      assertThat(e.excerpt()).isEqualTo(source.replace(key, "*".repeat(key.length())));
      assertThat(e.caretLine().indexOf('^')).isEqualTo(e.column() - 1);
    }
  }
}
