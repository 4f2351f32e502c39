package dev.keywarden.admin;

import static dev.keywarden.admin.Http.ADMIN;
import static dev.keywarden.admin.Http.WRITE;
import static dev.keywarden.admin.Http.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The admin REST API's contract through a real container and a real HTTP client: every call of
 * the issue, every bad input, the admin rule and the CSRF refusals. Subclasses pick the container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdminApiContractTest {
  abstract String container();

  AdminFixture app;
  String base;

  @BeforeAll
  void start() throws Exception {
    app = new AdminFixture(container());
    base = app.base();
  }

  @AfterAll
  void stop() throws Exception {
    app.close();
  }

  private Http.Response create(String json) throws Exception {
    return Http.json(base, "POST", "/keywarden/api/keys", json, WRITE);
  }

  private Http.Response orders(String key) throws Exception {
    return Http.get(base, "/orders", "client-key", key);
  }

  // --- who may administer ---

  @Test
  void nobodyLoggedIn_is401_aUserOutsideTheAdminGroup_is403_andNoAdminRule_refusesEveryone() throws Exception {
    assertThat(Http.get(base, "/keywarden/api/keys").problem(401, "authentication-required")).isNotBlank();
    assertThat(Http.get(base, "/keywarden/").status()).isEqualTo(401);
    assertThat(Http.get(base, "/keywarden/api/keys", "miauserid", "bob", "miausergroups", "staff")
        .problem(403, "forbidden")).contains("not an administrator");
    assertThat(Http.get(base, "/closed/api/keys", ADMIN).problem(403, "admin-rule-not-set"))
        .contains("no administrator rule is set");
    assertThat(Http.json(base, "POST", "/closed/api/keys", "{\"generate\":true,\"clientType\":\"web\"}", WRITE)
        .problem(403, "admin-rule-not-set")).isNotBlank();
    assertThat(Http.get(base, "/closed/", ADMIN).status()).isEqualTo(403);
  }

  // --- create, one-time secret, and the key at work ---

  @Test
  void createGenerated_showsTheSecretOnce_andTheKeyOpensTheProtectedRoute() throws Exception {
    assertThat(orders("nothing-yet").status()).isEqualTo(401);
    Http.Response created = create("{\"generate\":true,\"clientType\":\"web\",\"active\":true,"
        + "\"description\":\"made by the test\",\"expiresAt\":\"2031-01-01T00:00:00Z\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("cache-control")).isEqualTo("no-store");
    JsonNode key = created.json();
    String secret = key.get("secret").asText();
    assertThat(secret).matches("kw_[A-Za-z0-9]{33}");
    String id = key.get("id").asText();
    assertThat(created.header("location")).isEqualTo("/keywarden/api/keys/" + id);
    assertThat(created.header("etag")).isEqualTo(key.get("etag").asText());
    assertThat(key.get("clientType").asText()).isEqualTo("web");
    assertThat(key.get("expiresAt").asText()).isEqualTo("2031-01-01T00:00:00Z");
    assertThat(key.get("created").asText()).isNotEmpty().isEqualTo(key.get("updated").asText());
    assertThat(java.time.Instant.parse(key.get("created").asText())).isNotNull();
    assertThat(orders(secret).status()).isEqualTo(200);
    assertThat(orders(secret).body()).isEqualTo("reached /orders");

    Http.Response read = Http.get(base, "/keywarden/api/keys/" + id, ADMIN);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).doesNotContain(secret).doesNotContain("secret").doesNotContain("digest")
        .doesNotContain(dev.keywarden.KeyDigest.of(secret).hex());
    Http.Response list = Http.get(base, "/keywarden/api/keys?size=200", ADMIN);
    assertThat(list.body()).contains(id).doesNotContain(secret).doesNotContain("secret")
        .doesNotContain(dev.keywarden.KeyDigest.of(secret).hex());
    assertThat(list.header("cache-control")).isEqualTo("no-store");
  }

  @Test
  void createWithTypedSecret_andIdTakenOrSecretTaken_is409() throws Exception {
    Http.Response created = create("{\"secret\":\"typed-secret-1\",\"clientType\":\"web\",\"id\":\"typed1\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("secret").asText()).isEqualTo("typed-secret-1");
    assertThat(orders("typed-secret-1").status()).isEqualTo(200);
    assertThat(create("{\"secret\":\"typed-secret-1\",\"clientType\":\"web\"}").problem(409, "duplicate-key"))
        .contains("same secret");
    assertThat(create("{\"secret\":\"typed-secret-2\",\"clientType\":\"web\",\"id\":\"typed1\"}")
        .problem(409, "duplicate-key")).contains("id typed1");
  }

  @Test
  void createInvalid_saysExactlyWhatIsWrong() throws Exception {
    assertThat(create("{\"secret\":\"   \",\"clientType\":\"web\"}").problem(400, "invalid-key"))
        .isEqualTo("secret must not contain whitespace (found some at index 0)");
    assertThat(create("{\"secret\":\"two words\",\"clientType\":\"web\"}").problem(400, "invalid-key"))
        .isEqualTo("secret must not contain whitespace (found some at index 3)");
    assertThat(create("{\"secret\":\"\",\"clientType\":\"web\"}").problem(400, "invalid-key"))
        .isEqualTo("secret must not be empty");
    assertThat(create("{\"secret\":\"tab\\there\",\"clientType\":\"web\"}").problem(400, "invalid-key"))
        .isEqualTo("secret must not contain control characters (found one at index 3)");
    assertThat(create("{\"secret\":\"" + "x".repeat(513) + "\",\"clientType\":\"web\"}").problem(400, "invalid-key"))
        .isEqualTo("secret is 513 characters long; at most 512 are allowed");
    assertThat(create("{\"generate\":true,\"clientType\":\"web app\"}").problem(400, "invalid-key"))
        .isEqualTo("clientType must match ^[A-Za-z_][A-Za-z0-9_]*$ (was \"web app\")");
    assertThat(create("{\"generate\":true,\"clientType\":\"9lives\"}").problem(400, "invalid-key"))
        .contains("clientType must match");
    assertThat(create("{\"generate\":true}").problem(400, "invalid-key")).isEqualTo("clientType is required");
    Http.Response both = create("{\"secret\":\"a b\",\"clientType\":\"x y\"}");
    assertThat(both.problem(400, "invalid-key")).contains("whitespace").contains("clientType must match");
    assertThat(both.json().get("errors")).hasSize(2);
    assertThat(create("{\"generate\":true,\"clientType\":\"web\",\"description\":\"" + "d".repeat(1025) + "\"}")
        .problem(400, "invalid-key")).isEqualTo("description is 1025 characters long; at most 1024 are allowed");
    assertThat(create("{\"generate\":true,\"clientType\":\"web\",\"expiresAt\":\"tomorrow\"}")
        .problem(400, "invalid-request")).startsWith("expiresAt must be an ISO-8601 instant");
    assertThat(create("{\"generate\":true,\"clientType\":\"web\",\"id\":\"no spaces\"}").problem(400, "invalid-key"))
        .startsWith("id must be 1 to 64 characters");
    assertThat(create("{\"secret\":\"s-1\",\"generate\":true,\"clientType\":\"web\"}").problem(400, "invalid-request"))
        .isEqualTo("give a secret or \"generate\": true, not both");
    assertThat(create("{\"clientType\":\"web\"}").problem(400, "invalid-request"))
        .isEqualTo("a secret is required, or \"generate\": true for a random one");
    assertThat(create("{\"generate\":true,\"clientType\":\"web\",\"activ\":true}").problem(400, "invalid-request"))
        .startsWith("unknown field \"activ\"; known fields: secret, generate, clientType");
    assertThat(create("{\"generate\":true,\"clientType\":\"web\",\"active\":\"yes\"}").problem(400, "invalid-request"))
        .isEqualTo("active must be true or false");
    assertThat(create("{\"generate\":true,\"clientType\":7}").problem(400, "invalid-request"))
        .isEqualTo("clientType must be a string");
    assertThat(create("{\"generate\":true,\"clientType\":\"web\",\"clientType\":\"bar\"}")
        .problem(400, "invalid-request")).startsWith("the body has a field twice");
    assertThat(create("{\"generate\":true,").problem(400, "invalid-request")).startsWith("the body is not valid JSON");
    assertThat(create("[1,2]").problem(400, "invalid-request")).isEqualTo("the body must be a JSON object");
    assertThat(create("").problem(400, "invalid-request")).isEqualTo("the body must be a JSON object");
  }

  @Test
  void createWithAnIdNoUrlCanAddress_isRefusedWithTheReason() throws Exception {
    for (String id : List.of(".", "..", ".x", ":x", "-x")) {
      assertThat(create("{\"generate\":true,\"clientType\":\"web\",\"id\":\"" + id + "\"}").problem(400, "invalid-key"))
          .as(id).isEqualTo("id must start with a letter, a digit or _ (was \"" + id + "\"): an id is a URL path segment,"
              + " and one starting with . (like . or ..) cannot be addressed");
    }
    assertThat(Http.get(base, "/keywarden/api/keys?size=200", ADMIN).body()).doesNotContain("\"id\":\".");
    // an id with dots inside is fine, and the whole lifecycle reaches it through its URL
    Http.Response dotted = create("{\"generate\":true,\"clientType\":\"web\",\"id\":\"x..\"}");
    assertThat(dotted.status()).isEqualTo(201);
    assertThat(Http.get(base, "/keywarden/api/keys/x..", ADMIN).status()).isEqualTo(200);
    assertThat(Http.send(base, "DELETE", "/keywarden/api/keys/x..", null, null, WRITE).status()).isEqualTo(204);
  }

  @Test
  void wrongContentType_is415_andOversizedBody_is413() throws Exception {
    byte[] body = "{\"generate\":true,\"clientType\":\"web\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(Http.send(base, "POST", "/keywarden/api/keys", "text/plain", body, WRITE)
        .problem(415, "unsupported-media-type")).isEqualTo("the body must be application/json (was text/plain)");
    assertThat(Http.send(base, "POST", "/keywarden/api/keys", "application/x-www-form-urlencoded", body, WRITE)
        .problem(415, "unsupported-media-type")).isNotBlank();
    assertThat(Http.send(base, "POST", "/keywarden/api/keys", null, body, WRITE).problem(415, "unsupported-media-type"))
        .isEqualTo("the body must be application/json (was no Content-Type)");
    assertThat(Http.send(base, "POST", "/keywarden/api/keys", "application/json; charset=utf-8", body, WRITE).status())
        .isEqualTo(201);
    String huge = "{\"generate\":true,\"clientType\":\"web\",\"description\":\"" + "d".repeat(20_000) + "\"}";
    assertThat(create(huge).problem(413, "body-too-large")).isEqualTo("the body is larger than 16384 bytes");
    String hugeRotate = "{\"graceSeconds\":" + "1".repeat(17_000) + "}";
    assertThat(Http.json(base, "POST", "/keywarden/api/keys/seed1/rotate", hugeRotate, WRITE)
        .problem(413, "body-too-large")).isNotBlank();
  }

  // --- change, lost updates, delete ---

  @Test
  void patch_needsIfMatch_refusesAStaleEtag_andDeactivationRefusesTheKeyAtOnce() throws Exception {
    JsonNode key = create("{\"generate\":true,\"clientType\":\"web\"}").json();
    String id = key.get("id").asText();
    String secret = key.get("secret").asText();
    String etag = key.get("etag").asText();
    String path = "/keywarden/api/keys/" + id;
    assertThat(orders(secret).status()).isEqualTo(200);

    assertThat(Http.json(base, "PATCH", path, "{\"active\":false}", WRITE).problem(428, "precondition-required"))
        .contains("If-Match");
    Http.Response described = Http.json(base, "PATCH", path, "{\"description\":\"first\"}", with(WRITE, "If-Match", etag));
    assertThat(described.status()).isEqualTo(200);
    String newEtag = described.header("etag");
    assertThat(newEtag).isNotEqualTo(etag);
    assertThat(Http.json(base, "PATCH", path, "{\"description\":\"lost\"}", with(WRITE, "If-Match", etag))
        .problem(412, "stale-etag")).contains("changed since it was read");
    assertThat(Http.get(base, path, ADMIN).json().get("description").asText()).isEqualTo("first");

    assertThat(Http.json(base, "PATCH", path, "{}", with(WRITE, "If-Match", newEtag)).problem(400, "invalid-request"))
        .startsWith("nothing to change");
    assertThat(Http.json(base, "PATCH", path, "{\"clientType\":\"bar\"}", with(WRITE, "If-Match", newEtag))
        .problem(400, "invalid-request")).startsWith("unknown field \"clientType\"");
    assertThat(Http.json(base, "PATCH", path, "{\"active\":0}", with(WRITE, "If-Match", newEtag))
        .problem(400, "invalid-request")).isEqualTo("active must be true or false");

    Http.Response off = Http.json(base, "PATCH", path, "{\"active\":false}", with(WRITE, "If-Match", newEtag));
    assertThat(off.status()).isEqualTo(200);
    assertThat(off.json().get("active").asBoolean()).isFalse();
    assertThat(orders(secret).problem(401, "invalid-api-key")).isNotBlank(); // at once, no TTL wait
    Http.Response on = Http.json(base, "PATCH", path, "{\"active\":true,\"expiresAt\":null}",
        with(WRITE, "If-Match", off.header("etag")));
    assertThat(on.status()).isEqualTo(200);
    assertThat(orders(secret).status()).isEqualTo(200);
  }

  @Test
  void delete_withStaleEtag_is412_thenDeletes_andTheKeyIsRefused() throws Exception {
    JsonNode key = create("{\"generate\":true,\"clientType\":\"web\"}").json();
    String path = "/keywarden/api/keys/" + key.get("id").asText();
    assertThat(Http.send(base, "DELETE", path, null, null, with(WRITE, "If-Match", "\"stale\""))
        .problem(412, "stale-etag")).isNotBlank();
    assertThat(Http.send(base, "DELETE", path, null, null, WRITE).status()).isEqualTo(204);
    assertThat(orders(key.get("secret").asText()).status()).isEqualTo(401);
    assertThat(Http.send(base, "DELETE", path, null, null, WRITE).problem(404, "not-found")).contains("no key has the id");
  }

  @Test
  void unknownOrMalformedIds_are404() throws Exception {
    assertThat(Http.get(base, "/keywarden/api/keys/nope", ADMIN).problem(404, "not-found"))
        .isEqualTo("no key has the id nope");
    assertThat(Http.json(base, "PATCH", "/keywarden/api/keys/nope", "{\"active\":true}", with(WRITE, "If-Match", "*"))
        .problem(404, "not-found")).isEqualTo("no key has the id nope");
    assertThat(Http.json(base, "POST", "/keywarden/api/keys/nope/rotate", "{\"graceSeconds\":0}", WRITE)
        .problem(404, "not-found")).isEqualTo("no key has the id nope");
    assertThat(Http.get(base, "/keywarden/api/keys/a%20b", ADMIN).problem(404, "not-found")).contains("key id");
    assertThat(Http.get(base, "/keywarden/api/nothing", ADMIN).problem(404, "not-found")).isNotBlank();
    assertThat(Http.get(base, "/keywarden/nothing.js", ADMIN).problem(404, "not-found")).isNotBlank();
    Http.Response put = Http.json(base, "PUT", "/keywarden/api/keys", "{}", WRITE);
    assertThat(put.problem(405, "method-not-allowed")).isNotBlank();
    assertThat(put.header("allow")).isEqualTo("GET, POST");
  }

  // --- rotation ---

  @Test
  void rotate_oldAndNewBothWorkUntilTheGraceEnds_thenOnlyTheNew() throws Exception {
    JsonNode key = create("{\"generate\":true,\"clientType\":\"web\",\"description\":\"rotating\"}").json();
    String id = key.get("id").asText();
    String old = key.get("secret").asText();
    String path = "/keywarden/api/keys/" + id + "/rotate";
    assertThat(Http.json(base, "POST", path, "{\"graceSeconds\":3600}", with(WRITE, "If-Match", "\"stale\""))
        .problem(412, "stale-etag")).isNotBlank();
    Http.Response rotated = Http.json(base, "POST", path, "{\"graceSeconds\":3600}",
        with(WRITE, "If-Match", key.get("etag").asText()));
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(rotated.header("cache-control")).isEqualTo("no-store");
    String fresh = rotated.json().get("secret").asText();
    assertThat(fresh).isNotEqualTo(old).startsWith("kw_");
    assertThat(rotated.json().get("id").asText()).isEqualTo(id);
    assertThat(rotated.json().get("description").asText()).isEqualTo("rotating");
    assertThat(rotated.json().get("oldSecretValidUntil").asText())
        .isEqualTo(app.clock.instant().plusSeconds(3600).toString());
    assertThat(orders(old).status()).isEqualTo(200);
    assertThat(orders(fresh).status()).isEqualTo(200);
    app.clock.advance(Duration.ofSeconds(3599));
    assertThat(orders(old).status()).isEqualTo(200);
    app.clock.advance(Duration.ofSeconds(1));
    assertThat(orders(old).problem(401, "invalid-api-key")).isNotBlank();
    assertThat(orders(fresh).status()).isEqualTo(200);
  }

  @Test
  void rotate_thenExpire_thenUnexpire_bringsBackOnlyTheNewSecret() throws Exception {
    JsonNode key = create("{\"generate\":true,\"clientType\":\"web\"}").json();
    String id = key.get("id").asText();
    String old = key.get("secret").asText();
    String path = "/keywarden/api/keys/" + id;
    Http.Response rotated = Http.json(base, "POST", path + "/rotate", "{\"graceSeconds\":3600}", WRITE);
    String fresh = rotated.json().get("secret").asText();
    assertThat(orders(old).status()).isEqualTo(200);
    assertThat(orders(fresh).status()).isEqualTo(200);
    // past for the admin's clock and for the wall clock the store goes by
    Http.Response expired = Http.json(base, "PATCH", path, "{\"expiresAt\":\"2020-01-01T00:00:00Z\"}",
        with(WRITE, "If-Match", rotated.header("etag")));
    assertThat(expired.status()).isEqualTo(200);
    assertThat(orders(old).problem(401, "invalid-api-key")).isNotBlank();
    assertThat(orders(fresh).problem(401, "invalid-api-key")).isNotBlank();
    Http.Response unexpired = Http.json(base, "PATCH", path, "{\"expiresAt\":null}",
        with(WRITE, "If-Match", expired.header("etag")));
    assertThat(unexpired.status()).isEqualTo(200);
    assertThat(orders(old).problem(401, "invalid-api-key")).isNotBlank(); // still within the hour of grace
    assertThat(orders(fresh).status()).isEqualTo(200);

    // rotating an expired key keeps no old secret, and the answer says so
    Http.Response expiredAgain = Http.json(base, "PATCH", path, "{\"expiresAt\":\"2020-01-01T00:00:00Z\"}",
        with(WRITE, "If-Match", unexpired.header("etag")));
    Http.Response rotatedExpired = Http.json(base, "POST", path + "/rotate", "{\"graceSeconds\":3600}",
        with(WRITE, "If-Match", expiredAgain.header("etag")));
    assertThat(rotatedExpired.json().get("oldSecretValidUntil").asText()).isEqualTo(app.clock.instant().toString());
    Http.Response unexpiredAgain = Http.json(base, "PATCH", path, "{\"expiresAt\":null}",
        with(WRITE, "If-Match", rotatedExpired.header("etag")));
    assertThat(unexpiredAgain.status()).isEqualTo(200);
    assertThat(orders(fresh).problem(401, "invalid-api-key")).isNotBlank();
    assertThat(orders(rotatedExpired.json().get("secret").asText()).status()).isEqualTo(200);
  }

  @Test
  void rotate_thenDeactivate_thenActivate_bringsBackOnlyTheNewSecret() throws Exception {
    JsonNode key = create("{\"generate\":true,\"clientType\":\"web\"}").json();
    String id = key.get("id").asText();
    String old = key.get("secret").asText();
    String path = "/keywarden/api/keys/" + id;
    Http.Response rotated = Http.json(base, "POST", path + "/rotate", "{\"graceSeconds\":86400}", WRITE);
    String fresh = rotated.json().get("secret").asText();
    assertThat(orders(old).status()).isEqualTo(200);
    assertThat(orders(fresh).status()).isEqualTo(200);
    Http.Response off = Http.json(base, "PATCH", path, "{\"active\":false}", with(WRITE, "If-Match", rotated.header("etag")));
    assertThat(off.status()).isEqualTo(200);
    assertThat(orders(old).problem(401, "invalid-api-key")).isNotBlank();
    assertThat(orders(fresh).problem(401, "invalid-api-key")).isNotBlank();
    Http.Response on = Http.json(base, "PATCH", path, "{\"active\":true}", with(WRITE, "If-Match", off.header("etag")));
    assertThat(on.status()).isEqualTo(200);
    assertThat(orders(old).problem(401, "invalid-api-key")).isNotBlank(); // still within the day of grace
    assertThat(orders(fresh).status()).isEqualTo(200);

    // rotating an inactive key keeps no old secret, and the answer says so
    Http.Response offAgain = Http.json(base, "PATCH", path, "{\"active\":false}", with(WRITE, "If-Match", on.header("etag")));
    Http.Response rotatedOff = Http.json(base, "POST", path + "/rotate", "{\"graceSeconds\":86400}",
        with(WRITE, "If-Match", offAgain.header("etag")));
    assertThat(rotatedOff.json().get("oldSecretValidUntil").asText()).isEqualTo(app.clock.instant().toString());
    Http.Response onAgain = Http.json(base, "PATCH", path, "{\"active\":true}", with(WRITE, "If-Match", rotatedOff.header("etag")));
    assertThat(onAgain.status()).isEqualTo(200);
    assertThat(orders(fresh).problem(401, "invalid-api-key")).isNotBlank();
    assertThat(orders(rotatedOff.json().get("secret").asText()).status()).isEqualTo(200);
  }

  @Test
  void rotate_badGracePeriods() throws Exception {
    String path = "/keywarden/api/keys/seed1/rotate";
    assertThat(Http.json(base, "POST", path, "{}", WRITE).problem(400, "invalid-request")).startsWith("graceSeconds is required");
    for (String bad : List.of("-1", "\"60\"", "1.5", "true", "7776001", "99999999999999999999999")) {
      assertThat(Http.json(base, "POST", path, "{\"graceSeconds\":" + bad + "}", WRITE).problem(400, "invalid-request"))
          .as(bad).startsWith("graceSeconds must be a whole number of seconds from 0 to 7776000");
    }
    assertThat(Http.json(base, "POST", path, "{\"grace\":60}", WRITE).problem(400, "invalid-request"))
        .startsWith("unknown field \"grace\"");
  }

  // --- list, filters, paging ---

  @Test
  void list_filtersAndPages_andRefusesBadParameters() throws Exception {
    for (int i = 0; i < 3; i++) {
      create("{\"generate\":true,\"clientType\":\"pager\",\"id\":\"pager" + i + "\",\"active\":" + (i != 1) + "}");
    }
    JsonNode all = Http.get(base, "/keywarden/api/keys?clientType=pager", ADMIN).json();
    assertThat(all.get("total").asInt()).isEqualTo(3);
    assertThat(ids(all)).containsExactly("pager0", "pager1", "pager2");
    assertThat(ids(Http.get(base, "/keywarden/api/keys?clientType=pager&active=false", ADMIN).json()))
        .containsExactly("pager1");
    JsonNode page2 = Http.get(base, "/keywarden/api/keys?clientType=pager&page=2&size=2", ADMIN).json();
    assertThat(ids(page2)).containsExactly("pager2");
    assertThat(page2.get("page").asInt()).isEqualTo(2);
    assertThat(page2.get("size").asInt()).isEqualTo(2);
    assertThat(page2.get("total").asInt()).isEqualTo(3);
    assertThat(ids(Http.get(base, "/keywarden/api/keys?clientType=pager&page=9", ADMIN).json())).isEmpty();

    assertThat(Http.get(base, "/keywarden/api/keys?page=0", ADMIN).problem(400, "invalid-request"))
        .isEqualTo("page must be a whole number from 1 to 2147483647 (was \"0\")");
    assertThat(Http.get(base, "/keywarden/api/keys?size=201", ADMIN).problem(400, "invalid-request"))
        .isEqualTo("size must be a whole number from 1 to 200 (was \"201\")");
    assertThat(Http.get(base, "/keywarden/api/keys?size=x", ADMIN).problem(400, "invalid-request")).startsWith("size must");
    assertThat(Http.get(base, "/keywarden/api/keys?active=maybe", ADMIN).problem(400, "invalid-request"))
        .isEqualTo("active must be true or false (was \"maybe\")");
    assertThat(Http.get(base, "/keywarden/api/keys?clientType=a%20b", ADMIN).problem(400, "invalid-request"))
        .startsWith("clientType must match");
    assertThat(Http.get(base, "/keywarden/api/keys?sort=id", ADMIN).problem(400, "invalid-request"))
        .startsWith("unknown query parameter \"sort\"");
    assertThat(Http.get(base, "/keywarden/api/keys?page=1&page=2", ADMIN).problem(400, "invalid-request"))
        .isEqualTo("query parameter page is given more than once");
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  // --- endpoints and explain ---

  @Test
  void endpoints_listEveryRuleInMiasTerms() throws Exception {
    JsonNode endpoints = Http.get(base, "/keywarden/api/endpoints", ADMIN).json().get("endpoints");
    assertThat(endpoints).hasSize(4);
    JsonNode mia = endpoints.get(1);
    assertThat(mia.get("method").asText()).isEqualTo("GET");
    assertThat(mia.get("path").asText()).isEqualTo("/mia");
    assertThat(mia.get("public").asBoolean()).isTrue();
    assertThat(mia.get("apiKeyRequired").asBoolean()).isFalse();
    assertThat(mia.get("userGroupPermission").asText()).isEqualTo("groups.foo || clientType == \"bar\"");
    assertThat(mia.get("backofficeUserGroupPermission").isNull()).isTrue();
    assertThat(mia.get("groups").toString()).isEqualTo("[\"foo\"]");
    assertThat(mia.get("clientTypes").toString()).isEqualTo("[\"bar\"]");
    assertThat(endpoints.get(0).get("apiKeyRequired").asBoolean()).isTrue();
  }

  @Test
  void explain_givesTheDecidingRowTheRuleAndTheAtoms() throws Exception {
    JsonNode anonymous = Http.json(base, "POST", "/keywarden/api/explain", "{\"method\":\"GET\",\"path\":\"/mia\"}", WRITE)
        .json();
    assertThat(anonymous.get("decision").asText()).isEqualTo("deny");
    assertThat(anonymous.get("status").asInt()).isEqualTo(401);
    assertThat(anonymous.get("code").asText()).isEqualTo("unauthorized");
    assertThat(anonymous.get("row").get("number").asInt()).isEqualTo(7);
    assertThat(anonymous.get("rule").get("path").asText()).isEqualTo("/mia");
    assertThat(anonymous.get("expressionResult").asBoolean()).isFalse();
    assertThat(anonymous.get("atoms").toString()).isEqualTo("[{\"atom\":\"groups[\\\"foo\\\"]\",\"value\":\"undefined\"},"
        + "{\"atom\":\"clientType\",\"value\":\"undefined\"},{\"atom\":\"isBackoffice\",\"value\":\"false\"}]");

    JsonNode member = Http.json(base, "POST", "/keywarden/api/explain",
        "{\"method\":\"get\",\"path\":\"/mia\",\"user\":{\"id\":\"ann\",\"groups\":[\"foo\"]}}", WRITE).json();
    assertThat(member.get("decision").asText()).isEqualTo("allow");
    assertThat(member.get("row").get("number").asInt()).isEqualTo(9);
    assertThat(member.get("userId").asText()).isEqualTo("ann");

    JsonNode keyed = Http.json(base, "POST", "/keywarden/api/explain",
        "{\"method\":\"GET\",\"path\":\"/orders\",\"key\":\"seed-web-key\"}", WRITE).json();
    assertThat(keyed.get("decision").asText()).isEqualTo("allow");
    assertThat(keyed.get("keyId").asText()).isEqualTo("seed1");
    assertThat(keyed.toString()).doesNotContain("seed-web-key");

    JsonNode missing = Http.json(base, "POST", "/keywarden/api/explain",
        "{\"method\":\"GET\",\"path\":\"/orders\",\"clientType\":\"\"}", WRITE).json();
    assertThat(missing.get("row").get("name").asText()).isEqualTo("MISSING_API_KEY");
    JsonNode noRule = Http.json(base, "POST", "/keywarden/api/explain", "{\"method\":\"GET\",\"path\":\"/x\"}", WRITE).json();
    assertThat(noRule.get("row").get("name").asText()).isEqualTo("NO_MATCHING_RULE");
    assertThat(noRule.get("row").get("number").isNull()).isTrue();
  }

  @Test
  void explain_badInput() throws Exception {
    assertThat(Http.json(base, "POST", "/keywarden/api/explain", "{\"method\":\"FETCH\",\"path\":\"/mia\"}", WRITE)
        .problem(400, "invalid-request")).startsWith("method must be GET, POST");
    assertThat(Http.json(base, "POST", "/keywarden/api/explain", "{\"method\":\"GET\",\"path\":\"mia\"}", WRITE)
        .problem(400, "invalid-request")).isEqualTo("path must start with / (was \"mia\")");
    assertThat(Http.json(base, "POST", "/keywarden/api/explain", "{\"path\":\"/mia\"}", WRITE)
        .problem(400, "invalid-request")).isEqualTo("method and path are required");
    assertThat(Http.json(base, "POST", "/keywarden/api/explain",
        "{\"method\":\"GET\",\"path\":\"/mia\",\"key\":\"k\",\"clientType\":\"bar\"}", WRITE)
        .problem(400, "invalid-request")).isEqualTo("give a key or a client type, not both");
    assertThat(Http.json(base, "POST", "/keywarden/api/explain",
        "{\"method\":\"GET\",\"path\":\"/mia\",\"clientType\":\"b a r\"}", WRITE)
        .problem(400, "invalid-request")).startsWith("clientType must match");
    assertThat(Http.json(base, "POST", "/keywarden/api/explain",
        "{\"method\":\"GET\",\"path\":\"/mia\",\"user\":{\"groups\":[\"foo\"]}}", WRITE)
        .problem(400, "invalid-request")).startsWith("user.id is required");
    assertThat(Http.json(base, "POST", "/keywarden/api/explain",
        "{\"method\":\"GET\",\"path\":\"/mia\",\"user\":{\"id\":\"u\",\"groups\":\"foo\"}}", WRITE)
        .problem(400, "invalid-request")).isEqualTo("user.groups must be an array of strings");
    assertThat(Http.get(base, "/keywarden/api/explain", ADMIN).problem(405, "method-not-allowed")).isNotBlank();
  }

  // --- CSRF ---

  @Test
  void stateChangingCalls_withoutTheCsrfHeader_orFromAnotherOrigin_areRefused() throws Exception {
    String body = "{\"generate\":true,\"clientType\":\"web\"}";
    assertThat(Http.json(base, "POST", "/keywarden/api/keys", body, ADMIN).problem(403, "csrf"))
        .isEqualTo("state-changing calls need the header X-Keywarden-CSRF: 1");
    assertThat(Http.json(base, "POST", "/keywarden/api/keys", body, with(ADMIN, "X-Keywarden-CSRF", "yes"))
        .problem(403, "csrf")).isNotBlank();
    assertThat(Http.json(base, "POST", "/keywarden/api/keys", body, with(WRITE, "Origin", "https://evil.example"))
        .problem(403, "csrf")).startsWith("Origin https://evil.example is not this server's origin");
    assertThat(Http.json(base, "POST", "/keywarden/api/keys", body, with(WRITE, "Origin", "null"))
        .problem(403, "csrf")).isNotBlank();
    assertThat(Http.json(base, "POST", "/keywarden/api/keys", body, with(WRITE, "Sec-Fetch-Site", "cross-site"))
        .problem(403, "csrf")).startsWith("Sec-Fetch-Site is cross-site");
    assertThat(Http.send(base, "DELETE", "/keywarden/api/keys/seed1", null, null, ADMIN).problem(403, "csrf"))
        .isNotBlank();
    assertThat(Http.json(base, "PATCH", "/keywarden/api/keys/seed1", "{\"active\":false}", with(ADMIN, "If-Match", "*"))
        .problem(403, "csrf")).isNotBlank();
    assertThat(Http.json(base, "POST", "/keywarden/api/keys/seed1/rotate", "{\"graceSeconds\":0}", ADMIN)
        .problem(403, "csrf")).isNotBlank();
    // a cross-site form post: simple content type, no custom header
    assertThat(Http.send(base, "POST", "/keywarden/api/keys", "text/plain", body.getBytes(StandardCharsets.UTF_8),
        with(ADMIN, "Origin", "https://evil.example")).problem(403, "csrf")).isNotBlank();
    Http.Response preflight = Http.send(base, "OPTIONS", "/keywarden/api/keys", null, null,
        "Origin", "https://evil.example", "Access-Control-Request-Method", "POST",
        "Access-Control-Request-Headers", "x-keywarden-csrf,content-type");
    assertThat(preflight.header("access-control-allow-origin")).isNull();
    assertThat(preflight.status()).isGreaterThanOrEqualTo(400);
    assertThat(orders("seed-web-key").status()).isEqualTo(200); // nothing above touched the seed key
    Http.Response sameOrigin = Http.json(base, "POST", "/keywarden/api/keys", body,
        with(WRITE, "Origin", base, "Sec-Fetch-Site", "same-origin"));
    assertThat(sameOrigin.status()).isEqualTo(201);
  }

  @Test
  void stateChangingCalls_withTwoOriginOrSecFetchSiteHeaders_areRefused() throws Exception {
    String body = "{\"generate\":true,\"clientType\":\"twoheaders\"}";
    assertThat(Http.json(base, "POST", "/keywarden/api/keys", body,
        with(WRITE, "Origin", base, "Origin", "https://evil.example")).problem(403, "csrf"))
        .isEqualTo("more than one Origin header; a state-changing call must send at most one");
    assertThat(Http.json(base, "POST", "/keywarden/api/keys", body,
        with(WRITE, "Origin", base, "Origin", base)).problem(403, "csrf"))
        .isEqualTo("more than one Origin header; a state-changing call must send at most one");
    assertThat(Http.json(base, "POST", "/keywarden/api/keys", body,
        with(WRITE, "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Site", "cross-site")).problem(403, "csrf"))
        .isEqualTo("more than one Sec-Fetch-Site header; a state-changing call must send at most one");
    assertThat(Http.json(base, "PATCH", "/keywarden/api/keys/seed1", "{\"active\":false}",
        with(WRITE, "If-Match", "*", "Origin", base, "Origin", "https://evil.example")).problem(403, "csrf"))
        .startsWith("more than one Origin header");
    assertThat(orders("seed-web-key").status()).isEqualTo(200); // nothing above touched the seed key
    assertThat(ids(Http.get(base, "/keywarden/api/keys?clientType=twoheaders", ADMIN).json())).isEmpty();
  }

  @Test
  void stateChangingCalls_withSecFetchSiteOtherThanSameOrigin_areRefused() throws Exception {
    String body = "{\"generate\":true,\"clientType\":\"fetchsite\"}";
    for (String site : List.of("none", "same-site", "cross-site", "NONE")) {
      assertThat(Http.json(base, "POST", "/keywarden/api/keys", body, with(WRITE, "Sec-Fetch-Site", site))
          .problem(403, "csrf")).as(site).startsWith("Sec-Fetch-Site is ");
    }
    assertThat(Http.json(base, "POST", "/keywarden/api/keys/seed1/rotate", "{\"graceSeconds\":0}",
        with(WRITE, "Sec-Fetch-Site", "none")).problem(403, "csrf")).isNotBlank();
    assertThat(orders("seed-web-key").status()).isEqualTo(200);
    assertThat(ids(Http.get(base, "/keywarden/api/keys?clientType=fetchsite", ADMIN).json())).isEmpty();
    // absent or same-origin: allowed as before
    assertThat(Http.json(base, "POST", "/keywarden/api/keys", body, WRITE).status()).isEqualTo(201);
    assertThat(Http.json(base, "POST", "/keywarden/api/keys", body, with(WRITE, "Sec-Fetch-Site", "same-origin"))
        .status()).isEqualTo(201);
  }

  // --- console, headers, OpenAPI, audit ---

  @Test
  void console_isServedWithAStrictCsp_andNoInlineScriptOrStyle() throws Exception {
    Http.Response redirect = Http.get(base, "/keywarden", ADMIN);
    assertThat(redirect.status()).isEqualTo(302);
    assertThat(redirect.header("location")).endsWith("/keywarden/");
    Http.Response index = Http.get(base, "/keywarden/", ADMIN);
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.header("content-type")).startsWith("text/html");
    assertThat(index.header("content-security-policy")).contains("default-src 'none'").contains("script-src 'self'")
        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(index.header("x-content-type-options")).isEqualTo("nosniff");
    assertThat(index.header("x-frame-options")).isEqualTo("DENY");
    assertThat(index.body()).contains("<script src=\"console.js\"").doesNotContainPattern("<script>")
        .doesNotContainPattern("(?i)\\son[a-z]+\\s*=").doesNotContainPattern("(?i)\\sstyle\\s*=")
        .doesNotContain("<style").doesNotContain("http://").doesNotContain("https://");
    assertThat(Http.get(base, "/keywarden/console.js", ADMIN).header("content-type")).startsWith("text/javascript");
    assertThat(Http.get(base, "/keywarden/console.css", ADMIN).header("content-type")).startsWith("text/css");
    assertThat(Http.get(base, "/keywarden/api/keys", ADMIN).header("content-security-policy")).isNotNull();
  }

  /** Every call the issue lists, as this test writes them down (not as the servlet routes them). */
  private static final List<String> ISSUE_ROUTES = List.of("get /api/keys", "post /api/keys", "patch /api/keys/{id}",
      "delete /api/keys/{id}", "post /api/keys/{id}/rotate", "get /api/endpoints", "post /api/explain",
      "get /api/openapi.json", "get /api/keys/{id}");

  @Test
  void openApi_describesEveryRoute_andEveryDescribedRouteIsServed() throws Exception {
    Http.Response openapi = Http.get(base, "/keywarden/api/openapi.json", ADMIN);
    assertThat(openapi.status()).isEqualTo(200);
    JsonNode paths = openapi.json().get("paths");
    List<String> described = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      path.getValue().fieldNames().forEachRemaining(method -> described.add(method + " " + path.getKey()));
    }
    assertThat(described).containsExactlyInAnyOrderElementsOf(ISSUE_ROUTES);
    // Each described operation reaches a handler: never the "no such resource" or "method" refusals.
    for (String route : described) {
      String method = route.substring(0, route.indexOf(' ')).toUpperCase(java.util.Locale.ROOT);
      String path = "/keywarden" + route.substring(route.indexOf(' ') + 1).replace("{id}", "absent-id");
      Http.Response response = Http.json(base, method, path, "{}", with(WRITE, "If-Match", "*"));
      assertThat(response.status()).as(route).isNotEqualTo(405);
      if (response.status() == 404) {
        assertThat(response.json().get("detail").asText()).as(route).isEqualTo("no key has the id absent-id");
      }
    }
  }

  @Test
  void everyAction_isAudited_withActorActionAndKeyId_neverTheSecret() throws Exception {
    JsonNode key = create("{\"generate\":true,\"clientType\":\"web\",\"id\":\"audited\"}").json();
    String etag = key.get("etag").asText();
    Http.Response off = Http.json(base, "PATCH", "/keywarden/api/keys/audited", "{\"active\":false}",
        with(WRITE, "If-Match", etag));
    Http.Response rotated = Http.json(base, "POST", "/keywarden/api/keys/audited/rotate", "{\"graceSeconds\":0}",
        with(WRITE, "If-Match", off.header("etag")));
    Http.send(base, "DELETE", "/keywarden/api/keys/audited", null, null, WRITE);
    List<AuditEvent> mine = app.audit.stream().filter(e -> e.keyId().equals("audited")).toList();
    assertThat(mine).extracting(AuditEvent::action).containsExactly(AuditEvent.Action.CREATE,
        AuditEvent.Action.DEACTIVATE, AuditEvent.Action.ROTATE, AuditEvent.Action.DELETE);
    assertThat(mine).allSatisfy(e -> {
      assertThat(e.actor()).isEqualTo("ada");
      assertThat(e.at()).isNotNull();
      assertThat(e.toString()).doesNotContain(key.get("secret").asText())
          .doesNotContain(rotated.json().get("secret").asText());
    });
  }
}
