package dev.keywarden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of the packaged jar, as a user runs it: start {@code serve} on a free port with the
 * bundled configuration, run every curl command it prints, check each status, stop it.
 */
class ExampleServerIT {
  private static final Pattern EXPECT = Pattern.compile("^# (.*): expect (\\d{3})$");
  private static final Pattern HEADER = Pattern.compile("-H '([^:]+): ([^']*)'");
  private static final Pattern METHOD = Pattern.compile("-X (\\S+)");

  private static Path jar() {
    Path jar = Path.of(System.getProperty("keywarden.examples.jar", "target/keywarden-examples.jar"));
    assertThat(jar).exists();
    return jar;
  }

  private static Process start(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(false).start();
  }

  @Test
  void packagedServer_answersEveryPrintedCurlCommandAsAnnounced() throws Exception {
    Process server = start("serve", "--port", "0");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("Press Ctrl+C")) {
        lines.add(line);
      }
      assertThat(lines).as("server output").anyMatch(l -> l.startsWith(ExampleServer.READY));
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      int checked = 0;
      for (int i = 0; i < lines.size() - 1; i++) {
        Matcher expect = EXPECT.matcher(lines.get(i));
        if (!expect.matches()) {
          continue;
        }
        String curl = lines.get(i + 1);
        assertThat(curl).startsWith("curl -i ");
        String url = curl.substring(curl.lastIndexOf(' ') + 1);
        Matcher method = METHOD.matcher(curl);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
            .method(method.find() ? method.group(1) : "GET", HttpRequest.BodyPublishers.noBody());
        Matcher header = HEADER.matcher(curl);
        while (header.find()) {
          request.header(header.group(1), header.group(2));
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s -> %s", expect.group(1), curl, response.body())
            .isEqualTo(Integer.parseInt(expect.group(2)));
        checked++;
      }
      assertThat(checked).isEqualTo(DemoScenarios.ALL.size());
    } finally {
      server.destroy();
      assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static List<String> banner(Process server) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("Press Ctrl+C")) {
      lines.add(line);
    }
    return lines;
  }

  /**
   * With {@code --config FILE} the banner must not show the bundled demo's calls (their expected
   * answers are those of the demo configuration, not of FILE): one call per rule of FILE, with no
   * predicted status. The public rules below let everyone through, so the test knows that each
   * printed call must reach the rule it was printed for (DemoApi echoes the matched rule).
   */
  @Test
  void customConfig_bannerShowsOneCallPerRuleOfTheFile_neverTheDemosCalls(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("custom.json");
    Files.writeString(config, """
        { "apiKeys": [ { "secret": "custom-secret-1", "clientType": "web" } ],
          "endpoints": [
            { "method": "GET", "path": "/health", "public": true, "userGroupPermission": "true" },
            { "method": "GET", "path": "/orders/{id}/lines/*", "public": true, "userGroupPermission": "true" },
            { "method": "ALL", "path": "/files/**", "public": true, "userGroupPermission": "true" },
            { "method": "POST", "path": "/items", "public": true, "userGroupPermission": "true" },
            { "method": "GET", "path": "/admin/**", "apiKeyRequired": true, "userGroupPermission": "groups.admin" } ] }
        """);
    List<String> publicRules = List.of("GET /health", "GET /orders/{id}/lines/*", "ALL /files/**", "POST /items");
    Process server = start("serve", "--config", config.toString(), "--port", "0");
    try {
      List<String> lines = banner(server);
      assertThat(lines).as("server output").anyMatch(l -> l.startsWith(ExampleServer.READY));
      String all = String.join("\n", lines);
      assertThat(lines).noneMatch(l -> EXPECT.matcher(l).matches());
      for (DemoScenarios.Scenario scenario : DemoScenarios.ALL) {
        assertThat(all).doesNotContain(scenario.title());
      }
      assertThat(all).doesNotContain("demo-web-key").doesNotContain("custom-secret-1");
      List<String> curls = lines.stream().filter(l -> l.startsWith("curl ")).toList();
      assertThat(curls).hasSize(5);
      assertThat(curls.get(4)).contains("-H 'client-key: <your key>'").contains("-H 'miauserid: alice'")
          .contains("-H 'miausergroups: <groups>'").endsWith("/admin");
      assertThat(lines.get(lines.indexOf(curls.get(4)) - 1)).isEqualTo("# endpoints[4] GET /admin/**: login needed,"
          + " API key required, userGroupPermission groups.admin, groups named: admin");
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < publicRules.size(); i++) {
        String rule = publicRules.get(i);
        String header = lines.get(lines.indexOf(curls.get(i)) - 1);
        assertThat(header).startsWith("# endpoints[" + i + "] " + rule + ": public");
        String curl = curls.get(i);
        String url = curl.substring(curl.lastIndexOf(' ') + 1);
        Matcher method = METHOD.matcher(curl);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
            .method(method.find() ? method.group(1) : "GET", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(curl).isEqualTo(200);
        assertThat(response.body()).as(curl).contains("\"rule\":\"" + rule + "\"");
      }
    } finally {
      server.destroy();
      assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  /**
   * Over the keys of a --config file the key console must not open with the documented demo
   * password: the banner prints a password for this run, which is the only one accepted.
   */
  @Test
  void customConfig_consoleTakesThePasswordPrintedForThisRun_notTheDemoOne(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("custom.json");
    Files.writeString(config, """
        { "apiKeys": [ { "secret": "custom-secret-1", "clientType": "web", "id": "custom-1" } ],
          "endpoints": [ { "method": "GET", "path": "/health", "public": true, "userGroupPermission": "true" } ] }
        """);
    Process server = start("serve", "--config", config.toString(), "--port", "0");
    try {
      List<String> lines = banner(server);
      String login = lines.stream().filter(l -> l.startsWith("Key console: ")).findFirst().orElseThrow();
      Matcher matcher = Pattern.compile("Key console: (http://\\S+/keywarden/) \\(administrator admin,"
          + " password for this run only: ([A-Za-z0-9_-]{24})\\)").matcher(login);
      assertThat(matcher.matches()).as(login).isTrue();
      assertThat(String.join("\n", lines)).doesNotContain(DemoConsole.PASSWORD);
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> demo = client.send(consoleRequest(matcher.group(1), DemoConsole.PASSWORD),
          HttpResponse.BodyHandlers.ofString());
      assertThat(demo.statusCode()).isEqualTo(401);
      HttpResponse<String> keys = client.send(consoleRequest(matcher.group(1), matcher.group(2)),
          HttpResponse.BodyHandlers.ofString());
      assertThat(keys.statusCode()).isEqualTo(200);
      assertThat(keys.body()).contains("custom-1");
    } finally {
      server.destroy();
      assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static HttpRequest consoleRequest(String console, String password) {
    String credentials = Base64.getEncoder()
        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create(console + "api/keys")).header("Authorization", "Basic " + credentials)
        .build();
  }

  /**
   * {@code serve --jdbc-url} through the packaged jar, reading everything the process writes (its
   * own lines, PostgreSQL's java.util.logging warning on the console, SLF4J): no password of the URL.
   */
  @Test
  void packagedServer_neverPrintsAPasswordOfTheJdbcUrl() throws Exception {
    String[][] cases = {
        {"jdbc:oracle:thin:scott/TIGERSECRET1@//db.example:1521/XE", "TIGERSECRET1"},
        {"jdbc:mysql://db.example/keys?user=u&password1=MFASECRET2&password2=MFASECRET3", "MFASECRET"},
        {"jdbc:sqlserver://db.example;user=sa;password={SQL;SECRET3}", "SECRET3"},
        {"jdbc:postgresql://us;er:PGSECRET4@db.example/keys", "PGSECRET4"},
        {"jdbc:postgresql://user:PGSECRET11@db.example/keys", "PGSECRET11"}};
    for (String[] c : cases) {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-jar", jar().toString(), "serve", "--port", "0", "--jdbc-url", c[0]));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output).isEqualTo(1);
      assertThat(output).as(c[0]).contains("could not use the database").doesNotContain(c[1]);
      if (c[0].contains("PGSECRET11")) {
        assertThat(output).contains("invalid port number: <redacted>@db.example");
      }
    }
  }

  @Test
  void packagedJar_versionAndHelp() throws Exception {
    Process version = start("--version");
    assertThat(version.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(version.exitValue()).isZero();
    assertThat(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
        .matches("keywarden-examples \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    Process help = start("generate-key", "--help");
    assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(help.exitValue()).isZero();
    assertThat(new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .startsWith("Usage: keywarden-examples generate-key");
  }

  @Test
  void jdbcStore_keysLiveInTheDatabase(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("keys").toAbsolutePath();
    Process server = start("serve", "--port", "0", "--jdbc-url", url);
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line;
      String base = null;
      boolean imported = false;
      while ((line = out.readLine()) != null && !line.startsWith("Press Ctrl+C")) {
        imported |= line.startsWith("Keys in jdbc:h2:file:") && line.contains("(3 added from the configuration)");
        if (line.startsWith(ExampleServer.READY)) {
          base = line.substring(ExampleServer.READY.length()).split(" ")[0];
        }
      }
      assertThat(imported).isTrue();
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
          .header("client-key", "demo-web-key").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      HttpResponse<String> revoked = client.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
          .header("client-key", "demo-revoked-key").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(revoked.statusCode()).isEqualTo(401);
    } finally {
      server.destroy();
      assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void badConfiguration_exitsNonZeroListingEveryProblem_withoutAStackTrace(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("bad.json");
    Files.writeString(config, """
        { "apiKeys": [ { "secret": "a b", "clientType": "web" } ],
          "endpoints": [ { "method": "GET", "path": "/x", "userGroupPermission": "group.admin" },
                         { "method": "GET", "path": "/x" } ] }
        """);
    Process server = start("serve", "--config", config.toString(), "--port", "0");
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String err = new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(server.exitValue()).isEqualTo(1);
    assertThat(err).contains("is invalid, 3 problems:")
        .contains("apiKeys[0]: secret must not contain whitespace")
        .contains("endpoints[0] (GET /x): userGroupPermission: unknown identifier 'group'")
        .contains("endpoints[0] (GET /x) and endpoints[1] (GET /x) are the same rule")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }
}
