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
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
  private EmbeddedContainer withProbingWriter;
  private EmbeddedContainer withFailingHostComponent;

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
    if ("committed-then-throw".equals(mode)) {
      response.setContentType("text/plain;charset=UTF-8");
      String body = "refused: " + denial.code() + " " + denial.status();
      response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
      response.flushBuffer();
      throw new IllegalStateException("failed after committing");
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
    withFailingHostComponent = EmbeddedContainer.start(kind(), KeywardenFilter.builder(AccessGuard.builder()
        .userResolver(request -> {
          throw new IllegalStateException("user resolver down");
        })
        .rule(EndpointRule.builder("GET", "/x").build())
        .build()).denialWriter(DenialWriterTest::hostWriter).build(), new EchoServlet());
    withProbingWriter = EmbeddedContainer.start(kind(),
        KeywardenFilter.builder(guard()).realm("shop").denialWriter(DenialWriterTest::probingWriter).build(),
        new EchoServlet());
  }

  @AfterAll
  void stop() throws Exception {
    withDefault.close();
    withHostWriter.close();
    withProbingWriter.close();
    withFailingHostComponent.close();
  }

  @Test
  void hostComponentFailing_noDecisionToRedactBy_theDefaultBodyNotTheHostWriter() throws Exception {
    Http.Response response = Http.get(withFailingHostComponent.port(), "/x");
    assertThat(response.status()).isEqualTo(500);
    assertThat(response.header("content-type")).isEqualToIgnoringCase("application/problem+json;charset=UTF-8");
    assertThat(response.body()).contains("\"code\":\"internal-error\"").doesNotContain("refused:");
    assertThat(response.reachedApplication()).isFalse();
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

  // A writer that tries to reach the application, to leak what it sees, or fails in ways other
  // than an IOException or a RuntimeException (a review of the adapter found each of these).

  /** A marker a writer echoes: a leak of it is a leak of anything the writer saw. */
  private static final String NOTE = "note-Zx81";

  /** Throws any throwable, checked or not, from a method that declares none. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable throwable) throws T {
    throw (T) throwable;
  }

  /** The probing writer: what it does is the {@code x-writer} header's value. */
  private static void probingWriter(HttpServletRequest request, HttpServletResponse response,
      DenialWriter.Denial denial) throws IOException {
    String note = request.getHeader("x-note");
    try {
      switch (request.getHeader("x-writer")) {
        case "forward" -> request.getRequestDispatcher("/keyed").forward(request, response);
        case "include" -> request.getRequestDispatcher("/keyed").include(request, response);
        case "context-forward" -> request.getServletContext().getRequestDispatcher("/keyed").forward(request, response);
        case "named-forward" -> request.getServletContext().getNamedDispatcher("app").forward(request, response);
        case "other-context" -> request.getServletContext().getContext("/").getRequestDispatcher("/keyed")
            .forward(request, response);
        case "async" -> request.startAsync().dispatch("/keyed");
        case "unwrap-request" -> ((ServletRequestWrapper) request).getRequest().getRequestDispatcher("/keyed")
            .forward(request, response);
        case "unwrap-response" -> {
          HttpServletResponse raw = (HttpServletResponse) ((HttpServletResponseWrapper) response).getResponse();
          raw.setStatus(200);
          raw.setHeader("Cache-Control", "public");
          raw.getOutputStream().write(("ok " + note).getBytes(StandardCharsets.UTF_8));
          raw.flushBuffer();
        }
        case "assertion" -> throw new AssertionError("writer bug quoting " + note);
        case "sneaky" -> sneakyThrow(new Exception("checked, quoting " + note));
        case "writer-then-throw" -> {
          response.getWriter().print("half " + note);
          throw new IllegalStateException("failed quoting " + note);
        }
        case "headers-then-throw" -> {
          response.setHeader("X-Echo", note);
          response.setHeader("Content-Encoding", "gzip");
          throw new IllegalStateException("failed quoting " + note);
        }
        case "echo" -> echoRequest(request, response);
        default -> throw new IllegalArgumentException("unknown mode");
      }
    } catch (ServletException e) {
      throw new IOException(e);
    }
  }

  /** Writes what the writer sees of the request's credentials, one "name=value" per line. */
  private static void echoRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
    StringBuilder body = new StringBuilder();
    for (String header : List.of("client-key", "secret", "authorization", "cookie", "x-note", "origin")) {
      body.append(header).append('=').append(String.join(",", Collections.list(request.getHeaders(header))))
          .append('\n');
    }
    body.append("header-names=").append(String.join(",", Collections.list(request.getHeaderNames()))).append('\n');
    List<String> cookies = new ArrayList<>();
    for (Cookie cookie : request.getCookies() == null ? new Cookie[0] : request.getCookies()) {
      cookies.add(cookie.getName() + ":" + cookie.getValue());
    }
    body.append("cookies=").append(String.join(",", cookies)).append('\n');
    response.setContentType("text/plain;charset=UTF-8");
    response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static ListAppender<ILoggingEvent> captureFilterLog() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(KeywardenFilter.class)).addAppender(logs);
    return logs;
  }

  private static void release(ListAppender<ILoggingEvent> logs) {
    ((Logger) LoggerFactory.getLogger(KeywardenFilter.class)).detachAppender(logs);
  }

  /**
   * The request refused as it must be whatever the writer did: the default body, the filter's
   * headers and none of the writer's; the failure logged by its class alone.
   */
  private void assertRefusedWithTheDefaultBody(String mode, String failure) throws Exception {
    ListAppender<ILoggingEvent> logs = captureFilterLog();
    Http.Response response;
    try {
      response = Http.get(withProbingWriter.port(), "/keyed", "x-writer", mode, "x-note", NOTE,
          "client-key", REFUSED_SECRET);
    } finally {
      release(logs);
    }
    assertThat(response.status()).as(mode).isEqualTo(401);
    assertThat(response.reachedApplication()).as(mode).isFalse();
    assertThat(response.header("content-type")).as(mode).startsWith("application/problem+json");
    assertThat(response.body()).as(mode).isEqualTo("{\"type\":\"https://keywarden.dev/problems/invalid-api-key\","
        + "\"title\":\"Invalid API key\",\"status\":401,\"detail\":\"The API key presented is not valid.\","
        + "\"code\":\"invalid-api-key\"}");
    assertThat(response.headers().get("www-authenticate")).as(mode).containsExactly("ApiKey realm=\"shop\"");
    assertThat(response.headers().get("cache-control")).as(mode).containsExactly("no-store");
    assertThat(response.headers()).as(mode).doesNotContainKeys("x-echo", "content-encoding");
    assertThat(response.headers().toString()).as(mode).doesNotContain(NOTE).doesNotContain(REFUSED_SECRET);
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("denial writer failed ("
        + failure + ") answering 401 invalid-api-key; sending the default body instead");
    assertThat(logs.list.get(0).getThrowableProxy()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "forward, java.lang.IllegalStateException",
      "include, java.lang.IllegalStateException",
      "context-forward, java.lang.IllegalStateException",
      "named-forward, java.lang.IllegalStateException",
      "other-context, java.lang.IllegalStateException",
      "async, java.lang.IllegalStateException",
      "unwrap-request, java.lang.UnsupportedOperationException"})
  void hostWriterDispatching_neverReachesTheApplication_theDefaultBodyInstead(String mode, String failure)
      throws Exception {
    assertRefusedWithTheDefaultBody(mode, failure);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "assertion, java.lang.AssertionError",
      "sneaky, java.lang.Exception",
      "writer-then-throw, java.lang.IllegalStateException",
      "headers-then-throw, java.lang.IllegalStateException",
      "unwrap-response, java.lang.UnsupportedOperationException"})
  void hostWriterFailingAnyWay_theDefaultBody_withoutItsHeaders_logsTheClassOnly(String mode, String failure)
      throws Exception {
    assertRefusedWithTheDefaultBody(mode, failure);
  }

  @Test
  void hostWriterFailingAfterCommitting_isLeftAsItIs_andTheLogSaysSo() throws Exception {
    ListAppender<ILoggingEvent> logs = captureFilterLog();
    try {
      Http.Response response = Http.get(withHostWriter.port(), "/keyed", "x-writer", "committed-then-throw");
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.body()).isEqualTo("refused: missing-api-key 401");
    } finally {
      release(logs);
    }
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "denial writer failed (java.lang.IllegalStateException) answering 401 missing-api-key after committing "
            + "the response; it is left as it is");
  }

  @Test
  void hostWriter_seesTheRequestWithoutItsCredentials() throws Exception {
    Http.Response response = Http.get(withProbingWriter.port(), "/keyed", "x-writer", "echo", "x-note", NOTE,
        "client-key", REFUSED_SECRET, "secret", REFUSED_SECRET, "Authorization", "Bearer " + REFUSED_SECRET,
        "Cookie", "mia_client_key=" + REFUSED_SECRET + "; theme=dark", "Origin", "https://shop.example");
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).doesNotContain(REFUSED_SECRET);
    assertThat(response.echo("client-key")).isEmpty();
    assertThat(response.echo("secret")).isEmpty();
    assertThat(response.echo("authorization")).isEmpty();
    assertThat(response.echo("cookie")).isEqualTo("theme=dark");
    assertThat(response.echo("cookies")).isEqualTo("theme:dark");
    assertThat(response.echo("x-note")).isEqualTo(NOTE);
    assertThat(response.echo("origin")).isEqualTo("https://shop.example");
    assertThat(response.echo("header-names").toLowerCase(java.util.Locale.ROOT).split(","))
        .contains("x-note", "cookie", "origin").doesNotContain("client-key", "secret", "authorization");
  }
}
