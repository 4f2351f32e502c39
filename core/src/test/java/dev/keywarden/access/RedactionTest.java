package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.extract.KeySource;
import dev.keywarden.extract.RequestView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an allowed request's decision says the application must not see. */
class RedactionTest {
  private static AccessGuard.Builder guard() {
    return AccessGuard.builder().rule(EndpointRule.builder("GET", "/x").isPublic(true).build());
  }

  private static Redaction allowed(AccessGuard guard) {
    return ((AccessDecision.Allow) guard.decide(RequestView.builder("GET", "/x").build())).redaction();
  }

  @Test
  void defaults_hideKeyHeadersCookieAndSpoofableHeaders() {
    Redaction redaction = allowed(guard().build());
    assertThat(redaction.headers()).containsExactlyInAnyOrder("client-key", "secret", "client-type", "isbackoffice");
    assertThat(redaction.cookies()).containsExactly("mia_client_key");
    assertThat(redaction.valueHeaders()).isEmpty();
    assertThat(redaction.hidesValue("Authorization", "Bearer kw_x")).isFalse();
  }

  @Test
  void bearer_hidesBearerValuesOfAuthorizationOnly() {
    Redaction redaction = allowed(guard().keyExtractor(KeyExtractor.builder()
        .sources(List.of(KeySource.header("X-Api-Key"), KeySource.bearer())).build()).build());
    assertThat(redaction.headers()).containsExactlyInAnyOrder("x-api-key", "client-type", "isbackoffice");
    assertThat(redaction.valueHeaders()).containsExactly("authorization");
    assertThat(redaction.hidesValue("Authorization", "Bearer kw_x")).isTrue();
    assertThat(redaction.hidesValue("authorization", "bearer\tkw_x")).isTrue();
    assertThat(redaction.hidesValue("Authorization", "Basic dXNlcjpwdw==")).isFalse();
    assertThat(redaction.hidesValue("X-Other", "Bearer kw_x")).isFalse();
  }

  @Test
  void withoutCredentials_keepsOnlySpoofableHeaders_andIsShared() {
    AccessGuard guard = guard().backofficeDetector(BackofficeDetector.trustedHeader()).build();
    Redaction redaction = allowed(guard);
    assertThat(redaction).isSameAs(allowed(guard));
    Redaction spoofable = redaction.withoutCredentials();
    assertThat(spoofable.headers()).containsExactly("client-type");
    assertThat(spoofable.cookies()).isEmpty();
    assertThat(spoofable.valueHeaders()).isEmpty();
    assertThat(spoofable.withoutCredentials()).isSameAs(spoofable);
    assertThat(redaction.withoutCredentials()).isSameAs(spoofable);
  }

  @Test
  void toString_namesOnly() {
    assertThat(allowed(guard().build()).toString()).contains("client-key", "mia_client_key");
  }
}
