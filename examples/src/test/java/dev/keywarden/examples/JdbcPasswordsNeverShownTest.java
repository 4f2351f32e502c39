package dev.keywarden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * {@code serve --jdbc-url}: whatever the command prints about the database, its own text or the
 * driver's messages quoting the URL, carries no password of the URL, in any of the usual forms.
 */
class JdbcPasswordsNeverShownTest extends CliOutputTestSupport {
  @Test
  void serveWithAnUnknownDriver_quotesTheUrlWithoutItsPassword() {
    String[] urls = {
        "jdbc:nosuch://db.example/keys?user=kw&password=TopSecretPw1",
        "jdbc:nosuch://db.example/keys?user=kw&PASSWORD = TopSecretPw1&ssl=true",
        "jdbc:nosuch://db.example;user=kw;password=TopSecretPw1;encrypt=true",
        "jdbc:nosuch://kw:TopSecretPw1@db.example/keys",
        "jdbc:nosuch://db.example/keys?user=kw&password=TopSecret%50w1"};
    for (String url : urls) {
      assertThat(run("serve", "--port", "0", "--jdbc-url", url)).as(url).isEqualTo(1);
      assertThat(output()).as(url).contains("could not use the database jdbc:nosuch://")
          .contains("<redacted>").doesNotContain("TopSecret");
    }
  }

  @Test
  void serveWithAPasswordInTheUserInformation_neverPrintsIt() {
    assertThat(run("serve", "--port", "0", "--jdbc-url", "jdbc:h2:tcp://sa:TopSecretPw5@127.0.0.1:1/x")).isEqualTo(1);
    assertThat(output()).contains("could not use the database").doesNotContain("TopSecretPw5");
  }

  @Test
  void redact_coversEveryPasswordForm_caseInsensitive_withSpaces() {
    assertThat(JdbcKeys.redact("jdbc:postgresql://h/db?user=a&password=pw1&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=a&password=<redacted>&ssl=true");
    assertThat(JdbcKeys.redact("jdbc:sqlserver://h;user=a;Password = pw1;encrypt=true"))
        .isEqualTo("jdbc:sqlserver://h;user=a;Password = <redacted>;encrypt=true");
    assertThat(JdbcKeys.redact("jdbc:h2:tcp://h/x;USER=sa;PASSWORD=pw1"))
        .isEqualTo("jdbc:h2:tcp://h/x;USER=sa;PASSWORD=<redacted>");
    assertThat(JdbcKeys.redact("jdbc:postgresql://a:pw1@h:5432/db"))
        .isEqualTo("jdbc:postgresql://a:<redacted>@h:5432/db");
    assertThat(JdbcKeys.redact("jdbc:postgresql://a:p@ss:w@h/db")).isEqualTo("jdbc:postgresql://a:<redacted>@h/db");
    assertThat(JdbcKeys.scrub("host p@ss:w@h unknown", "jdbc:postgresql://a:p@ss:w@h/db"))
        .isEqualTo("host <redacted>@h unknown");
    assertThat(JdbcKeys.redact("jdbc:postgresql://h/db?sslpassword=pw1"))
        .isEqualTo("jdbc:postgresql://h/db?sslpassword=<redacted>");
    assertThat(JdbcKeys.redact("jdbc:postgresql://h:5432/db?user=a")).isEqualTo("jdbc:postgresql://h:5432/db?user=a");
  }

  @Test
  void describe_scrubsThePasswordFromEveryCause_evenWhenTheDriverQuotesItAlone() {
    String url = "jdbc:postgresql://kw:pw%21one@h/db?password=Second-Pw";
    Exception failure = new IllegalStateException("could not migrate: failed for jdbc:postgresql://kw:pw%21one@h/db",
        new SQLException("host kw:pw!one@h unknown; password Second-Pw refused"));
    String text = JdbcKeys.describe(failure, url);
    assertThat(text).contains("could not migrate", "caused by: host kw:<redacted>@h unknown")
        .doesNotContain("pw%21one").doesNotContain("pw!one").doesNotContain("Second-Pw");
  }
}
