package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.extract.KeySource;
import dev.keywarden.extract.RequestView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a decision says the application (or a host's deny response writer) must not see. */
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
  void denial_carriesTheSameRedaction_everyKeySourceEvenInFirstFoundMode() {
    AccessGuard guard = guard().keyExtractor(KeyExtractor.builder()
        .sources(KeySource.header("X-Api-Key"), KeySource.cookie("session_key"), KeySource.header("secret"))
        .withBearer().rejectConflictingKeys(false).build()).build();
    AccessDecision decision = guard.decide(RequestView.builder("GET", "/nowhere").build());
    assertThat(decision).isInstanceOf(AccessDecision.Deny.class);
    Redaction redaction = ((AccessDecision.Deny) decision).redaction();
    assertThat(redaction.headers()).containsExactlyInAnyOrder("x-api-key", "secret", "client-type", "isbackoffice");
    assertThat(redaction.cookies()).containsExactly("session_key");
    assertThat(redaction.hidesValue("Authorization", "Bearer kw_x")).isTrue();
    assertThat(redaction).isSameAs(allowed(guard));
  }

  @Test
  void denial_equalsAHandMadeDenialOfTheSameCodeAndStatus_whateverItsRedaction() {
    AccessDecision decision = guard().build().decide(RequestView.builder("GET", "/nowhere").build());
    AccessDecision.Deny handMade = new AccessDecision.Deny(DenyCode.NO_MATCHING_RULE, 401);
    assertThat(decision).isEqualTo(handMade).hasSameHashCodeAs(handMade);
    assertThat(handMade.redaction().headers()).isEmpty();
    assertThat(decision).isNotEqualTo(new AccessDecision.Deny(DenyCode.NO_MATCHING_RULE, 403))
        .isNotEqualTo(new AccessDecision.Deny(DenyCode.UNAUTHORIZED, 401));
    assertThat(decision.toString()).doesNotContain("client-key");
  }

  @Test
  void toString_namesOnly() {
    assertThat(allowed(guard().build()).toString()).contains("client-key", "mia_client_key");
  }
}
