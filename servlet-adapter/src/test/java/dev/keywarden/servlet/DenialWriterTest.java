package dev.keywarden.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keywarden.ApiKey;
import dev.keywarden.KeyDigest;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.store.ApiKeyStoreException;
import dev.keywarden.store.InMemoryApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * A host's {@link DenialWriter} through a real container and a real HTTP client: it writes the
 * body, while the status and the headers the filter owns stay, and a writer that throws still
 * leaves the request refused. Run once per container by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DenialWriterTest {
  private static final String STORE_DOWN_KEY = "store-down-key";
  private static final String REFUSED_SECRET = "kw_refused-secret-9Q2";
  private EmbeddedContainer withDefault;
  private EmbeddedContainer withHostWriter;

  abstract String kind();

  private static AccessGuard guard() {
    InMemoryApiKeyStore keys = InMemoryApiKeyStore.of(List.of(ApiKey.builder().secret("web-key").clientType("web").build()));
    return AccessGuard.builder()
        .keyStore(digest -> {
          if (digest.equals(KeyDigest.of(STORE_DOWN_KEY))) {
            throw new ApiKeyStoreException("store unavailable");
          }
          return keys.findByDigest(digest);
        })
        .rule(EndpointRule.builder("GET", "/keyed").isPublic(true).apiKeyRequired(true).build())
        .build();
  }

  /**
   * The host's writer: plain text, and every attempt to change what the filter owns; on
   * {@code x-writer: throw} it fails, on {@code x-writer: partial} it fails after writing.
   */
  private static void hostWriter(jakarta.servlet.http.HttpServletRequest request,
      jakarta.servlet.http.HttpServletResponse response, DenialWriter.Denial denial) throws java.io.IOException {
    String mode = request.getHeader("x-writer");
    if ("throw".equals(mode)) {
      throw new IllegalStateException("writer bug quoting " + request.getHeader("client-key"));
    }
    response.setStatus(200);
    response.setHeader("Cache-Control", "public, max-age=600");
    response.setHeader("WWW-Authenticate", "Basic");
    response.setHeader("Retry-After", "0");
    response.setContentType("text/plain;charset=UTF-8");
    response.setHeader("X-Host", "yes");
    response.getOutputStream().write(("refused: " + denial.code() + " " + denial.status()).getBytes(StandardCharsets.UTF_8));
    if ("partial".equals(mode)) {
      throw new java.io.IOException("failed half-way");
    }
  }

  @BeforeAll
  void start() throws Exception {
    withDefault = EmbeddedContainer.start(kind(), KeywardenFilter.builder(guard()).build(), new EchoServlet());
    withHostWriter = EmbeddedContainer.start(kind(),
        KeywardenFilter.builder(guard()).realm("shop").denialWriter(DenialWriterTest::hostWriter).build(),
        new EchoServlet());
  }

  @AfterAll
  void stop() throws Exception {
    withDefault.close();
    withHostWriter.close();
  }

  @Test
  void defaultWriter_writesTheProblemJsonBytesOfBefore() throws Exception {
    Http.Response response = Http.get(withDefault.port(), "/keyed");
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("content-type")).isEqualToIgnoringCase("application/problem+json;charset=UTF-8");
    assertThat(response.body()).isEqualTo("{\"type\":\"https://keywarden.dev/problems/missing-api-key\","
        + "\"title\":\"Missing API key\",\"status\":401,\"detail\":\"This endpoint needs an API key.\","
        + "\"code\":\"missing-api-key\"}");
    assertThat(response.header("content-length")).isEqualTo(Integer.toString(response.body().length()));
  }

  @Test
  void hostWriter_writesTheBody_filterKeepsStatusAndItsHeaders() throws Exception {
    Http.Response response = Http.get(withHostWriter.port(), "/keyed");
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("refused: missing-api-key 401");
    assertThat(response.header("content-type")).startsWith("text/plain");
    assertThat(response.header("x-host")).isEqualTo("yes");
    assertThat(response.headers().get("www-authenticate")).containsExactly("ApiKey realm=\"shop\"");
    assertThat(response.headers().get("cache-control")).containsExactly("no-store");
    assertThat(response.reachedApplication()).isFalse();
  }

  @Test
  void hostWriter_on503_retryAfterStaysTheFilters() throws Exception {
    Http.Response response = Http.get(withHostWriter.port(), "/keyed", "client-key", STORE_DOWN_KEY);
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("refused: key-store-unavailable 503");
    assertThat(response.headers().get("retry-after")).containsExactly("5");
    assertThat(response.headers()).doesNotContainKey("www-authenticate");
  }

  @Test
  void hostWriterThrowing_requestStillRefused_withTheDefaultBody_logWithoutTheMessage() throws Exception {
    Logger filterLogger = (Logger) LoggerFactory.getLogger(KeywardenFilter.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    filterLogger.addAppender(logs);
    try {
      for (String mode : List.of("throw", "partial")) {
        refusedDespiteWriter(mode);
      }
    } finally {
      filterLogger.detachAppender(logs);
    }
    assertThat(logs.list).hasSize(2);
    for (ILoggingEvent event : logs.list) {
      assertThat(event.getFormattedMessage()).contains("denial writer failed")
          .doesNotContain(REFUSED_SECRET).doesNotContain("half-way");
      assertThat(event.getThrowableProxy()).isNull();
    }
  }

  private void refusedDespiteWriter(String mode) throws Exception {
    // An invalid key the throwing writer quotes in its exception's message.
    Http.Response response = Http.get(withHostWriter.port(), "/keyed", "x-writer", mode,
        "client-key", REFUSED_SECRET);
    assertThat(response.status()).as(mode).isEqualTo(401);
    assertThat(response.reachedApplication()).as(mode).isFalse();
    assertThat(response.header("content-type")).as(mode).startsWith("application/problem+json");
    assertThat(response.body()).as(mode).contains("\"code\":\"invalid-api-key\"").doesNotContain("refused:");
    assertThat(response.headers().get("www-authenticate")).as(mode).containsExactly("ApiKey realm=\"shop\"");
    assertThat(response.headers().get("cache-control")).as(mode).containsExactly("no-store");
  }

  @Test
  void allowedRequest_neverSeesTheWriter() throws Exception {
    Http.Response response = Http.get(withHostWriter.port(), "/keyed", "client-key", "web-key");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.reachedApplication()).isTrue();
  }
}
