package dev.keywarden.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keywarden.access.AccessGuard;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Attacker findings: {@code keywarden.enabled} set to anything but exactly {@code true}
 * ({@code 1}, {@code ture}, empty) silently turned Keywarden off; and a separate management port
 * served {@code /actuator/env} anonymously, the filter being registered in the main context only.
 * Both now fail closed at start, with a message naming the property.
 */
class EnabledAndManagementPortTest {

  @Test
  void enabledOtherThanTrueOrFalse_refusesTheStart() {
    for (String value : List.of("1", "ture", "", "yes", "no")) {
      assertThat(failure("keywarden.enabled=" + value)).as(value)
          .contains("keywarden.enabled must be true or false");
    }
  }

  @Test
  void enabledFalse_inAnyCase_turnsKeywardenOff_andTrueWithBlanks_keepsItOn() {
    for (String value : List.of("false", "FALSE", " False ")) {
      try (ConfigurableApplicationContext context = run("keywarden.enabled=" + value)) {
        assertThat(context.getBeanNamesForType(AccessGuard.class)).as(value).isEmpty();
        HttpResponse<String> open = http(context).get("/api/admin/x", "client-type", "sent");
        assertThat(open.statusCode()).as(value).isEqualTo(200);
        assertThat(open.body()).contains("clientTypeHeader=sent");
      }
    }
    for (String value : List.of("true", " TRUE ")) {
      try (ConfigurableApplicationContext context = run("keywarden.enabled=" + value)) {
        // No rule matches: the default rule needs a login.
        assertThat(http(context).get("/api/admin/x").statusCode()).as(value).isEqualTo(401);
      }
    }
  }

  @Test
  void separateManagementPort_refusesTheStart() {
    assertThat(failure("management.server.port=0"))
        .contains("management.server.port sets a separate management port")
        .contains("keywarden.allow-unprotected-management-port=true");
  }

  @Test
  void separateManagementPort_startsWhenTheHostOptsOut_andTheSamePortNeedsNoOptOut() {
    try (ConfigurableApplicationContext context = run("management.server.port=0",
        "keywarden.allow-unprotected-management-port=true")) {
      assertThat(http(context).get("/api/admin/x").statusCode()).isEqualTo(401);
    }
    try (ConfigurableApplicationContext context = run("management.server.port=-1")) {
      assertThat(http(context).get("/api/admin/x").statusCode()).isEqualTo(401);
    }
  }

  private static ConfigurableApplicationContext run(String... properties) {
    return new SpringApplicationBuilder(TestApplication.class).properties("server.port=0")
        .properties(properties).run();
  }

  private static Http http(ConfigurableApplicationContext context) {
    return new Http(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
  }

  private static String failure(String... properties) {
    List<String> messages = new ArrayList<>();
    assertThatThrownBy(() -> run(properties).close()).satisfies(thrown -> {
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        messages.add(String.valueOf(t.getMessage()));
      }
    });
    return String.join("\n", messages);
  }
}
