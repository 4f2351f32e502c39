package dev.keywarden.spring.hiddenmethod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * External finding F2: without Spring Security the filter was registered at
 * {@code HIGHEST_PRECEDENCE + 10}, before Spring's {@code HiddenHttpMethodFilter} (enabled by
 * {@code spring.mvc.hiddenmethod.filter.enabled=true}), so Keywarden judged a {@code POST} while
 * the controller ran the {@code DELETE} or {@code PUT} named by {@code _method}.
 *
 * <p>A real application on an embedded Tomcat, started with Spring Security hidden from its class
 * loader (the configuration where the bug lived), and a real HTTP client. The oracle is which
 * controller method ran, and the rules below: {@code POST} is public, {@code DELETE} and
 * {@code PUT} need a logged-in member of {@code admin} (users come from the Mia-Platform trusted
 * headers). Its package is outside {@code dev.keywarden.spring.boot}, so the other tests'
 * application does not scan it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HiddenMethodOverrideTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String FORM = "application/x-www-form-urlencoded";

  private ConfigurableApplicationContext context;
  private int port;

  /** The application: auto-configuration, no component scan, one controller. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Things.class)
  static class App {}

  /** Says which method ran. */
  @RestController
  static class Things {
    @PostMapping("/api/things/{id}")
    String post() {
      return "handler=post";
    }

    @DeleteMapping("/api/things/{id}")
    String delete() {
      return "handler=delete";
    }

    @PutMapping("/api/things/{id}")
    String put() {
      return "handler=put";
    }
  }

  @BeforeAll
  void start() {
    context = new SpringApplicationBuilder(App.class)
        .resourceLoader(new DefaultResourceLoader(new FilteredClassLoader("org.springframework.security")))
        .properties(
            "server.port=0",
            "spring.mvc.hiddenmethod.filter.enabled=true",
            "keywarden.trusted-headers=true",
            "keywarden.endpoints[0].method=POST",
            "keywarden.endpoints[0].path=/api/things/**",
            "keywarden.endpoints[0].public=true",
            "keywarden.endpoints[1].method=DELETE",
            "keywarden.endpoints[1].path=/api/things/**",
            "keywarden.endpoints[1].user-group-permission=groups.admin",
            "keywarden.endpoints[2].method=PUT",
            "keywarden.endpoints[2].path=/api/things/**",
            "keywarden.endpoints[2].user-group-permission=groups.admin")
        .run();
    port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    assertThat(context.getClassLoader().getClass()).isEqualTo(FilteredClassLoader.class);
  }

  @AfterAll
  void stop() {
    if (context != null) {
      context.close();
    }
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", FORM);
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    try {
      return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void hiddenDelete_inTheBody_neverReachesTheDeleteHandler_withoutGroupAdmin() throws Exception {
    HttpResponse<String> anonymous = post("/api/things/1", "_method=DELETE");
    assertThat(anonymous.body()).doesNotContain("handler=");
    assertThat(anonymous.statusCode()).isEqualTo(401); // DELETE's rule is not public
    HttpResponse<String> user = post("/api/things/1", "_method=DELETE", "miauserid", "bob", "miausergroups", "user");
    assertThat(user.body()).doesNotContain("handler=");
    assertThat(user.statusCode()).isEqualTo(403);
  }

  @Test
  void hiddenPut_inTheQuery_neverReachesThePutHandler_withoutGroupAdmin() throws Exception {
    HttpResponse<String> anonymous = post("/api/things/1?_method=PUT", "");
    assertThat(anonymous.body()).doesNotContain("handler=");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<String> lowerCase = post("/api/things/1", "_method=put", "miauserid", "bob", "miausergroups", "user");
    assertThat(lowerCase.body()).doesNotContain("handler=");
    assertThat(lowerCase.statusCode()).isEqualTo(403);
  }

  @Test
  void positiveControls_thePostIsPublic_andTheOverrideIsLive() throws Exception {
    // A plain POST is public: the refusals above are about the DELETE/PUT the controller would run.
    assertThat(post("/api/things/1", "x=1").body()).isEqualTo("handler=post");
    // The hidden-method filter is on: a member of admin reaches DELETE and PUT through POST.
    String[] admin = {"miauserid", "alice", "miausergroups", "admin"};
    assertThat(post("/api/things/1", "_method=DELETE", admin).body()).isEqualTo("handler=delete");
    assertThat(post("/api/things/1?_method=PUT", "", admin).body()).isEqualTo("handler=put");
  }
}
