package dev.keywarden.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.BackofficeDetector;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.extract.KeySource;
import dev.keywarden.store.InMemoryApiKeyStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What a host denial writer is not shown: every key source of the guard, learnt without calling
 * a host component or logging a rule miss.
 */
class CredentialNamesTest {

  @Test
  void of_readsEveryKeySource_evenInFirstFoundMode() {
    AccessGuard guard = AccessGuard.builder().keyStore(InMemoryApiKeyStore.empty())
        .keyExtractor(KeyExtractor.builder()
            .sources(KeySource.header("X-Api-Key"), KeySource.cookie("session_key"), KeySource.header("secret"))
            .withBearer().rejectConflictingKeys(false).build())
        .rule(EndpointRule.builder("ALL", "/**").isPublic(true).build())
        .build();
    CredentialNames names = CredentialNames.of(guard);
    assertThat(names.headers()).containsExactlyInAnyOrder("x-api-key", "secret", "authorization");
    assertThat(names.cookies()).containsExactly("session_key");
  }

  @Test
  void of_callsNoHostComponent_andLogsNoRuleMiss() {
    AtomicInteger hostCalls = new AtomicInteger();
    BackofficeDetector detector = request -> {
      hostCalls.incrementAndGet();
      return false;
    };
    AccessGuard guard = AccessGuard.builder().keyStore(digest -> {
      hostCalls.incrementAndGet();
      return Optional.empty();
    })
        .userResolver(request -> {
          hostCalls.incrementAndGet();
          return Optional.empty();
        })
        .backofficeDetector(detector)
        .listener(event -> hostCalls.incrementAndGet())
        .rule(EndpointRule.builder("GET", "/only/here").isPublic(true).build()) // "/" matches no rule
        .build();
    Logger guardLogger = (Logger) LoggerFactory.getLogger(AccessGuard.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    guardLogger.addAppender(logs);
    CredentialNames names;
    try {
      names = CredentialNames.of(guard);
    } finally {
      guardLogger.detachAppender(logs);
    }
    assertThat(names.headers()).containsExactlyInAnyOrder("client-key", "secret");
    assertThat(names.cookies()).containsExactly("mia_client_key");
    assertThat(hostCalls).hasValue(0);
    assertThat(logs.list).noneMatch(event -> event.getFormattedMessage().contains("no endpoint rule"));
  }
}
