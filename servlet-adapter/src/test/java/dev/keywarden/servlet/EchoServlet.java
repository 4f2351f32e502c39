package dev.keywarden.servlet;

import dev.keywarden.access.Caller;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The protected application: answers 200 with what it sees, one "name=value" per line. */
final class EchoServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    StringBuilder body = new StringBuilder("reached=true\n");
    body.append("path=").append(ServletRequestView.pathOf(request)).append('\n');
    for (String header : List.of("client-type", "client-key", "secret", "isbackoffice", "authorization", "cookie",
        "x-other")) {
      body.append(header).append('=').append(String.join(",", Collections.list(request.getHeaders(header))))
          .append('\n');
    }
    List<String> names = new ArrayList<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      names.add(name.toLowerCase());
    }
    body.append("header-names=").append(String.join(",", names)).append('\n');
    List<String> cookies = new ArrayList<>();
    if (request.getCookies() != null) {
      for (Cookie cookie : request.getCookies()) {
        cookies.add(cookie.getName() + ":" + cookie.getValue());
      }
    }
    body.append("cookies=").append(String.join(",", cookies)).append('\n');
    Object caller = request.getAttribute(Caller.ATTRIBUTE);
    if (caller instanceof Caller c) {
      body.append("rule=").append(c.rule().method()).append(' ').append(c.rule().path()).append('\n');
      body.append("caller.clientType=").append(c.clientType().orElse("")).append('\n');
      body.append("caller.keyId=").append(c.keyId().orElse("")).append('\n');
      body.append("caller.user=").append(c.user().map(u -> u.id()).orElse("")).append('\n');
      body.append("caller.backoffice=").append(c.backoffice()).append('\n');
    }
    response.setStatus(200);
    response.setContentType("text/plain;charset=utf-8");
    response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
  }
}
