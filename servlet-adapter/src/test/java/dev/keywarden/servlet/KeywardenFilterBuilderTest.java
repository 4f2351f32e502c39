package dev.keywarden.servlet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keywarden.access.AccessGuard;
import org.junit.jupiter.api.Test;

class KeywardenFilterBuilderTest {
  private final KeywardenFilter.Builder builder = KeywardenFilter.builder(AccessGuard.builder().build());

  @Test
  void realm_mustBePrintableWithoutQuotes() {
    assertThatThrownBy(() -> builder.realm("bad\"realm"))
        .hasMessage("realm must be 1 to 100 printable ASCII characters without '\"' or '\\'");
    assertThatThrownBy(() -> builder.realm("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.realm("line\r\nbreak")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryAfter_mustBeInRange() {
    assertThatThrownBy(() -> builder.retryAfterSeconds(-1))
        .hasMessage("retry-after seconds must be between 0 and 86400 (was -1)");
  }

  @Test
  void denialWriter_null_isRefused() {
    assertThatThrownBy(() -> builder.denialWriter(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("denialWriter");
  }

  @Test
  void denial_statusOutOfRange_isRefused() {
    assertThatThrownBy(() -> new DenialWriter.Denial(200, "ok", "OK", "fine"))
        .hasMessage("status must be between 400 and 599 (was 200)");
  }
}
