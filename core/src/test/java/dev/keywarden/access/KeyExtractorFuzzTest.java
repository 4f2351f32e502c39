package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keywarden.ApiKey;
import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.extract.RequestView;
import java.util.List;

/**
 * Fuzzes key extraction and the whole decision with arbitrary headers and cookies: the outcome
 * is always a value (never an exception), a presented key is always one of the values sent, and
 * nothing malformed is ever allowed as a key.
 */
class KeyExtractorFuzzTest {
  private static final String[] NAMES = {"client-key", "CLIENT-KEY", "secret", "Secret", "authorization",
      "miauserid", "miausergroups", "isbackoffice", "origin", "access-control-request-method", "x-other"};
  private static final AccessGuard GUARD = AccessGuard.builder()
      .keyExtractor(KeyExtractor.builder().withBearer().build())
      .config(new KeywardenConfig(List.of(
          new dev.keywarden.ApiKeyDefinition("good-key", null, "web", true, null, null, null)), List.of()))
      .userResolver(UserResolver.trustedHeaders())
      .rule(EndpointRule.builder("ALL", "/**").isPublic(true).build())
      .rule(EndpointRule.builder("GET", "/keyed/**").isPublic(true).apiKeyRequired(true).build())
      .build();
  private static final KeyExtractor STRICT = KeyExtractor.builder().withBearer().rejectConflictingKeys(true).build();

  @FuzzTest(maxDuration = "30s")
  void extract(FuzzedDataProvider data) {
    RequestView.Builder builder = RequestView.builder(data.pickValue(new String[] {"GET", "OPTIONS", "POST", "TRACE"}),
        data.pickValue(new String[] {"/", "/keyed/x", "/other"}));
    int count = data.consumeInt(0, 8);
    java.util.List<String> sent = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      String value = data.consumeString(64);
      sent.add(value);
      if (data.consumeBoolean()) {
        builder.header(data.pickValue(NAMES), value);
      } else {
        builder.cookie(data.pickValue(new String[] {"mia_client_key", "MIA_CLIENT_KEY", "other"}), value);
      }
    }
    RequestView request = builder.build();
    for (KeyExtractor extractor : List.of(KeyExtractor.defaults(), STRICT)) {
      Extraction extraction = KeyReader.read(extractor, request);
      assertThat(extraction).isNotNull();
      if (extraction instanceof Extraction.Presented presented) {
        assertThat(presented.secret()).isNotBlank();
        // A value as sent, or what follows the Bearer scheme (any case): after its one space, or
        // with whatever other separator came instead (which the resolver refuses as malformed).
        String secret = presented.secret();
        assertThat(sent).anyMatch(v -> v.equals(secret) || v.regionMatches(true, 0, "bearer", 0, 6)
            && (v.substring(6).equals(secret) || v.startsWith(" ", 6) && v.substring(7).equals(secret)));
      }
    }
    AccessDecision decision = GUARD.decide(request);
    assertThat(decision).isNotNull();
    if (decision instanceof AccessDecision.Allow allow && allow.caller().keyId().isPresent()) {
      // The only valid key is good-key: sent as such, or after the Bearer scheme (any case).
      assertThat(sent).anyMatch(v -> v.equals("good-key") || v.equalsIgnoreCase("bearer good-key")
          && v.endsWith(" good-key"));
      assertThat(ApiKey.isWellFormedSecret("good-key")).isTrue();
    }
  }
}
