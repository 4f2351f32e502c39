package dev.keywarden.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.Problem;
import dev.keywarden.access.AccessDecision;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.access.ExplainProbe;
import dev.keywarden.access.Explanation;
import dev.keywarden.access.HttpMethod;
import dev.keywarden.access.User;
import dev.keywarden.expression.GroupExpression;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The rules resource ({@code GET api/endpoints}) and explain ({@code POST api/explain}). */
final class RulesApi {
  private static final Set<String> EXPLAIN_FIELDS =
      new LinkedHashSet<>(List.of("method", "path", "key", "clientType", "user", "backoffice"));
  private static final Set<String> USER_FIELDS = new LinkedHashSet<>(List.of("id", "groups", "permissions"));

  private final AccessGuard guard;
  private final int maxBodyBytes;

  RulesApi(AccessGuard guard, int maxBodyBytes) {
    this.guard = guard;
    this.maxBodyBytes = maxBodyBytes;
  }

  void handle(String method, String path, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (path.equals("/api/endpoints")) {
      AdminServlet.onlyGet(method);
      ArrayNode rules = Json.MAPPER.createArrayNode();
      for (EndpointRule rule : guard.rules()) {
        rules.add(json(rule));
      }
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.set("endpoints", rules);
      Json.write(response, 200, body);
      return;
    }
    if (!method.equals("POST")) {
      throw AdminServlet.methodNotAllowed(method, "POST");
    }
    Json.write(response, 200, explain(Json.body(request, maxBodyBytes, EXPLAIN_FIELDS)));
  }

  private ObjectNode explain(ObjectNode body) {
    String method = Json.text(body, "method");
    String path = Json.text(body, "path");
    if (method == null || path == null) {
      throw Refusal.badRequest("method and path are required");
    }
    try {
      HttpMethod parsed = HttpMethod.parse(method);
      if (parsed == HttpMethod.ALL) {
        throw Refusal.badRequest("method must be one request method, not ALL");
      }
      method = parsed.name();
    } catch (IllegalArgumentException e) {
      throw Refusal.badRequest(e.getMessage());
    }
    if (!path.startsWith("/")) {
      throw Refusal.badRequest("path must start with / (was " + Json.quote(path) + ")");
    }
    String key = Json.text(body, "key");
    String clientType = Json.text(body, "clientType");
    if (key != null && clientType != null) {
      throw Refusal.badRequest("give a key or a client type, not both");
    }
    if (key != null && key.isEmpty()) {
      key = null;
    }
    if (clientType != null && clientType.isEmpty()) {
      clientType = null;
    }
    Boolean backoffice = Json.bool(body, "backoffice");
    Explanation explanation;
    try {
      explanation = guard.explain(new ExplainProbe(method, path, key, clientType, user(body.get("user")),
          backoffice != null && backoffice));
    } catch (InvalidConfigurationException e) {
      throw Refusal.badRequest(e.problems().stream().map(Problem::toString).collect(Collectors.joining("; ")));
    }
    return json(explanation);
  }

  private static User user(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw Refusal.badRequest("user must be an object with id, groups and permissions");
    }
    node.fieldNames().forEachRemaining(name -> {
      if (!USER_FIELDS.contains(name)) {
        throw Refusal.badRequest("unknown field user." + name + "; known fields: id, groups, permissions");
      }
    });
    String id = Json.text(node, "id");
    if (id == null || id.isBlank()) {
      throw Refusal.badRequest("user.id is required (a non-blank string)");
    }
    return User.of(id, names(node, "groups"), names(node, "permissions"));
  }

  private static Set<String> names(JsonNode user, String field) {
    JsonNode value = user.get(field);
    Set<String> names = new LinkedHashSet<>();
    if (value == null || value.isNull()) {
      return names;
    }
    if (!value.isArray()) {
      throw Refusal.badRequest("user." + field + " must be an array of strings");
    }
    for (JsonNode name : value) {
      if (!name.isTextual()) {
        throw Refusal.badRequest("user." + field + " must be an array of strings");
      }
      names.add(name.textValue());
    }
    return names;
  }

  static ObjectNode json(EndpointRule rule) {
    ObjectNode node = Json.MAPPER.createObjectNode()
        .put("method", rule.method().name())
        .put("path", rule.path())
        .put("public", rule.isPublic())
        .put("apiKeyRequired", rule.apiKeyRequired())
        .put("userGroupPermission", rule.userGroupPermission().source())
        .put("backofficeUserGroupPermission",
            rule.backofficeUserGroupPermission().map(GroupExpression::source).orElse(null));
    Set<String> groups = new LinkedHashSet<>(rule.userGroupPermission().groups());
    Set<String> permissions = new LinkedHashSet<>(rule.userGroupPermission().permissions());
    Set<String> clientTypes = new LinkedHashSet<>(rule.userGroupPermission().clientTypes());
    rule.backofficeUserGroupPermission().ifPresent(bo -> {
      groups.addAll(bo.groups());
      permissions.addAll(bo.permissions());
      clientTypes.addAll(bo.clientTypes());
    });
    groups.forEach(node.putArray("groups")::add);
    permissions.forEach(node.putArray("permissions")::add);
    clientTypes.forEach(node.putArray("clientTypes")::add);
    return node;
  }

  private static ObjectNode json(Explanation explanation) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    AccessDecision decision = explanation.decision();
    if (decision instanceof AccessDecision.Deny deny) {
      node.put("decision", "deny").put("status", deny.status()).put("code", deny.code().code());
    } else if (decision instanceof AccessDecision.Allow) {
      node.put("decision", "allow").putNull("status").putNull("code");
    } else {
      node.put("decision", "pass-through").putNull("status").putNull("code");
    }
    ObjectNode row = node.putObject("row");
    if (explanation.row().number().isPresent()) {
      row.put("number", explanation.row().number().getAsInt());
    } else {
      row.putNull("number");
    }
    row.put("name", explanation.row().name()).put("condition", explanation.row().condition());
    if (explanation.rule() == null) {
      node.putNull("rule");
    } else {
      node.set("rule", json(explanation.rule()));
    }
    node.put("backoffice", explanation.backoffice())
        .put("clientType", explanation.clientType())
        .put("keyId", explanation.keyId())
        .put("userId", explanation.userId());
    if (explanation.expressionResult() == null) {
      node.putNull("expressionResult");
    } else {
      node.put("expressionResult", explanation.expressionResult());
    }
    ArrayNode atoms = node.putArray("atoms");
    for (Explanation.Atom atom : explanation.atoms()) {
      atoms.addObject().put("atom", atom.atom()).put("value", atom.value());
    }
    return node;
  }
}
