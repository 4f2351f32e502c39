package dev.keywarden.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * While open, everything printed to {@code System.out} and {@code System.err} (a driver's own
 * prints, SLF4J's simple logger) and every java.util.logging record (PostgreSQL's driver logs
 * there, quoting parts of the URL) goes through a scrubber first. {@code serve --jdbc-url} holds
 * one while it opens the database, so that no driver message shows a password of the URL,
 * whatever the driver thought worth logging.
 */
final class ScrubbedOutput implements AutoCloseable {
  private final PrintStream originalOut;
  private final PrintStream originalErr;
  private final PrintStream out;
  private final PrintStream err;
  private final List<Wrapped> handlers = new ArrayList<>();

  private record Wrapped(Logger logger, Handler original, Handler scrubbing) {}

  private ScrubbedOutput(UnaryOperator<String> scrubber) {
    // The console handler takes System.err when first created: create it now, before the swap.
    Logger.getLogger("").getHandlers();
    originalOut = System.out;
    originalErr = System.err;
    Charset charset = Charset.defaultCharset();
    out = new PrintStream(new ScrubbingStream(originalOut, scrubber, charset), true, charset);
    err = new PrintStream(new ScrubbingStream(originalErr, scrubber, charset), true, charset);
    System.setOut(out);
    System.setErr(err);
    LogManager manager = LogManager.getLogManager();
    for (String name : Collections.list(manager.getLoggerNames())) {
      Logger logger = manager.getLogger(name);
      if (logger != null) {
        for (Handler handler : logger.getHandlers()) {
          Handler scrubbing = new ScrubbingHandler(handler, scrubber);
          logger.removeHandler(handler);
          logger.addHandler(scrubbing);
          handlers.add(new Wrapped(logger, handler, scrubbing));
        }
      }
    }
  }

  /** Scrubs all output with {@code scrubber} until closed. */
  static ScrubbedOutput install(UnaryOperator<String> scrubber) {
    return new ScrubbedOutput(scrubber);
  }

  /** Puts the streams and handlers back, after writing out what was held back, scrubbed. */
  @Override
  public void close() {
    out.close();
    err.close();
    if (System.out == out) {
      System.setOut(originalOut);
    }
    if (System.err == err) {
      System.setErr(originalErr);
    }
    for (Wrapped wrapped : handlers) {
      wrapped.logger().removeHandler(wrapped.scrubbing());
      wrapped.logger().addHandler(wrapped.original());
    }
  }

  /** Holds bytes until a line ends (a password is never cut in two), then writes the line scrubbed. */
  private static final class ScrubbingStream extends OutputStream {
    private final PrintStream target;
    private final UnaryOperator<String> scrubber;
    private final Charset charset;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ScrubbingStream(PrintStream target, UnaryOperator<String> scrubber, Charset charset) {
      this.target = target;
      this.scrubber = scrubber;
      this.charset = charset;
    }

    @Override
    public synchronized void write(int b) {
      line.write(b);
      if (b == '\n') {
        emit();
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        write(bytes[i]);
      }
    }

    /** What a line holds stays until its end: flushing half a line could show half a password. */
    @Override
    public void flush() {
      target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
      emit();
      target.flush();
    }

    private void emit() {
      if (line.size() > 0) {
        byte[] scrubbed = scrubber.apply(line.toString(charset)).getBytes(charset);
        target.write(scrubbed, 0, scrubbed.length);
        target.flush();
        line.reset();
      }
    }
  }

  /** Hands its handler a copy of each record whose message and exceptions are scrubbed. */
  private static final class ScrubbingHandler extends Handler {
    private static final Formatter MESSAGES = new SimpleFormatter();
    private final Handler delegate;
    private final UnaryOperator<String> scrubber;

    ScrubbingHandler(Handler delegate, UnaryOperator<String> scrubber) {
      this.delegate = delegate;
      this.scrubber = scrubber;
    }

    @Override
    public void publish(LogRecord record) {
      if (record == null) {
        return;
      }
      LogRecord copy = new LogRecord(record.getLevel(), scrubber.apply(MESSAGES.formatMessage(record)));
      copy.setLoggerName(record.getLoggerName());
      copy.setSourceClassName(record.getSourceClassName());
      copy.setSourceMethodName(record.getSourceMethodName());
      copy.setInstant(record.getInstant());
      copy.setLongThreadID(record.getLongThreadID());
      copy.setSequenceNumber(record.getSequenceNumber());
      copy.setThrown(ScrubbedThrowable.of(record.getThrown(), scrubber));
      delegate.publish(copy);
    }

    @Override
    public void flush() {
      delegate.flush();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** An exception as printed (class, message, stack, causes), its messages scrubbed. */
  static final class ScrubbedThrowable extends Throwable {
    private static final long serialVersionUID = 1L;
    private final String text;

    private ScrubbedThrowable(String text, Throwable cause) {
      super(text, cause, false, true);
      this.text = text;
    }

    static Throwable of(Throwable thrown, UnaryOperator<String> scrubber) {
      return of(thrown, scrubber, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static Throwable of(Throwable thrown, UnaryOperator<String> scrubber, Set<Throwable> seen) {
      if (thrown == null || !seen.add(thrown) || seen.size() > 16) {
        return null;
      }
      ScrubbedThrowable copy = new ScrubbedThrowable(scrubber.apply(thrown.toString()),
          of(thrown.getCause(), scrubber, seen));
      copy.setStackTrace(thrown.getStackTrace());
      return copy;
    }

    /** The original's {@code class: message}, scrubbed, so that a stack trace reads as the original's. */
    @Override
    public String toString() {
      return text;
    }
  }
}
