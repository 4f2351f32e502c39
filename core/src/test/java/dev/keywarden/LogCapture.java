package dev.keywarden;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures what some loggers write, for tests that check log lines; close it to detach. */
public final class LogCapture implements AutoCloseable {
  private final List<Logger> loggers = new ArrayList<>();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(Class<?>... classes) {
    appender.start();
    for (Class<?> type : classes) {
      Logger logger = (Logger) LoggerFactory.getLogger(type);
      logger.addAppender(appender);
      loggers.add(logger);
    }
  }

  /**
   * Starts capturing the loggers of the given classes.
   *
   * @param classes the classes whose loggers to capture
   * @return the capture
   */
  public static LogCapture of(Class<?>... classes) {
    return new LogCapture(classes);
  }

  /**
   * Returns the formatted lines logged at a level, prefixed with the logger's simple name.
   *
   * @param level the level
   * @return the lines, in order
   */
  public synchronized List<String> lines(Level level) {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(appender.list)) {
      if (event.getLevel() == level) {
        String name = event.getLoggerName();
        lines.add(name.substring(name.lastIndexOf('.') + 1) + ": " + event.getFormattedMessage());
      }
    }
    return lines;
  }

  /**
   * Returns the WARN lines.
   *
   * @return the lines, in order
   */
  public List<String> warnings() {
    return lines(Level.WARN);
  }

  @Override
  public void close() {
    for (Logger logger : loggers) {
      logger.detachAppender(appender);
    }
    appender.stop();
  }
}
