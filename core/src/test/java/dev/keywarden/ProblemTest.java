package dev.keywarden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 14: problems are values with a location, printing as the one-line text they always had. */
class ProblemTest {

  @Test
  void toString_isLocationColonMessage_orTheMessageAloneWithoutLocation() {
    assertThat(new Problem("apiKeys[2]", "clientType is required")).hasToString("apiKeys[2]: clientType is required");
    assertThat(Problem.of("apiKeys[0] and apiKeys[1] have the same id a"))
        .hasToString("apiKeys[0] and apiKeys[1] have the same id a");
    assertThat(Problem.of("x").location()).isEmpty();
  }

  @Test
  void at_placesAnInnerProblemAtItsEntry_keepingTheInnerLocationAtTheHeadOfTheMessage() {
    Problem inner = new Problem("userGroupPermission", "unknown identifier 'group'");
    Problem placed = inner.at("endpoints[3] (GET /x)");
    assertThat(placed.location()).isEqualTo("endpoints[3] (GET /x)");
    assertThat(placed.message()).isEqualTo("userGroupPermission: unknown identifier 'group'");
    assertThat(placed).hasToString("endpoints[3] (GET /x): userGroupPermission: unknown identifier 'group'");
    assertThat(Problem.of("clientType is required").at("apiKeys[1]")).isEqualTo(
        new Problem("apiKeys[1]", "clientType is required"));
  }

  @Test
  void constructor_rejectsNullAndAnEmptyMessage() {
    assertThatThrownBy(() -> new Problem(null, "m")).isInstanceOf(NullPointerException.class).hasMessage("location");
    assertThatThrownBy(() -> new Problem("", null)).isInstanceOf(NullPointerException.class).hasMessage("message");
    assertThatThrownBy(() -> new Problem("a", "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("message must not be empty");
  }

  @Test
  void exception_carriesTheStructuredProblems_andItsMessageIsTheirText() {
    InvalidConfigurationException e = InvalidConfigurationException.of(List.of(
        new Problem("apiKeys[1]", "clientType is required"), Problem.of("two\nlines")));
    assertThat(e.problems()).containsExactly(new Problem("apiKeys[1]", "clientType is required"), Problem.of("two\nlines"));
    assertThat(e.getMessage()).isEqualTo(
        "invalid configuration, 2 problems:\n  - apiKeys[1]: clientType is required\n  - two\n    lines");
    assertThat(InvalidConfigurationException.of(List.of(new Problem("top level", "m"))))
        .hasMessage("invalid configuration: top level: m");
    assertThatThrownBy(() -> InvalidConfigurationException.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exception_fromTexts_hasProblemsWithoutLocation() {
    InvalidConfigurationException e = new InvalidConfigurationException(List.of("keywarden.realm: bad"));
    assertThat(e.problems()).containsExactly(Problem.of("keywarden.realm: bad"));
    assertThat(e).hasMessage("invalid configuration: keywarden.realm: bad");
  }

  @Test
  void exception_serializesWithItsProblems() throws Exception {
    InvalidConfigurationException e = InvalidConfigurationException.of(List.of(new Problem("apiKeys[0]", "m")));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(e);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(((InvalidConfigurationException) in.readObject()).problems()).containsExactly(
          new Problem("apiKeys[0]", "m"));
    }
  }
}
