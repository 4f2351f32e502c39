package dev.keywarden.admin;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/** Reading request bodies (media type, size, duplicate and unknown fields) and writing JSON and problems. */
final class Json {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();
  static final String PROBLEM_TYPE_PREFIX = "https://keywarden.dev/problems/";

  private Json() {}

  /** Reads a JSON object body of at most {@code maxBytes}, whose fields are all in {@code known}. */
  static ObjectNode body(HttpServletRequest request, int maxBytes, Set<String> known) throws IOException {
    String type = request.getContentType();
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")) {
      throw new Refusal(415, "unsupported-media-type", "Unsupported media type",
          "the body must be application/json (was " + (type == null ? "no Content-Type" : type) + ")");
    }
    JsonNode node = parse(read(request, maxBytes), maxBytes);
    if (node == null || !node.isObject()) {
      throw Refusal.badRequest("the body must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw Refusal.badRequest("unknown field " + quote(name) + "; known fields: " + String.join(", ", known));
      }
    }
    return (ObjectNode) node;
  }

  /** The body's bytes, refused when it is larger than {@code maxBytes}, declared or read. */
  private static byte[] read(HttpServletRequest request, int maxBytes) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(maxBytes + 1);
    }
    if (bytes.length > maxBytes) {
      throw tooLarge(maxBytes);
    }
    return bytes;
  }

  /** Parses UTF-8 JSON, refusing malformed JSON (with its position) and a duplicate field. */
  private static JsonNode parse(byte[] bytes, int maxBytes) {
    try {
      return MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (StreamConstraintsException e) {
      throw tooLarge(maxBytes);
    } catch (JsonParseException e) {
      String message = e.getOriginalMessage();
      if (message.startsWith("Duplicate field")) {
        throw Refusal.badRequest("the body has a field twice: " + message.substring("Duplicate field ".length()));
      }
      throw Refusal.badRequest("the body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      throw Refusal.badRequest("the body is not valid JSON");
    }
  }

  private static Refusal tooLarge(int maxBytes) {
    return new Refusal(413, "body-too-large", "Body too large", "the body is larger than " + maxBytes + " bytes");
  }

  /** A string field, or null when absent or JSON null. */
  static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw Refusal.badRequest(field + " must be a string");
    }
    return value.textValue();
  }

  /** A boolean field, or null when absent. */
  static Boolean bool(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      throw Refusal.badRequest(field + " must be true or false");
    }
    return value.booleanValue();
  }

  /** An instant field, or null when absent or JSON null. */
  static Instant instant(JsonNode body, String field) {
    String text = text(body, field);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw Refusal.badRequest(field + " must be an ISO-8601 instant such as 2030-01-01T00:00:00Z (was "
          + quote(text) + ")");
    }
  }

  static String quote(String text) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    StringBuilder out = new StringBuilder("\"");
    for (char c : shown.toCharArray()) {
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  static void write(HttpServletResponse response, int status, JsonNode body) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  static void problem(HttpServletResponse response, Refusal refusal) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    ObjectNode body = MAPPER.createObjectNode()
        .put("type", PROBLEM_TYPE_PREFIX + refusal.code)
        .put("title", refusal.title)
        .put("status", refusal.status)
        .put("detail", refusal.getMessage())
        .put("code", refusal.code);
    if (!refusal.errors.isEmpty()) {
      refusal.errors.forEach(body.putArray("errors")::add);
    }
    if (refusal.status == 401) {
      response.setHeader("WWW-Authenticate", "ApiKey realm=\"keywarden-admin\"");
    }
    if (refusal.status == 405) {
      response.setHeader("Allow", refusal.getMessage().substring(refusal.getMessage().indexOf("allowed: ") + 9));
    }
    response.setHeader("Cache-Control", "no-store");
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    response.setStatus(refusal.status);
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
