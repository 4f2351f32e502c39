package dev.keywarden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;

/** While a {@link ScrubbedOutput} is open, System.out, System.err and java.util.logging are scrubbed; then restored. */
class ScrubbedOutputTest {
  @Test
  void scrubsStreamsAndLogRecordsWithTheirExceptions_thenPutsEverythingBack() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
    Logger logger = Logger.getLogger("dev.keywarden.examples.scrubtest");
    logger.setUseParentHandlers(false);
    Handler handler = new StreamHandler(logged, new SimpleFormatter());
    logger.addHandler(handler);
    System.setOut(capture);
    System.setErr(capture);
    try {
      try (ScrubbedOutput scrubbed =
          ScrubbedOutput.install(text -> text == null ? null : text.replace("S3CRET", "<x>"))) {
        assertThat(System.err).isNotSameAs(capture);
        assertThat(logger.getHandlers()).doesNotContain(handler);
        System.out.print("out S3");
        System.out.flush(); // half a line is held: the other half may complete a password
        System.out.println("CRET done");
        System.err.println("err S3CRET");
        System.err.print("unterminated S3CRET");
        logger.log(Level.WARNING, "invalid port {0}", "S3CRET@h");
        logger.log(Level.SEVERE, "failed", new IllegalStateException("outer S3CRET",
            new SQLException("inner S3CRET")));
      }
      assertThat(System.out).isSameAs(capture);
      assertThat(System.err).isSameAs(capture);
      assertThat(List.of(logger.getHandlers())).containsExactly(handler);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
      handler.flush();
      logger.removeHandler(handler);
      logger.setUseParentHandlers(true);
    }
    String all = printed.toString(StandardCharsets.UTF_8) + logged.toString(StandardCharsets.UTF_8);
    assertThat(all).doesNotContain("S3CRET").contains("out <x> done", "err <x>", "unterminated <x>",
        "invalid port <x>@h", "java.lang.IllegalStateException: outer <x>",
        "Caused by: java.sql.SQLException: inner <x>");
  }
}
