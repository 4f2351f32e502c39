package dev.keywarden;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.BackofficeDetector;
import dev.keywarden.access.DenyCode;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.access.KeywardenConfig;
import dev.keywarden.access.UserResolver;
import dev.keywarden.expression.GroupExpression;
import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.extract.KeySource;
import dev.keywarden.store.CachingApiKeyStore;
import dev.keywarden.store.InMemoryApiKeyStore;
import dev.keywarden.store.KeyResolver;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12 item 8: a builder refuses a conflicting or repeated setting at once, with a short
 * lower-case message, instead of letting the last call silently win.
 */
class BuilderMisuseTest {
  private static final InMemoryApiKeyStore STORE = InMemoryApiKeyStore.empty();
  private static final KeyResolver RESOLVER = KeyResolver.of(STORE);
  private static final EndpointRule RULE = EndpointRule.builder("GET", "/a").build();

  static Stream<Arguments> misuses() {
    return Stream.of(
        // AccessGuard.Builder
        misuse("keyStore then keyResolver", () -> AccessGuard.builder().keyStore(STORE).keyResolver(RESOLVER),
            "key store and key resolver are mutually exclusive: the resolver has its own store"),
        misuse("keyResolver then keyStore", () -> AccessGuard.builder().keyResolver(RESOLVER).keyStore(STORE),
            "key store and key resolver are mutually exclusive: the resolver has its own store"),
        misuse("keyStore twice", () -> AccessGuard.builder().keyStore(STORE).keyStore(STORE),
            "key store was already set"),
        misuse("keyResolver twice", () -> AccessGuard.builder().keyResolver(RESOLVER).keyResolver(RESOLVER),
            "key resolver was already set"),
        misuse("config twice", () -> AccessGuard.builder().config(KeywardenConfig.empty()).config(KeywardenConfig.empty()),
            "configuration was already set"),
        misuse("keyExtractor twice",
            () -> AccessGuard.builder().keyExtractor(KeyExtractor.defaults()).keyExtractor(KeyExtractor.defaults()),
            "key extractor was already set"),
        misuse("defaultRule twice", () -> AccessGuard.builder().defaultRule(RULE).defaultRule(null),
            "default rule was already set"),
        misuse("userResolver twice",
            () -> AccessGuard.builder().userResolver(UserResolver.none()).userResolver(UserResolver.trustedHeaders()),
            "user resolver was already set"),
        misuse("backofficeDetector twice", () -> AccessGuard.builder().backofficeDetector(BackofficeDetector.never())
            .backofficeDetector(BackofficeDetector.trustedHeader()), "back-office detector was already set"),
        misuse("listener twice", () -> AccessGuard.builder().listener(e -> { }).listener(null),
            "listener was already set"),
        misuse("preflightPassThrough twice",
            () -> AccessGuard.builder().preflightPassThrough(true).preflightPassThrough(false),
            "preflight pass-through was already set"),
        misuse("status twice for one code", () -> AccessGuard.builder().status(DenyCode.INVALID_API_KEY, 403)
            .status(DenyCode.INVALID_API_KEY, 401), "status for invalid-api-key was already set"),
        // EndpointRule.Builder
        misuse("rule: public twice", () -> EndpointRule.builder("GET", "/a").isPublic(true).isPublic(false),
            "public flag was already set"),
        misuse("rule: apiKeyRequired twice",
            () -> EndpointRule.builder("GET", "/a").apiKeyRequired(true).apiKeyRequired(true),
            "api key required flag was already set"),
        misuse("rule: expression as text and parsed", () -> EndpointRule.builder("GET", "/a")
            .userGroupPermission("groups.a").userGroupPermission(GroupExpression.parse("true")),
            "user group permission was already set"),
        misuse("rule: back-office expression twice", () -> EndpointRule.builder("GET", "/a")
            .backofficeUserGroupPermission("groups.a").backofficeUserGroupPermission((String) null),
            "backoffice user group permission was already set"),
        // ApiKey.Builder
        misuse("key: secret then digest", () -> ApiKey.builder().secret("s1").digest(KeyDigest.of("s2")),
            "secret (or its digest) was already set"),
        misuse("key: secret twice", () -> ApiKey.builder().secret("s1").secret("s2"),
            "secret (or its digest) was already set"),
        misuse("key: clientType twice", () -> ApiKey.builder().clientType("web").clientType("mobile"),
            "client type was already set"),
        misuse("key: expiry as text then instant", () -> ApiKey.builder().expiresAt("2030-01-01T00:00:00Z")
            .expiresAt(java.time.Instant.EPOCH), "expiry was already set"),
        misuse("key: active twice", () -> ApiKey.builder().active(false).active(true), "active flag was already set"),
        misuse("key: id twice", () -> ApiKey.builder().id("a").id("b"), "id was already set"),
        misuse("key: description twice", () -> ApiKey.builder().description("a").description("b"),
            "description was already set"),
        misuse("key: checksum generators twice", () -> ApiKey.builder().checksumGenerators()
            .checksumGenerators(ApiKeyGenerator.defaultGenerator()), "checksum generators were already set"),
        // CachingApiKeyStore.Builder
        misuse("cache: ttl twice", () -> CachingApiKeyStore.builder(STORE).ttl(Duration.ofSeconds(1)).ttl(Duration.ofSeconds(2)),
            "ttl was already set"),
        misuse("cache: negative ttl twice", () -> CachingApiKeyStore.builder(STORE).negativeTtl(Duration.ofSeconds(1))
            .negativeTtl(Duration.ofSeconds(2)), "negative ttl was already set"),
        misuse("cache: maximum size twice", () -> CachingApiKeyStore.builder(STORE).maximumSize(1).maximumSize(2),
            "maximum size was already set"),
        misuse("cache: last known age twice", () -> CachingApiKeyStore.builder(STORE)
            .serveLastKnownOnFailure(Duration.ofSeconds(1)).serveLastKnownOnFailure(Duration.ofSeconds(2)),
            "last known answer age was already set"),
        misuse("cache: clock twice", () -> CachingApiKeyStore.builder(STORE).clock(Clock.systemUTC()).clock(Clock.systemUTC()),
            "clock was already set"),
        // KeyExtractor.Builder
        misuse("extractor: sources twice", () -> KeyExtractor.builder().sources(KeySource.header("a"))
            .sources(KeySource.header("b")), "key sources were already set"),
        misuse("extractor: bearer then sources (would drop the bearer)", () -> KeyExtractor.builder().withBearer()
            .sources(KeySource.header("a")), "withBearer() adds to the key sources: call it after sources(...)"),
        misuse("extractor: bearer twice", () -> KeyExtractor.builder().withBearer().withBearer(),
            "the bearer source was already added"),
        misuse("extractor: reject conflicting keys twice", () -> KeyExtractor.builder().rejectConflictingKeys(true)
            .rejectConflictingKeys(false), "reject conflicting keys was already set"),
        // KeyResolver.Builder
        misuse("resolver: clock twice", () -> KeyResolver.builder(STORE).clock(Clock.systemUTC()).clock(Clock.systemUTC()),
            "clock was already set"),
        misuse("resolver: checksum generators twice", () -> KeyResolver.builder(STORE).checksumGenerators()
            .checksumGenerators(ApiKeyGenerator.defaultGenerator()), "checksum generators were already set"));
  }

  private static Arguments misuse(String name, Runnable action, String message) {
    return Arguments.of(name, action, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misuses")
  void misuse_failsAtOnce_withAShortMessage(String name, Runnable action, String message) {
    assertThatThrownBy(action::run).isExactlyInstanceOf(IllegalStateException.class).hasMessage(message);
  }
}
