package dev.keywarden.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.servlet.DenialWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;

/**
 * A host {@link DenialWriter} bean writes the body of every refusal, through the real embedded
 * server and a real HTTP client; the status, {@code WWW-Authenticate} and
 * {@code Cache-Control} stay the filter's, and a writer that throws leaves the request refused.
 */
@SpringBootTest(classes = {TestApplication.class, DenialWriterBeanTest.HostWriter.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("table")
class DenialWriterBeanTest {
  @Value("${local.server.port}")
  int port;

  @Test
  void hostWriter_writesTheBody_statusAndHeadersStay() {
    HttpResponse<String> response = new Http(port).get("/api/orders/1");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("no: missing-api-key");
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
        .startsWith("text/plain"));
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value)
        .startsWith("ApiKey realm="));
    assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
  }

  @Test
  void hostWriterThrowing_stillRefused_withTheDefaultProblem() {
    HttpResponse<String> response = new Http(port).get("/api/orders/1", "x-writer", "throw");
    assertThat(response.statusCode()).isEqualTo(401);
    DecisionTableTest.assertProblem(response, 401, "missing-api-key");
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class HostWriter {
    @Bean
    DenialWriter plainTextDenials() {
      return (request, response, denial) -> {
        if ("throw".equals(request.getHeader("x-writer"))) {
          throw new IllegalStateException("host writer bug");
        }
        response.setStatus(200);
        response.setHeader("Cache-Control", "max-age=60");
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(("no: " + denial.code()).getBytes(StandardCharsets.UTF_8));
      };
    }
  }
}
