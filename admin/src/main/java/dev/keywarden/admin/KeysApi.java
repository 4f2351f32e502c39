package dev.keywarden.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyGenerator;
import dev.keywarden.KeyDigest;
import dev.keywarden.store.ApiKeyManagement;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys resource: list, create, read, change, delete, rotate. Lost updates are refused with
 * entity tags: every key has an ETag (an HMAC of all its values, the digest included, so a
 * rotation changes it too); PATCH needs {@code If-Match}, DELETE and rotate honour it.
 */
final class KeysApi {
  private static final Logger LOG = LoggerFactory.getLogger(KeysApi.class);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}"); // as ApiKey's ids
  private static final Pattern CLIENT_TYPE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private static final Set<String> CREATE_FIELDS =
      new LinkedHashSet<>(List.of("secret", "generate", "clientType", "active", "description", "expiresAt", "id"));
  private static final Set<String> PATCH_FIELDS = new LinkedHashSet<>(List.of("active", "description", "expiresAt"));
  private static final Set<String> ROTATE_FIELDS = Set.of("graceSeconds");
  private static final Set<String> LIST_PARAMETERS = Set.of("clientType", "active", "page", "size");
  static final int MAX_PAGE_SIZE = 200;

  private final ApiKeyManagement store;
  private final ApiKeyGenerator generator;
  private final Clock clock;
  private final AuditListener audit;
  private final int maxBodyBytes;
  private final long maxGraceSeconds;
  private final SecretKeySpec etagKey;
  private final Object writeLock = new Object();

  KeysApi(ApiKeyManagement store, ApiKeyGenerator generator, Clock clock, AuditListener audit, int maxBodyBytes,
      long maxGraceSeconds, byte[] etagKey) {
    this.etagKey = new SecretKeySpec(etagKey, "HmacSHA256");
    this.store = store;
    this.generator = generator;
    this.clock = clock;
    this.audit = audit;
    this.maxBodyBytes = maxBodyBytes;
    this.maxGraceSeconds = maxGraceSeconds;
  }

  void handle(String method, String path, String actor, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (path.equals("/api/keys")) {
      switch (method) {
        case "GET", "HEAD" -> list(request, response);
        case "POST" -> create(actor, request, response);
        default -> throw AdminServlet.methodNotAllowed(method, "GET, POST");
      }
      return;
    }
    String rest = path.startsWith("/api/keys/") ? path.substring("/api/keys/".length()) : null;
    if (rest == null) {
      throw Refusal.notFound("no such resource: " + Json.quote(path));
    }
    if (rest.endsWith("/rotate")) {
      String id = id(rest.substring(0, rest.length() - "/rotate".length()));
      if (!method.equals("POST")) {
        throw AdminServlet.methodNotAllowed(method, "POST");
      }
      rotate(actor, id, request, response);
      return;
    }
    String id = id(rest);
    switch (method) {
      case "GET", "HEAD" -> {
        ApiKey key = find(id);
        response.setHeader("ETag", etag(key));
        Json.write(response, 200, json(key, store.timestamps(List.of(id)).get(id)));
      }
      case "PATCH" -> patch(actor, id, request, response);
      case "DELETE" -> delete(actor, id, request, response);
      default -> throw AdminServlet.methodNotAllowed(method, "GET, PATCH, DELETE");
    }
  }

  private static String id(String text) {
    if (!ID.matcher(text).matches()) {
      throw Refusal.notFound("no such resource: a key id is 1 to 64 characters from [A-Za-z0-9_.:-], the first"
          + " from [A-Za-z0-9_] (was "
          + Json.quote(text) + ")");
    }
    return text;
  }

  private ApiKey find(String id) {
    return store.findById(id).orElseThrow(() -> Refusal.notFound("no key has the id " + id));
  }

  private void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
    checkListParameters(request.getParameterMap());
    String clientType = request.getParameter("clientType");
    if (clientType != null && !clientType.isEmpty() && !CLIENT_TYPE.matcher(clientType).matches()) {
      throw Refusal.badRequest("clientType must match ^[A-Za-z_][A-Za-z0-9_]*$, at most 64 characters (was "
          + Json.quote(clientType) + ")");
    }
    Boolean active = activeFilter(request.getParameter("active"));
    int page = number(request.getParameter("page"), "page", 1, 1, Integer.MAX_VALUE);
    int size = number(request.getParameter("size"), "size", 20, 1, MAX_PAGE_SIZE);
    List<ApiKey> all = clientType == null || clientType.isEmpty() ? store.list() : store.listByClientType(clientType);
    List<ApiKey> matching = new ArrayList<>();
    for (ApiKey key : all) {
      if (active == null || key.active() == active) {
        matching.add(key);
      }
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode items = body.putArray("items");
    long from = (long) (page - 1) * size;
    List<ApiKey> shown = from >= matching.size() ? List.of()
        : matching.subList((int) from, (int) Math.min(matching.size(), from + size));
    Map<String, ApiKeyManagement.Timestamps> times = store.timestamps(shown.stream().map(ApiKey::id).toList());
    for (ApiKey key : shown) {
      items.add(json(key, times.get(key.id())));
    }
    body.put("page", page).put("size", size).put("total", matching.size());
    Json.write(response, 200, body);
  }

  /** Refuses an unknown or repeated query parameter of the list. */
  private static void checkListParameters(Map<String, String[]> parameters) {
    for (Map.Entry<String, String[]> entry : parameters.entrySet()) {
      if (!LIST_PARAMETERS.contains(entry.getKey())) {
        throw Refusal.badRequest("unknown query parameter " + Json.quote(entry.getKey())
            + "; known: clientType, active, page, size");
      }
      if (entry.getValue().length > 1) {
        throw Refusal.badRequest("query parameter " + entry.getKey() + " is given more than once");
      }
    }
  }

  /** The {@code active} filter: {@code null} (any key) when absent or empty. */
  private static Boolean activeFilter(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (!text.equals("true") && !text.equals("false")) {
      throw Refusal.badRequest("active must be true or false (was " + Json.quote(text) + ")");
    }
    return Boolean.valueOf(text);
  }

  private static int number(String text, String name, int fallback, int min, int max) {
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Refusal.badRequest(name + " must be a whole number from " + min + " to " + max + " (was "
        + Json.quote(text) + ")");
  }

  private void create(String actor, HttpServletRequest request, HttpServletResponse response) throws IOException {
    ObjectNode body = Json.body(request, maxBodyBytes, CREATE_FIELDS);
    String secret = Json.text(body, "secret");
    Boolean generate = Json.bool(body, "generate");
    boolean generated = Boolean.TRUE.equals(generate);
    if (generated && secret != null) {
      throw Refusal.badRequest("give a secret or \"generate\": true, not both");
    }
    if (!generated && secret == null) {
      throw Refusal.badRequest("a secret is required, or \"generate\": true for a random one");
    }
    if (generated) {
      secret = generator.generate();
    }
    Boolean active = Json.bool(body, "active");
    ApiKey.Builder builder = ApiKey.builder().secret(secret)
        .clientType(Json.text(body, "clientType"))
        .active(active == null || active)
        .description(Json.text(body, "description"))
        .expiresAt(Json.instant(body, "expiresAt"))
        .id(Json.text(body, "id"));
    List<String> problems = builder.problems();
    if (!problems.isEmpty()) {
      throw Refusal.invalidKey(problems);
    }
    ApiKey key = builder.build();
    synchronized (writeLock) {
      store.create(key);
    }
    audit(actor, AuditEvent.Action.CREATE, key.id());
    ObjectNode answer = json(key).put("secret", secret);
    response.setHeader("Location", request.getRequestURI() + "/" + key.id());
    response.setHeader("ETag", etag(key));
    Json.write(response, 201, answer);
  }

  private void patch(String actor, String id, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String ifMatch = request.getHeader("If-Match");
    if (ifMatch == null) {
      throw new Refusal(428, "precondition-required", "Precondition required",
          "PATCH needs If-Match with the key's ETag (from GET /api/keys/" + id + "), so no change is lost");
    }
    ObjectNode body = Json.body(request, maxBodyBytes, PATCH_FIELDS);
    if (body.isEmpty()) {
      throw Refusal.badRequest("nothing to change: give active, description or expiresAt");
    }
    Boolean active = Json.bool(body, "active");
    ApiKey changed;
    AuditEvent.Action action;
    synchronized (writeLock) {
      ApiKey key = find(id);
      checkMatch(ifMatch, key);
      changed = patched(key, body, active);
      if (!store.update(changed)) {
        throw Refusal.notFound("no key has the id " + id);
      }
      boolean onlyActive = body.size() == 1 && active != null;
      action = !onlyActive ? AuditEvent.Action.UPDATE
          : active ? AuditEvent.Action.ACTIVATE : AuditEvent.Action.DEACTIVATE;
    }
    audit(actor, action, id);
    response.setHeader("ETag", etag(changed));
    Json.write(response, 200, json(changed));
  }

  /** The key with a PATCH body's fields applied; every problem of the result refused at once. */
  private static ApiKey patched(ApiKey key, ObjectNode body, Boolean active) {
    ApiKey.Builder builder = key.toBuilder();
    if (active != null) {
      builder.active(active);
    }
    if (body.has("description")) {
      builder.description(Json.text(body, "description"));
    }
    if (body.has("expiresAt")) {
      builder.expiresAt(Json.instant(body, "expiresAt"));
    }
    List<String> problems = builder.problems();
    if (!problems.isEmpty()) {
      throw Refusal.invalidKey(problems);
    }
    return builder.build();
  }

  private void delete(String actor, String id, HttpServletRequest request, HttpServletResponse response) {
    synchronized (writeLock) {
      ApiKey key = find(id);
      String ifMatch = request.getHeader("If-Match");
      if (ifMatch != null) {
        checkMatch(ifMatch, key);
      }
      if (!store.delete(id)) {
        throw Refusal.notFound("no key has the id " + id);
      }
    }
    audit(actor, AuditEvent.Action.DELETE, id);
    response.setStatus(204);
  }

  private void rotate(String actor, String id, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ObjectNode body = Json.body(request, maxBodyBytes, ROTATE_FIELDS);
    if (!body.has("graceSeconds")) {
      throw Refusal.badRequest("graceSeconds is required: how long the old secret keeps working (0 for not at all)");
    }
    if (!body.get("graceSeconds").canConvertToExactIntegral() || !body.get("graceSeconds").isNumber()
        || !body.get("graceSeconds").canConvertToLong()) {
      throw Refusal.badRequest("graceSeconds must be a whole number of seconds from 0 to " + maxGraceSeconds);
    }
    long grace = body.get("graceSeconds").asLong();
    if (grace < 0 || grace > maxGraceSeconds) {
      throw Refusal.badRequest("graceSeconds must be a whole number of seconds from 0 to " + maxGraceSeconds
          + " (was " + grace + ")");
    }
    String secret = generator.generate();
    Instant now = clock.instant();
    Instant until = now.plusSeconds(grace);
    ApiKey rotated;
    synchronized (writeLock) {
      ApiKey key = find(id);
      String ifMatch = request.getHeader("If-Match");
      if (ifMatch != null) {
        checkMatch(ifMatch, key);
      }
      if (!key.active() || key.expiresAt().filter(e -> !e.isAfter(now)).isPresent()) {
        until = now; // a refused key keeps no old secret (see ApiKeyManagement.rotate)
      }
      Optional<ApiKey> result = store.rotate(id, KeyDigest.of(secret), until);
      rotated = result.orElseThrow(() -> Refusal.notFound("no key has the id " + id));
    }
    audit(actor, AuditEvent.Action.ROTATE, id);
    ObjectNode answer = json(rotated).put("secret", secret).put("oldSecretValidUntil", until.toString());
    response.setHeader("ETag", etag(rotated));
    Json.write(response, 200, answer);
  }

  private void checkMatch(String ifMatch, ApiKey key) {
    String current = etag(key);
    for (String candidate : ifMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || tag.equals(current)) {
        return;
      }
    }
    throw new Refusal(412, "stale-etag", "Precondition failed",
        "the key " + key.id() + " changed since it was read (If-Match " + Json.quote(ifMatch)
            + " is not its ETag); read it again and retry");
  }

  private void audit(String actor, AuditEvent.Action action, String keyId) {
    try {
      audit.onAction(new AuditEvent(actor, action, keyId, clock.instant()));
    } catch (RuntimeException e) {
      LOG.warn("audit listener failed on {} of key {}: {}", action, keyId, e.toString());
    }
  }

  /** The key as JSON, with its timestamps where the store keeps them: never its secret or digest. */
  ObjectNode json(ApiKey key) {
    return json(key, store.timestamps(List.of(key.id())).get(key.id()));
  }

  private ObjectNode json(ApiKey key, ApiKeyManagement.Timestamps times) {
    ObjectNode node = Json.MAPPER.createObjectNode()
        .put("id", key.id())
        .put("clientType", key.clientType())
        .put("active", key.active())
        .put("description", key.description().orElse(null))
        .put("expiresAt", key.expiresAt().map(Instant::toString).orElse(null))
        .put("expired", key.isExpiredAt(clock.instant()))
        .put("created", times == null ? null : times.created().toString())
        .put("updated", times == null ? null : times.updated().toString())
        .put("etag", etag(key));
    return node;
  }

  /**
   * A strong entity tag over every value of the key: the first 96 bits of an HMAC-SHA256 under a
   * key the tag never reveals. Every value but the digest is in the same JSON as the tag, so a
   * plain hash would let whoever sees a tag (in a log, a proxy, a browser's cache) confirm a
   * guessed secret offline; without the HMAC key a guess cannot be checked at all.
   */
  String etag(ApiKey key) {
    String values = String.join("\u0000", key.id(), key.digest().hex(), key.clientType(), String.valueOf(key.active()),
        key.description().orElse("\u0001"), key.expiresAt().map(Instant::toString).orElse("\u0001"));
    try {
      Mac mac = Mac.getInstance("HmacSHA256"); // a Mac is not thread-safe: one per tag
      mac.init(etagKey);
      byte[] tag = mac.doFinal(values.getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().formatHex(tag, 0, 12) + "\"";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
