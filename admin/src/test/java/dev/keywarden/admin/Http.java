package dev.keywarden.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A real HTTP client (java.net.http), with the admin's usual headers at hand. */
final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final String[] ADMIN = {"miauserid", "ada", "miausergroups", "keywarden-admin"};
  static final String[] WRITE = {"miauserid", "ada", "miausergroups", "keywarden-admin", "X-Keywarden-CSRF", "1"};

  private Http() {}

  record Response(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    /** The problem's detail, after checking the answer is a problem with this status and code. */
    String problem(int expectedStatus, String expectedCode) {
      if (status != expectedStatus || header("content-type") == null || !header("content-type").startsWith("application/problem+json")
          || !expectedCode.equals(json().path("code").asText())) {
        throw new AssertionError("expected problem " + expectedStatus + " " + expectedCode + ", got " + status
            + " " + header("content-type") + " " + body);
      }
      return json().path("detail").asText();
    }
  }

  static Response send(String base, String method, String path, String contentType, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    Map<String, List<String>> map = new TreeMap<>();
    response.headers().map().forEach((k, v) -> map.put(k.toLowerCase(Locale.ROOT), v));
    return new Response(response.statusCode(), map, response.body());
  }

  static Response get(String base, String path, String... headers) throws Exception {
    return send(base, "GET", path, null, null, headers);
  }

  static Response json(String base, String method, String path, String json, String... headers) throws Exception {
    return send(base, method, path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
  }

  static String[] with(String[] headers, String... more) {
    String[] all = new String[headers.length + more.length];
    System.arraycopy(headers, 0, all, 0, headers.length);
    System.arraycopy(more, 0, all, headers.length, more.length);
    return all;
  }
}
