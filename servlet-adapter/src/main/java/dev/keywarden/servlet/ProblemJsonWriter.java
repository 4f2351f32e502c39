package dev.keywarden.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@link DenialWriter#problemJson()}: the RFC 9457 body, written by hand (no JSON library in the adapter). */
final class ProblemJsonWriter implements DenialWriter {
  static final ProblemJsonWriter INSTANCE = new ProblemJsonWriter();

  private ProblemJsonWriter() {}

  @Override
  public void write(HttpServletRequest request, HttpServletResponse response, Denial denial) throws IOException {
    response.setContentType(KeywardenFilter.PROBLEM_JSON);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    String code = denial.code();
    byte[] body = ("{\"type\":" + json(KeywardenFilter.PROBLEM_TYPE_PREFIX + code)
        + ",\"title\":" + json(denial.title()) + ",\"status\":" + denial.status()
        + ",\"detail\":" + json(denial.detail()) + ",\"code\":" + json(code) + "}")
        .getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    if (!"HEAD".equals(request.getMethod())) {
      response.getOutputStream().write(body);
    }
  }

  private static String json(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  @Override
  public String toString() {
    return "DenialWriter.problemJson()";
  }
}
