package dev.keywarden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 14: one pass gives the value or every problem, never both, never neither. */
class ValidatedTest {

  @Test
  void valid_hasTheValueAndNoProblems() {
    Validated<String> valid = Validated.valid("v");
    assertThat(valid.isValid()).isTrue();
    assertThat(valid.problems()).isEmpty();
    assertThat(valid.value()).isEqualTo("v");
    assertThatThrownBy(() -> Validated.valid(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void invalid_valueThrowsListingEveryProblemInOrder() {
    List<Problem> problems = new ArrayList<>(List.of(new Problem("apiKeys[0]", "a"), Problem.of("b")));
    Validated<String> invalid = Validated.invalid(problems);
    problems.clear(); // copied
    assertThat(invalid.isValid()).isFalse();
    assertThat(invalid.problems()).containsExactly(new Problem("apiKeys[0]", "a"), Problem.of("b"));
    assertThatThrownBy(invalid::value).isInstanceOfSatisfying(InvalidConfigurationException.class,
        e -> assertThat(e.problems()).isEqualTo(invalid.problems()))
        .hasMessage("invalid configuration, 2 problems:\n  - apiKeys[0]: a\n  - b");
    assertThatThrownBy(() -> invalid.problems().add(Problem.of("c"))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void invalid_needsAtLeastOneProblem() {
    assertThatThrownBy(() -> Validated.invalid(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("problems must not be empty");
  }

  @Test
  void toString_neverPrintsTheValue() {
    ApiKey key = ApiKey.builder().secret("super-secret-value-1").clientType("web").build();
    assertThat(Validated.valid(key).toString()).isEqualTo("Validated[valid]").doesNotContain("super-secret");
    assertThat(Validated.invalid(List.of(Problem.of("m")))).hasToString("Validated[m]");
  }
}
