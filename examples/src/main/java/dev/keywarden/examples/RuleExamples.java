package dev.keywarden.examples;

import dev.keywarden.access.EndpointDefinition;
import dev.keywarden.access.KeywardenConfig;
import dev.keywarden.expression.GroupExpression;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The example calls {@code serve --config FILE} prints: one curl command per rule of FILE, with
 * no predicted status.
 *
 * <p>Why no status: the answer depends on which keys and users the caller has, and a status
 * computed here would come from the same kind of reasoning as the access decision itself, so it
 * could be wrong in the same way and still look authoritative. The bundled demo's calls, whose
 * statuses are checked by the smoke test against the running server, are printed only for the
 * bundled configuration. Secrets from FILE are never printed; a key is shown as a placeholder.
 */
final class RuleExamples {
  static final String INTRO = "One call per rule of your configuration (the answer depends on your keys and users;";

  private RuleExamples() {}

  static void print(KeywardenConfig config, String base, PrintStream out) {
    List<EndpointDefinition> endpoints = config.endpoints();
    if (endpoints.isEmpty()) {
      out.println("Your configuration has no rules: every request is refused with 401 (fail closed).");
      return;
    }
    out.println(INTRO);
    out.println("replace <your key> with one of your secrets; miauserid and miausergroups (comma-separated) log a user in):");
    out.println();
    for (int i = 0; i < endpoints.size(); i++) {
      EndpointDefinition endpoint = endpoints.get(i);
      out.println("# endpoints[" + i + "] " + endpoint.label() + ": " + describe(endpoint));
      out.println(curl(endpoint, base));
    }
  }

  /** The rule's settings as written, defaults spelt out. */
  static String describe(EndpointDefinition endpoint) {
    List<String> parts = new ArrayList<>();
    parts.add(Boolean.TRUE.equals(endpoint.isPublic()) ? "public" : "login needed");
    if (Boolean.TRUE.equals(endpoint.apiKeyRequired())) {
      parts.add("API key required");
    }
    parts.add(endpoint.userGroupPermission() == null
        ? "no userGroupPermission (defaults to \"true\")"
        : "userGroupPermission " + endpoint.userGroupPermission());
    if (!groupsNamed(endpoint).isEmpty()) {
      parts.add("groups named: " + String.join(", ", groupsNamed(endpoint)));
    }
    if (endpoint.backofficeUserGroupPermission() != null) {
      parts.add("back office: " + endpoint.backofficeUserGroupPermission() + " (send isbackoffice: true)");
    }
    return String.join(", ", parts);
  }

  /** A curl command for a request the rule covers, with the credentials the rule asks for. */
  static String curl(EndpointDefinition endpoint, String base) {
    String method = endpoint.method() == null ? "ALL" : endpoint.method();
    StringBuilder command = new StringBuilder(method.equals("HEAD") ? "curl -I" : "curl -i");
    if (!method.equals("GET") && !method.equals("ALL") && !method.equals("HEAD")) {
      command.append(" -X ").append(method);
    }
    if (Boolean.TRUE.equals(endpoint.apiKeyRequired())) {
      command.append(" -H 'client-key: <your key>'");
    }
    if (!Boolean.TRUE.equals(endpoint.isPublic())) {
      command.append(" -H 'miauserid: alice'");
      if (!groupsNamed(endpoint).isEmpty()) {
        // Which groups let the caller in is the expression's business: name them, choose none.
        command.append(" -H 'miausergroups: <groups>'");
      }
    }
    return command.append(' ').append(quoted(base + examplePath(endpoint.path()))).toString();
  }

  private static List<String> groupsNamed(EndpointDefinition endpoint) {
    return endpoint.userGroupPermission() == null ? List.of()
        : List.copyOf(GroupExpression.parse(endpoint.userGroupPermission()).groups());
  }

  /** A path the pattern matches: {@code {name}} and {@code *} become {@code 1}, a final {@code **} goes. */
  static String examplePath(String pattern) {
    StringBuilder path = new StringBuilder();
    for (String segment : pattern.split("/")) {
      if (segment.isEmpty() || segment.equals("**")) {
        continue;
      }
      path.append('/').append(segment.equals("*") || (segment.startsWith("{") && segment.endsWith("}")) ? "1" : segment);
    }
    return path.length() == 0 ? "/" : path.toString();
  }

  /** The URL as one shell word: single-quoted when it holds anything but plain URL characters. */
  private static String quoted(String url) {
    return url.matches("[A-Za-z0-9:/._~%-]+") ? url : "'" + url.replace("'", "'\\''") + "'";
  }
}
