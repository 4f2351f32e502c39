package dev.keywarden.examples;

import java.util.List;

/**
 * The scenarios the demo server prints as ready-to-paste curl commands, each with the status it
 * should get under the bundled configuration. The smoke test runs the printed commands.
 */
final class DemoScenarios {
  /** One call: what it shows, the method, path, headers, and the expected status. */
  record Scenario(String title, String method, String path, List<String> headers, int expectedStatus) {
    String curl(String base) {
      StringBuilder command = new StringBuilder("curl -i");
      if (!method.equals("GET")) {
        command.append(" -X ").append(method);
      }
      for (String header : headers) {
        command.append(" -H '").append(header).append('\'');
      }
      return command.append(' ').append(base).append(path).toString();
    }
  }

  static final List<Scenario> ALL = List.of(
      new Scenario("public health check", "GET", "/health", List.of(), 200),
      new Scenario("orders need an API key", "GET", "/orders", List.of(), 401),
      new Scenario("a web key may read orders", "GET", "/orders/42", List.of("client-key: demo-web-key"), 200),
      new Scenario("a partner key is not a web key", "GET", "/orders", List.of("client-key: demo-partner-key"), 403),
      new Scenario("a wrong key is refused on every route", "GET", "/health", List.of("client-key: wrong-key"), 401),
      new Scenario("a revoked key is refused like an unknown one", "GET", "/orders",
          List.of("secret: demo-revoked-key"), 401),
      new Scenario("the key may come in a cookie", "GET", "/orders", List.of("Cookie: mia_client_key=demo-web-key"), 200),
      new Scenario("catalog: anonymous without a key", "GET", "/catalog/books", List.of(), 401),
      new Scenario("catalog: a partner key passes", "GET", "/catalog/books", List.of("client-key: demo-partner-key"), 200),
      new Scenario("catalog: a logged-in customer passes", "GET", "/catalog/books",
          List.of("miauserid: alice", "miausergroups: customers"), 200),
      new Scenario("profile needs a login", "GET", "/profile", List.of(), 401),
      new Scenario("profile with a login", "GET", "/profile", List.of("miauserid: alice"), 200),
      new Scenario("admin area: not an admin", "GET", "/admin/users",
          List.of("miauserid: alice", "miausergroups: customers"), 403),
      new Scenario("admin area: an admin", "GET", "/admin/users", List.of("miauserid: root", "miausergroups: admin"), 200),
      new Scenario("back office: support staff outside the back office", "GET", "/backoffice/tickets",
          List.of("miauserid: sam", "miausergroups: support"), 403),
      new Scenario("back office: support staff in the back office", "GET", "/backoffice/tickets",
          List.of("miauserid: sam", "miausergroups: support", "isbackoffice: true"), 200),
      new Scenario("no rule matches: refused (fail closed)", "GET", "/nowhere", List.of(), 401));

  private DemoScenarios() {}
}
