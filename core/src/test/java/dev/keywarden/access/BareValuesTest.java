package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A key pasted where an API key object belongs ({@code "apiKeys": ["kw_..."]}) is refused through
 * a host's own {@code ObjectMapper}, whatever its settings, and neither the exception nor any
 * exception it wraps shows the value: Jackson's own message would quote it.
 */
class BareValuesTest {
  private static final String SECRET = "my-real-secret-value-4711";

  static Stream<Arguments> bareValues() {
    List<Arguments> cases = new ArrayList<>();
    for (ObjectMapper mapper : List.of(new ObjectMapper(), JsonMapper.builder().build())) {
      cases.add(Arguments.of(mapper, "{\"apiKeys\":[\"" + SECRET + "\"]}", SECRET));
      cases.add(Arguments.of(mapper, "{\"apiKeys\":[{\"secret\":\"a-fine-key-1\",\"clientType\":\"web\"},\""
          + SECRET + "\"]}", SECRET));
      cases.add(Arguments.of(mapper, "{\"apiKeys\":[4711471147114711]}", "4711471147114711"));
      cases.add(Arguments.of(mapper, "{\"apiKeys\":[47114711]}", "47114711"));
      cases.add(Arguments.of(mapper, "{\"apiKeys\":[4711.4711]}", "4711.4711"));
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("bareValues")
  void aScalarInPlaceOfAnApiKey_isRefused_withoutShowingIt(ObjectMapper mapper, String json, String value) {
    Throwable thrown = catchThrowable(() -> mapper.readValue(json, KeywardenConfig.class));
    assertThat(thrown).as("a bare value in apiKeys must not bind").isNotNull();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(value);
    }
    assertThat(thrown.getMessage()).contains("an API key must be an object");
  }
}
