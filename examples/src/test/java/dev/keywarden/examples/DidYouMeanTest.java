package dev.keywarden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  private static final List<String> ENDPOINT = List.of("method", "path", "public", "apiKeyRequired",
      "userGroupPermission", "backofficeUserGroupPermission");

  @Test
  void typosCaseAndSeparators_findTheField() {
    assertThat(DidYouMean.closest("userGroupPermision", ENDPOINT)).isEqualTo("userGroupPermission");
    assertThat(DidYouMean.closest("USER_GROUP_PERMISSION", ENDPOINT)).isEqualTo("userGroupPermission");
    assertThat(DidYouMean.closest("api-key-required", ENDPOINT)).isEqualTo("apiKeyRequired");
    assertThat(DidYouMean.closest("methd", ENDPOINT)).isEqualTo("method");
    assertThat(DidYouMean.closest("backofficeUserGroupPermision", ENDPOINT)).isEqualTo("backofficeUserGroupPermission");
  }

  @Test
  void farFromEveryField_findsNone() {
    assertThat(DidYouMean.closest("colour", ENDPOINT)).isNull();
    assertThat(DidYouMean.closest("x", List.of("apiKeys", "endpoints"))).isNull();
    assertThat(DidYouMean.closest("anything", List.of())).isNull();
  }
}
