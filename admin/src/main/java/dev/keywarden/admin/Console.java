package dev.keywarden.admin;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** The console's files, served from the jar: no CDN, works offline. */
final class Console {
  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html;charset=UTF-8",
      "console.css", "text/css;charset=UTF-8",
      "console.js", "text/javascript;charset=UTF-8",
      "openapi.json", "application/json");

  void handle(String method, String path, HttpServletResponse response) throws IOException {
    String name = path.equals("/") ? "index.html" : path.substring(1);
    if (!FILES.containsKey(name) || name.equals("openapi.json")) {
      throw Refusal.notFound("no such resource: " + Json.quote(path));
    }
    AdminServlet.onlyGet(method);
    serve(name, response);
  }

  void serve(String name, HttpServletResponse response) throws IOException {
    byte[] bytes;
    try (InputStream in = Console.class.getResourceAsStream("console/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing console file " + name);
      }
      bytes = in.readAllBytes();
    }
    response.setStatus(200);
    response.setContentType(FILES.get(name));
    response.setHeader("Cache-Control", "no-cache");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
