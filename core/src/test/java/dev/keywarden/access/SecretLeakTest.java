package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyDefinition;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.KeyDigest;
import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.extract.RequestView;
import dev.keywarden.store.ApiKeyStoreException;
import dev.keywarden.store.CachingApiKeyStore;
import dev.keywarden.store.InMemoryApiKeyStore;
import dev.keywarden.store.KeyResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs every core path a secret travels (configuration, validation, storage, caching,
 * extraction, resolution, the decision, failures) with TRACE logging captured, and checks that
 * neither a secret nor a full digest appears in any log line, exception message or
 * {@code toString()}.
 */
class SecretLeakTest {
  private static final String SECRET = "LeakCanary-7f3a9c2e1b";
  private static final String DUPLICATE = "LeakCanary-dup-5511";
  private static final String MALFORMED = "LeakCanary bad-with-space";
  private static final String WRONG = "LeakCanary-wrong-8080";

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final List<String> texts = new ArrayList<>();
  private Logger root;
  private Level previous;

  @BeforeEach
  void captureEverything() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    previous = root.getLevel();
    root.setLevel(Level.TRACE);
    appender.start();
    root.addAppender(appender);
  }

  @AfterEach
  void restore() {
    root.detachAppender(appender);
    root.setLevel(previous);
  }

  private void collect(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      texts.add(String.valueOf(c.getMessage()));
      texts.add(c.toString());
    }
  }

  @Test
  void noSecretOrDigest_inLogsExceptionsOrToString() throws Exception {
    ApiKey key = ApiKey.builder().secret(SECRET).clientType("web").build();
    texts.add(key.toString());
    texts.add(key.toBuilder().toString());
    texts.add(new ApiKeyDefinition(SECRET, null, "web", true, null, null, null).toString());
    texts.add(key.digest().toString());

    // Validation errors about secrets.
    try {
      ApiKey.builder().secret(MALFORMED).clientType("bad type").build();
    } catch (InvalidConfigurationException e) {
      collect(e);
    }
    try {
      ApiKey.builder().secret("x".repeat(600) + SECRET).clientType("web").build();
    } catch (InvalidConfigurationException e) {
      collect(e);
    }
    // Configuration with a duplicate secret and a bad one.
    KeywardenConfig config = new ObjectMapper().readValue("{\"apiKeys\":[{\"secret\":\"" + DUPLICATE
        + "\",\"clientType\":\"web\"},{\"secret\":\"" + DUPLICATE + "\",\"clientType\":\"web\"},{\"secret\":\""
        + MALFORMED + "\",\"clientType\":\"web\"}]}", KeywardenConfig.class);
    texts.add(config.toString());
    config.check().problems().forEach(problem -> texts.add(problem.toString()));
    try {
      AccessGuard.builder().config(config).build();
    } catch (InvalidConfigurationException e) {
      collect(e);
    }

    // Storage, management errors, caching, a failing store.
    InMemoryApiKeyStore store = InMemoryApiKeyStore.of(List.of(key));
    try {
      store.create(ApiKey.builder().secret(SECRET).clientType("web").id("other").build());
    } catch (RuntimeException e) {
      collect(e);
    }
    AtomicBoolean down = new AtomicBoolean();
    CachingApiKeyStore cache = CachingApiKeyStore.builder(digest -> {
      if (down.get()) {
        throw new ApiKeyStoreException("store down");
      }
      return store.findByDigest(digest);
    }).serveLastKnownOnFailure(Duration.ofMinutes(1)).build();
    texts.add(cache.toString());

    // Extraction, resolution and decisions for valid, wrong, malformed and conflicting keys.
    AccessGuard guard = AccessGuard.builder()
        .keyResolver(KeyResolver.of(cache))
        .keyExtractor(KeyExtractor.builder().withBearer().build())
        .userResolver(UserResolver.trustedHeaders())
        .listener(event -> texts.add(event.toString()))
        .rule(EndpointRule.builder("GET", "/x").isPublic(true).build())
        .build();
    for (String presented : List.of(SECRET, WRONG, MALFORMED)) {
      texts.add(guard.decide(RequestView.builder("GET", "/x").header("client-key", presented).build()).toString());
      texts.add(guard.decide(RequestView.builder("GET", "/nowhere").cookie("mia_client_key", presented).build()).toString());
      texts.add(guard.decide(RequestView.builder("GET", "/x").header("Authorization", "Bearer " + presented).build()).toString());
      texts.add(KeyReader.read(KeyExtractor.defaults(), RequestView.builder("GET", "/x").header("secret", presented).build())
          .toString());
    }
    texts.add(guard.decide(RequestView.builder("GET", "/x").header("client-key", SECRET).header("client-key", WRONG)
        .build()).toString());
    down.set(true);
    texts.add(guard.decide(RequestView.builder("GET", "/x").header("client-key", SECRET).build()).toString());
    texts.add(guard.decide(RequestView.builder("GET", "/x").header("client-key", WRONG + "2").build()).toString());

    for (ILoggingEvent event : appender.list) {
      texts.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        texts.add(event.getThrowableProxy().getMessage());
      }
    }
    assertThat(appender.list).as("the run logs something to check").isNotEmpty();
    assertThat(texts).hasSizeGreaterThan(30);
    for (String secret : List.of(SECRET, DUPLICATE, MALFORMED, WRONG, "LeakCanary")) {
      for (String text : texts) {
        assertThat(text).as("a text leaks a secret").doesNotContain(secret);
      }
    }
    for (String digest : List.of(KeyDigest.of(SECRET).hex(), KeyDigest.of(WRONG).hex(), KeyDigest.of(DUPLICATE).hex())) {
      for (String text : texts) {
        assertThat(text).as("a text leaks a full digest").doesNotContain(digest);
      }
    }
  }

  @Test
  void failingListener_isLoggedByExceptionClassOnly_neverItsMessage() {
    // A listener's message may quote the request it was given (a path, a header, a key).
    AccessGuard guard = AccessGuard.builder()
        .listener(event -> {
          throw new IllegalStateException("listener saw " + event.path() + " and " + SECRET);
        })
        .rule(EndpointRule.builder("GET", "/x/**").isPublic(true).build())
        .build();
    guard.decide(RequestView.builder("GET", "/x/private-path").header("client-key", SECRET).build());

    List<String> failures = appender.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(line -> line.startsWith("access listener failed")).toList();
    assertThat(failures).containsExactly("access listener failed: java.lang.IllegalStateException");
    assertThat(appender.list).allSatisfy(event -> {
      assertThat(event.getFormattedMessage()).doesNotContain(SECRET);
      assertThat(event.getThrowableProxy()).as("no stack trace, whose message is the listener's").isNull();
    });
  }
}
