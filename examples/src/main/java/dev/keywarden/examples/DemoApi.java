package dev.keywarden.examples;

import dev.keywarden.access.Caller;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The demo application behind the filter: answers every path with what Keywarden let through. */
final class DemoApi extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
    String path = request.getRequestURI();
    String body = "{\"ok\":true,\"path\":" + json(path)
        + ",\"clientType\":" + json(request.getHeader("client-type"))
        + ",\"keyId\":" + json(caller == null ? null : caller.keyId().orElse(null))
        + ",\"user\":" + json(caller == null ? null : caller.user().map(u -> u.id()).orElse(null))
        + ",\"backoffice\":" + (caller != null && caller.backoffice())
        + ",\"rule\":" + json(caller == null ? null : caller.rule().method() + " " + caller.rule().path()) + "}\n";
    response.setStatus(200);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }

  private static String json(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
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
}
