package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.ApiKey;
import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.extract.RequestView;
import dev.keywarden.store.ApiKeyStoreException;
import dev.keywarden.store.InMemoryApiKeyStore;
import dev.keywarden.store.InvalidKeyReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decision table of SPEC §6, row by row, on the core alone. */
class AccessGuardTest {
  private final InMemoryApiKeyStore store = InMemoryApiKeyStore.of(List.of(
      ApiKey.builder().secret("web-key").clientType("web").id("web1").build(),
      ApiKey.builder().secret("bar-key").clientType("bar").id("bar1").build(),
      ApiKey.builder().secret("off-key").clientType("web").active(false).build()));
  private final List<AccessEvent> events = new ArrayList<>();

  private AccessGuard.Builder guard() {
    return guard(store, events::add);
  }

  /** Builders refuse a second key store or listener, so tests that need others pass them here. */
  private AccessGuard.Builder guard(dev.keywarden.store.ApiKeyStore keyStore, AccessListener listener) {
    return AccessGuard.builder()
        .keyStore(keyStore)
        .userResolver(UserResolver.trustedHeaders())
        .listener(listener)
        .rule(EndpointRule.builder("GET", "/public").isPublic(true).build())
        .rule(EndpointRule.builder("GET", "/keyed").isPublic(true).apiKeyRequired(true).build())
        .rule(EndpointRule.builder("GET", "/login").build())
        .rule(EndpointRule.builder("GET", "/admin").userGroupPermission("groups.admin").build())
        .rule(EndpointRule.builder("GET", "/mia").isPublic(true)
            .userGroupPermission("groups.foo || clientType==\"bar\"").build())
        .rule(EndpointRule.builder("ALL", "/bo/**").isPublic(true)
            .userGroupPermission("false").backofficeUserGroupPermission("clientType == 'web'").build());
  }

  private static RequestView.Builder get(String path) {
    return RequestView.builder("GET", path);
  }

  private static void assertDenied(AccessDecision decision, DenyCode code, int status) {
    assertThat(decision).isEqualTo(new AccessDecision.Deny(code, status));
  }

  private static Caller allowed(AccessDecision decision) {
    assertThat(decision).isInstanceOf(AccessDecision.Allow.class);
    return ((AccessDecision.Allow) decision).caller();
  }

  @Test
  void row1_corsPreflight_passesThroughUntouched_unlessTurnedOff() {
    RequestView preflight = RequestView.builder("OPTIONS", "/admin").header("Origin", "https://x.example")
        .header("Access-Control-Request-Method", "GET").header("client-key", "wrong").build();
    AccessGuard passing = guard().build();
    AccessDecision passed = passing.decide(preflight);
    assertThat(passed).isInstanceOf(AccessDecision.PassThrough.class).isSameAs(passing.decide(preflight));
    // It keeps its credentials: only the spoofable headers are hidden.
    assertThat(((AccessDecision.PassThrough) passed).redaction().headers())
        .containsExactlyInAnyOrder("client-type", "isbackoffice");
    assertThat(((AccessDecision.PassThrough) passed).redaction().cookies()).isEmpty();
    assertThat(guard().preflightPassThrough(false).build().decide(preflight)).isInstanceOf(AccessDecision.Deny.class);
    RequestView plainOptions = RequestView.builder("OPTIONS", "/admin").header("Origin", "https://x.example").build();
    assertThat(guard().build().decide(plainOptions)).isInstanceOf(AccessDecision.Deny.class);
  }

  @Test
  void row2_conflictingKeys_are400() {
    AccessGuard g = guard().build();
    assertDenied(g.decide(get("/public").header("client-key", "web-key").header("client-key", "bar-key").build()),
        DenyCode.CONFLICTING_API_KEYS, 400);
    AccessGuard strict = guard().keyExtractor(KeyExtractor.builder().rejectConflictingKeys(true).build()).build();
    assertDenied(strict.decide(get("/public").header("client-key", "web-key").header("secret", "bar-key").build()),
        DenyCode.CONFLICTING_API_KEYS, 400);
  }

  @Test
  void row3_invalidKey_is401OnEveryRoute_publicOnesIncluded() {
    AccessGuard g = guard().build();
    for (String path : List.of("/public", "/keyed", "/login", "/mia", "/unmatched")) {
      assertDenied(g.decide(get(path).header("client-key", "wrong").build()), DenyCode.INVALID_API_KEY, 401);
    }
    assertDenied(g.decide(get("/public").header("client-key", "off-key").build()), DenyCode.INVALID_API_KEY, 401);
    assertDenied(g.decide(get("/public").header("client-key", "a b").build()), DenyCode.INVALID_API_KEY, 401);
    assertThat(events).extracting(AccessEvent::invalidKeyReason)
        .endsWith(InvalidKeyReason.INACTIVE, InvalidKeyReason.MALFORMED);
  }

  @Test
  void row4_storeUnavailable_is503_neverAnAllow() {
    AccessGuard g = guard(digest -> {
      throw new ApiKeyStoreException("down");
    }, events::add).build();
    assertDenied(g.decide(get("/public").header("client-key", "web-key").build()), DenyCode.KEY_STORE_UNAVAILABLE, 503);
    // Without a key the store is not needed.
    assertThat(g.decide(get("/public").build())).isInstanceOf(AccessDecision.Allow.class);
  }

  @Test
  void row5_apiKeyRequired_withoutKey_is401MissingApiKey() {
    AccessGuard g = guard().build();
    assertDenied(g.decide(get("/keyed").build()), DenyCode.MISSING_API_KEY, 401);
    assertThat(allowed(g.decide(get("/keyed").header("client-key", "web-key").build())).clientType()).contains("web");
  }

  @Test
  void row6_notPublic_withoutUser_is401AuthenticationRequired_evenWithAValidKey() {
    AccessGuard g = guard().build();
    assertDenied(g.decide(get("/login").build()), DenyCode.AUTHENTICATION_REQUIRED, 401);
    assertDenied(g.decide(get("/login").header("client-key", "web-key").build()), DenyCode.AUTHENTICATION_REQUIRED, 401);
    assertThat(allowed(g.decide(get("/login").header("miauserid", "u1").build())).user()).map(User::id).contains("u1");
  }

  @Test
  void rows7and8_falseExpression_is401ForAnonymous_403ForAnIdentifiedCaller() {
    AccessGuard g = guard().build();
    assertDenied(g.decide(get("/mia").build()), DenyCode.UNAUTHORIZED, 401);
    assertDenied(g.decide(get("/mia").header("client-key", "web-key").build()), DenyCode.FORBIDDEN, 403);
    assertDenied(g.decide(get("/mia").header("miauserid", "u1").header("miausergroups", "other").build()),
        DenyCode.FORBIDDEN, 403);
    assertDenied(g.decide(get("/admin").header("miauserid", "u1").build()), DenyCode.FORBIDDEN, 403);
  }

  @Test
  void miaPlatformWorkedExample_threeCallsThreeAnswers() {
    AccessGuard g = guard().build();
    assertDenied(g.decide(get("/mia").build()), DenyCode.UNAUTHORIZED, 401);
    Caller member = allowed(g.decide(get("/mia").header("miauserid", "alice").header("miausergroups", "foo").build()));
    assertThat(member.user()).map(User::id).contains("alice");
    Caller client = allowed(g.decide(get("/mia").header("client-key", "bar-key").build()));
    assertThat(client.clientType()).contains("bar");
    assertThat(client.keyId()).contains("bar1");
    assertThat(client.user()).isEmpty();
  }

  @Test
  void row9_allow_describesTheCaller() {
    AccessGuard g = guard().build();
    Caller caller = allowed(g.decide(get("/admin").header("miauserid", "root")
        .header("miausergroups", "users, admin").header("client-key", "web-key").build()));
    assertThat(caller.clientType()).contains("web");
    assertThat(caller.keyId()).contains("web1");
    assertThat(caller.rule().path()).isEqualTo("/admin");
    assertThat(caller.backoffice()).isFalse();
    assertThat(caller.toString()).doesNotContain("web-key");
  }

  @Test
  void noMatchingRule_failsClosed_orUsesTheDefaultRule() {
    assertDenied(guard().build().decide(get("/nowhere").build()), DenyCode.NO_MATCHING_RULE, 401);
    AccessGuard withDefault = guard().defaultRule(EndpointRule.builder("ALL", "/**").isPublic(true).build()).build();
    assertThat(withDefault.decide(get("/nowhere").build())).isInstanceOf(AccessDecision.Allow.class);
    assertDenied(guard().build().decide(RequestView.builder("PATCH", "/public").build()), DenyCode.NO_MATCHING_RULE, 401);
  }

  // Finding F1 of the external review: a non-standard method matched no rule and took the public
  // default rule, though "ALL /admin" should have covered it.
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"get", "Get", "delete", "FOO", "PROPFIND", "PURGE", "TRACE"})
  void nonStandardMethod_isRejected_orJudgedByTheAllRule_neverByTheDefaultRule(String method) {
    EndpointRule publicDefault = EndpointRule.builder("ALL", "/**").isPublic(true).build();
    EndpointRule staff = EndpointRule.builder("ALL", "/staff/**").build();
    AccessGuard strict = guard().rule(staff).defaultRule(publicDefault).build();
    assertDenied(strict.decide(RequestView.builder(method, "/staff/x").build()), DenyCode.REJECTED_REQUEST, 400);
    AccessGuard allowing = guard().rule(staff).defaultRule(publicDefault)
        .firewall(RequestFirewall.builder().allow(RequestFirewall.Category.NONSTANDARD_METHOD).build()).build();
    assertDenied(allowing.decide(RequestView.builder(method, "/staff/x").build()), DenyCode.AUTHENTICATION_REQUIRED, 401);
  }

  @Test
  void backoffice_usesTheBackofficeExpression_onlyWhenTheDetectorSaysSo() {
    RequestView claimed = get("/bo/x").header("isbackoffice", "true").header("client-key", "web-key").build();
    assertDenied(guard().build().decide(claimed), DenyCode.FORBIDDEN, 403);
    Caller caller = allowed(guard().backofficeDetector(BackofficeDetector.trustedHeader()).build().decide(claimed));
    assertThat(caller.backoffice()).isTrue();
    AccessGuard byPrefix = guard().backofficeDetector(BackofficeDetector.pathPrefix("/bo")).build();
    assertThat(byPrefix.decide(get("/bo/y").header("client-key", "web-key").build())).isInstanceOf(AccessDecision.Allow.class);
    AccessGuard byPort = guard().backofficeDetector(BackofficeDetector.localPort(9090)).build();
    assertThat(byPort.decide(get("/bo/y").header("client-key", "web-key").localPort(9090).build()))
        .isInstanceOf(AccessDecision.Allow.class);
    assertDenied(byPort.decide(get("/bo/y").header("client-key", "web-key").localPort(8080).build()), DenyCode.FORBIDDEN, 403);
  }

  @Test
  void backofficeDetectors_shippedKinds() {
    BackofficeDetector header = BackofficeDetector.trustedHeader();
    // Only the trusted header detector lets the application see a client-sent isbackoffice.
    RequestView keyed = get("/public").build();
    assertThat(((AccessDecision.Allow) guard().backofficeDetector(header).build().decide(keyed)).redaction().headers())
        .doesNotContain("isbackoffice");
    assertThat(((AccessDecision.Allow) guard().backofficeDetector(BackofficeDetector.never()).build().decide(keyed))
        .redaction().headers()).contains("isbackoffice");
    for (String yes : List.of("1", "true", "t", "TRUE", "T")) {
      assertThat(header.isBackoffice(get("/").header("isbackoffice", yes).build())).as(yes).isTrue();
    }
    for (String no : List.of("0", "false", "yes", "")) {
      assertThat(header.isBackoffice(get("/").header("isbackoffice", no).build())).as(no).isFalse();
    }
    BackofficeDetector prefix = BackofficeDetector.pathPrefix("/backoffice");
    assertThat(prefix.isBackoffice(get("/backoffice").build())).isTrue();
    assertThat(prefix.isBackoffice(get("/backoffice/x").build())).isTrue();
    assertThat(prefix.isBackoffice(get("/backofficex").build())).isFalse();
    // Nothing is normalised: the guard refuses such a path before any detector sees it.
    assertThat(prefix.isBackoffice(get("/x/../backoffice/y").build())).isFalse();
  }

  @Test
  void userResolvers_shippedKinds() {
    User stored = User.of("stored", java.util.Set.of("g"), java.util.Set.of("p"));
    assertThat(UserResolver.none().resolve(get("/").header("miauserid", "x").build())).isEmpty();
    assertThat(UserResolver.requestAttribute("user").resolve(get("/").attribute("user", stored).build())).contains(stored);
    assertThat(UserResolver.requestAttribute("user").resolve(get("/").attribute("user", "not a user").build())).isEmpty();
    User principal = UserResolver.containerPrincipal().resolve(get("/").principal("bob", "admin").build()).orElseThrow();
    assertThat(principal.id()).isEqualTo("bob");
    assertThat(principal.hasGroup("admin")).isTrue();
    assertThat(principal.hasGroup("other")).isFalse();
    assertThat(UserResolver.containerPrincipal().resolve(get("/").build())).isEmpty();
    User mia = UserResolver.trustedHeaders().resolve(get("/").header("MiaUserId", "carol")
        .header("miausergroups", "a, b,,c ").build()).orElseThrow();
    assertThat(mia.hasGroup("a") && mia.hasGroup("b") && mia.hasGroup("c")).isTrue();
    assertThat(mia.hasGroup("")).isFalse();
    assertThat(UserResolver.trustedHeaders().resolve(get("/").header("miausergroups", "admin").build())).isEmpty();
    assertThat(UserResolver.trustedHeaders().resolve(get("/").header("miauserid", " ").build())).isEmpty();
    assertThat(UserResolver.trustedHeaders().resolve(get("/").header("miauserid", "a").header("miauserid", "b").build()))
        .isEmpty();
  }

  @Test
  void statuses_areConfigurable() {
    AccessGuard envoyLike = guard().status(DenyCode.INVALID_API_KEY, 403).build();
    assertDenied(envoyLike.decide(get("/public").header("client-key", "wrong").build()), DenyCode.INVALID_API_KEY, 403);
  }

  @Test
  void listener_seesEveryDecisionWithItsDetails() {
    AccessGuard g = guard().build();
    g.decide(get("/mia").header("client-key", "bar-key").build());
    g.decide(get("/mia").build());
    g.decide(RequestView.builder("OPTIONS", "/x").header("Origin", "o").header("Access-Control-Request-Method", "GET").build());
    assertThat(events).hasSize(3);
    AccessEvent allowed = events.get(0);
    assertThat(allowed.outcome()).isEqualTo(AccessEvent.Outcome.ALLOWED);
    assertThat(allowed.clientType()).isEqualTo("bar");
    assertThat(allowed.keyId()).isEqualTo("bar1");
    assertThat(allowed.rule().path()).isEqualTo("/mia");
    assertThat(allowed.elapsedNanos()).isPositive();
    assertThat(allowed.toString()).doesNotContain("bar-key");
    AccessEvent denied = events.get(1);
    assertThat(denied.outcome()).isEqualTo(AccessEvent.Outcome.DENIED);
    assertThat(denied.code()).isEqualTo(DenyCode.UNAUTHORIZED);
    assertThat(denied.status()).isEqualTo(401);
    assertThat(events.get(2).outcome()).isEqualTo(AccessEvent.Outcome.PASSED_THROUGH);
  }

  @Test
  void events_keepTheKeyId_ofInactiveAndExpiredKeys() {
    InMemoryApiKeyStore keys = InMemoryApiKeyStore.of(List.of(
        ApiKey.builder().secret("off-key").clientType("web").id("off1").active(false).build(),
        ApiKey.builder().secret("old-key").clientType("web").id("old1").expiresAt("2020-01-01T00:00:00Z").build()));
    AccessGuard g = AccessGuard.builder().keyStore(keys).listener(events::add)
        .rule(EndpointRule.builder("GET", "/public").isPublic(true).build()).build();
    for (String key : List.of("off-key", "old-key", "unknown-key")) {
      assertDenied(g.decide(get("/public").header("client-key", key).build()), DenyCode.INVALID_API_KEY, 401);
    }
    assertThat(events).extracting(AccessEvent::invalidKeyReason, AccessEvent::keyId, AccessEvent::clientType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(InvalidKeyReason.INACTIVE, "off1", null),
            org.assertj.core.groups.Tuple.tuple(InvalidKeyReason.EXPIRED, "old1", null),
            org.assertj.core.groups.Tuple.tuple(InvalidKeyReason.UNKNOWN, null, null));
    assertThat(events).allSatisfy(e -> assertThat(e.toString()).doesNotContain("off-key").doesNotContain("old-key"));
  }

  @Test
  void failingListener_doesNotChangeTheDecision() {
    AccessGuard g = guard(store, e -> {
      throw new IllegalStateException("listener bug");
    }).build();
    assertThat(g.decide(get("/public").build())).isInstanceOf(AccessDecision.Allow.class);
  }

  // --- issue 11: the firewall is step 0 ------------------------------------------------------

  @Test
  void firewall_refusesBeforeAnythingElse_evenAPreflightOrAnInvalidKey() {
    AccessGuard g = guard().build();
    RequestView preflight = RequestView.builder("OPTIONS", "/admin").rawPath("/x/..;/admin")
        .header("Origin", "https://x.example").header("Access-Control-Request-Method", "GET").build();
    assertDenied(g.decide(preflight), DenyCode.REJECTED_REQUEST, 400);
    assertDenied(g.decide(get("/public").rawPath("/public;x").header("client-key", "wrong").build()),
        DenyCode.REJECTED_REQUEST, 400);
  }

  @Test
  void firewall_allowingACategory_stillNeverMatchesANonCanonicalPath() {
    AccessGuard lax = guard().firewall(RequestFirewall.builder()
        .allow(RequestFirewall.Category.SEMICOLON, RequestFirewall.Category.DOT_SEGMENT,
            RequestFirewall.Category.EMPTY_SEGMENT, RequestFirewall.Category.PATH_MISMATCH).build())
        .defaultRule(EndpointRule.builder("ALL", "/**").isPublic(true).build()).build();
    // A host allowing these categories still gets no guess: the path is refused, not normalised
    // and not given the public default rule.
    for (String path : List.of("/x/../admin", "//admin", "/x/..;/admin", "/admin;x")) {
      assertDenied(lax.decide(get(path).build()), DenyCode.REJECTED_REQUEST, 400);
    }
    assertThat(lax.decide(get("/public").rawPath("/public;jsessionid=1").build()))
        .isInstanceOf(AccessDecision.Allow.class);
  }

  @Test
  void percentEncodedLetters_decodeUnambiguously_andAreJudgedAsDecoded() {
    AccessGuard g = guard().build();
    assertDenied(g.decide(get("/admin").rawPath("/%61dmin").build()), DenyCode.AUTHENTICATION_REQUIRED, 401);
    assertThat(g.decide(get("/public").rawPath("/%70ublic").build())).isInstanceOf(AccessDecision.Allow.class);
  }

  // --- issue 12 item 12: every detail says what really happened -------------------------------

  @Test
  void detailTexts_areAccuratePerCode() {
    assertThat(DenyCode.NO_MATCHING_RULE.detail()).contains("No access rule").doesNotContainIgnoringCase("needs");
    assertThat(DenyCode.UNAUTHORIZED.detail()).contains("anonymous");
    assertThat(DenyCode.MISSING_API_KEY.detail()).contains("API key");
    assertThat(DenyCode.AUTHENTICATION_REQUIRED.detail()).contains("logged-in user");
    assertThat(DenyCode.REJECTED_REQUEST.detail()).contains("ambiguous or malformed");
    assertThat(java.util.Arrays.stream(DenyCode.values()).map(DenyCode::detail).distinct()).hasSize(DenyCode.values().length);
    // Codes are those of the SPEC §6 table; a miss shares `unauthorized`, every other code is distinct.
    assertThat(DenyCode.NO_MATCHING_RULE.code()).isEqualTo("unauthorized");
    assertThat(java.util.Arrays.stream(DenyCode.values()).map(DenyCode::code).distinct()).hasSize(DenyCode.values().length - 1);
    // A caller with a valid key on an unconfigured path is not told that credentials are missing.
    AccessDecision miss = guard().build().decide(get("/nowhere").header("client-key", "bar-key").build());
    assertThat(((AccessDecision.Deny) miss).code()).isEqualTo(DenyCode.NO_MATCHING_RULE);
  }
}
