package dev.keywarden.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.access.AccessGuard;
import dev.keywarden.servlet.KeywardenFilter;
import dev.keywarden.spring.KeywardenProperties;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * keywarden.enabled=false: the application is open as if Keywarden were absent, rules that
 * would refuse everything and a misspelt property included.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("disabled")
class DisabledTest {
  @Value("${local.server.port}")
  int port;
  @Autowired
  ApplicationContext context;

  @Test
  void disabled_leavesTheApplicationOpen_andDefinesNothing() {
    Http http = new Http(port);
    HttpResponse<String> response = http.get("/api/admin/x", "client-key", "no-such-key-1", "client-type", "sent");
    assertThat(response.statusCode()).isEqualTo(200);
    // Untouched: no caller, the client's own headers as sent.
    assertThat(response.body()).isEqualTo("handler=any caller=false clientType=- user=- clientTypeHeader=sent keyHeader=no-such-key-1");
    assertThat(context.getBeanNamesForType(AccessGuard.class)).isEmpty();
    assertThat(context.getBeanNamesForType(KeywardenFilter.class)).isEmpty();
    assertThat(context.getBeanNamesForType(KeywardenProperties.class)).isEmpty();
    assertThat(http.get("/actuator/health").body()).doesNotContain("keywarden");
  }
}
