package dev.keywarden.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keywarden.access.Caller;
import dev.keywarden.access.User;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The demo application behind the filter: answers every path with what Keywarden let through. */
final class DemoApi extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
    ObjectNode body = JSON.createObjectNode()
        .put("ok", true)
        .put("path", request.getRequestURI())
        .put("clientType", request.getHeader("client-type"))
        .put("keyId", caller == null ? null : caller.keyId().orElse(null))
        .put("user", caller == null ? null : caller.user().map(User::id).orElse(null))
        .put("backoffice", caller != null && caller.backoffice())
        .put("rule", caller == null ? null : caller.rule().method() + " " + caller.rule().path());
    response.setStatus(200);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write((JSON.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
