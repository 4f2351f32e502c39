package dev.keywarden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  /**
   * URL forms whose password went through: Oracle's {@code user/password@}, MySQL's MFA
   * {@code password1..3=}, a SQL Server braced value holding {@code ;}, a user information whose
   * user holds {@code ;}, and PostgreSQL's driver logging (java.util.logging) the text after
   * {@code user:} as an invalid port. Checked on the command's streams, on {@code System.out} and
   * {@code System.err}, and in what java.util.logging handlers receive.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jdbc:oracle:thin:scott/TIGERSECRET1@//db.example:1521/XE|TIGERSECRET1",
      "jdbc:oracle:thin:scott/TIGERSECRET1@db.example:1521:XE|TIGERSECRET1",
      "jdbc:mysql://db.example/keys?user=u&password1=MFASECRET2|MFASECRET2",
      "jdbc:mysql://db.example/keys?user=u&password=P1SECRET&password2=MFASECRET2&password3=MFASECRET3|MFASECRET",
      "jdbc:mysql://db.example/keys?user=u&password3=MFASECRET3|MFASECRET3",
      "jdbc:sqlserver://db.example;user=sa;password={SQL;SECRET3}|SECRET3",
      "jdbc:sqlserver://db.example;user=sa;password={SQL;SECRET3}}x};encrypt=true|SECRET3",
      "jdbc:postgresql://us;er:PGSECRET4@db.example/keys|PGSECRET4",
      "jdbc:postgresql://user:PGSECRET11@db.example/keys|PGSECRET11",
      "jdbc:postgresql://user:PG%53ECRET12@db.example/keys|PGSECRET12",
  })
  void serve_neverPrintsThePassword_onAnyStreamNorThroughDriverLogging(String url, String password) {
    String everything = everythingPrintedBy(() -> assertThat(run("serve", "--port", "0", "--jdbc-url", url))
        .as(url).isEqualTo(1));
    assertThat(output()).as(url).contains("could not use the database jdbc:").contains("<redacted>")
        .doesNotContain(password);
    assertThat(everything).as(url).doesNotContain(password);
  }

  @Test
  void serve_postgresqlDriverLogsTheTextAfterTheUserAsAPort_scrubbed() {
    String everything = everythingPrintedBy(() -> run("serve", "--port", "0", "--jdbc-url",
        "jdbc:postgresql://user:PGSECRET11@db.example/keys"));
    assertThat(everything).contains("invalid port number: <redacted>@db.example").doesNotContain("PGSECRET11");
  }

  /**
   * A database that opens while the output is scrubbed: H2 asked to trace to {@code System.out}
   * prints the migration's statements (they reach the terminal, scrubbed), the store opens, and the
   * keys line names the URL without its password.
   */
  @Test
  void open_withADriverTracingToSystemOut_printsNoPassword() {
    String url = "jdbc:h2:mem:kwtrace;DB_CLOSE_DELAY=-1;TRACE_LEVEL_SYSTEM_OUT=3;USER=sa;PASSWORD=H2TRACESECRET";
    ByteArrayOutputStream keysLine = new ByteArrayOutputStream();
    String everything = everythingPrintedBy(() -> JdbcKeys.open(url, List.of(),
        new PrintStream(keysLine, true, StandardCharsets.UTF_8)));
    assertThat(everything).contains("CREATE TABLE IF NOT EXISTS keywarden_api_keys").doesNotContain("H2TRACESECRET");
    assertThat(keysLine.toString(StandardCharsets.UTF_8)).startsWith("Keys in jdbc:h2:mem:kwtrace;")
        .contains("PASSWORD=<redacted>").doesNotContain("H2TRACESECRET");
  }

  /** What {@code action} prints to {@code System.out}, {@code System.err} and java.util.logging's root handlers. */
  private static String everythingPrintedBy(Runnable action) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    Logger root = Logger.getLogger("");
    Handler handler = new StreamHandler(logged, new SimpleFormatter());
    root.addHandler(handler);
    PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      action.run();
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
      handler.flush();
      root.removeHandler(handler);
    }
    return printed.toString(StandardCharsets.UTF_8) + logged.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shownUrl_hidesEveryPasswordForm_keepsTheRest() {
    assertThat(JdbcKeys.shown("jdbc:oracle:thin:scott/TIGER@//db.example:1521/XE"))
        .isEqualTo("jdbc:oracle:thin:scott/<redacted>@//db.example:1521/XE");
    assertThat(JdbcKeys.shown("jdbc:oracle:thin:scott/TIGER@db.example:1521:XE"))
        .isEqualTo("jdbc:oracle:thin:scott/<redacted>@db.example:1521:XE");
    assertThat(JdbcKeys.shown("jdbc:oracle:thin:@//db.example:1521/XE"))
        .isEqualTo("jdbc:oracle:thin:@//db.example:1521/XE");
    assertThat(JdbcKeys.shown("jdbc:mysql://h/db?user=u&password1=A1&password2=B2&password3=C3&ssl=true"))
        .isEqualTo("jdbc:mysql://h/db?user=u&password1=<redacted>&password2=<redacted>&password3=<redacted>&ssl=true");
    assertThat(JdbcKeys.shown("jdbc:sqlserver://h;user=sa;password={SQL;SECRET3};encrypt=true"))
        .isEqualTo("jdbc:sqlserver://h;user=sa;password=<redacted>;encrypt=true");
    assertThat(JdbcKeys.shown("jdbc:sqlserver://h;password={a}}b;c}"))
        .isEqualTo("jdbc:sqlserver://h;password=<redacted>");
    assertThat(JdbcKeys.shown("jdbc:postgresql://us;er:PW1@h/db")).isEqualTo("jdbc:postgresql://us;er:<redacted>@h/db");
    assertThat(JdbcKeys.shown("jdbc:mysql://(host=h,user=u,password=PW2)/db")).doesNotContain("PW2");
    assertThat(JdbcKeys.shown("jdbc:postgresql://h:5432/db?user=a&ssl=true"))
        .isEqualTo("jdbc:postgresql://h:5432/db?user=a&ssl=true");
  }

  @Test
  void passwords_areEveryCandidate_asWrittenAndDecoded_longestFirst() {
    assertThat(JdbcKeys.passwords("jdbc:sqlserver://h;password={SQL;S}}3}"))
        .contains("{SQL;S}}3}", "SQL;S}}3", "SQL;S}3");
    assertThat(JdbcKeys.passwords("jdbc:postgresql://h/db?password=a;b&x=1")).contains("a;b", "a");
    assertThat(JdbcKeys.passwords("jdbc:postgresql://u:p%2Fw+x@h/db")).contains("p%2Fw+x", "p/w+x", "p/w x");
    assertThat(JdbcKeys.passwords("jdbc:postgresql://u:pa/ss@h/db")).contains("pa/ss");
    assertThat(JdbcKeys.passwords("jdbc:postgresql://h/db?pass%77ord=enc")).contains("enc");
    assertThat(JdbcKeys.passwords("jdbc:mysql://address=(host=h)(password=pw9)/db")).contains("pw9");
    assertThat(JdbcKeys.passwords("jdbc:oracle:thin:scott/ti@ger@//h/XE")).contains("ti@ger");
    assertThat(JdbcKeys.passwords("jdbc:postgresql://h:5432/db?user=a")).isEmpty();
    assertThat(JdbcKeys.passwords("jdbc:x://h/db?password=a&password=bbb")).contains("bbb", "a")
        .isSortedAccordingTo(Comparator.comparingInt(String::length).reversed());
  }

  @Test
  void scrub_hidesThePasswordWhereverTheDriverQuotesIt() {
    assertThat(JdbcKeys.scrub("Invalid port: SECRET3}@x; value {SQL;SECRET3}",
        "jdbc:sqlserver://h;password={SQL;SECRET3}"))
        .doesNotContain("SECRET3");
    assertThat(JdbcKeys.scrub("login as scott with TIGER refused", "jdbc:oracle:thin:scott/TIGER@//h/XE"))
        .isEqualTo("login as scott with <redacted> refused");
    assertThat(JdbcKeys.scrub("invalid port number: PGSECRET11@db.example",
        "jdbc:postgresql://user:PGSECRET11@db.example/k"))
        .isEqualTo("invalid port number: <redacted>@db.example");
  }
}
