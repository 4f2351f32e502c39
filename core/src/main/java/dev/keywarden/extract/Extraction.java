package dev.keywarden.extract;

import java.util.Objects;

/**
 * What a {@link KeyExtractor} found in a request: no key, one presented key, or a conflict
 * (several different values) that is answered with 400.
 */
public sealed interface Extraction {

  /** No source carried a non-blank value. */
  enum Absent implements Extraction {
    /** The only instance. */
    INSTANCE
  }

  /**
   * A key was presented. {@link #toString()} never prints the secret.
   *
   * @param secret the presented value, not yet validated
   * @param source where it was found
   */
  record Presented(String secret, KeySource source) implements Extraction {
    /**
     * Creates the outcome.
     *
     * @param secret the value; not {@code null}
     * @param source the source; not {@code null}
     */
    public Presented {
      Objects.requireNonNull(secret, "secret");
      Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
      return "Presented[secret=<redacted>, source=" + source + "]";
    }
  }

  /**
   * The request carries different keys: in one repeated source, or (in strict mode) in two
   * sources. The detail names the sources, never the values.
   *
   * @param detail which sources disagree
   */
  record Conflict(String detail) implements Extraction {
    /**
     * Creates the outcome.
     *
     * @param detail the detail; not {@code null}
     */
    public Conflict {
      Objects.requireNonNull(detail, "detail");
    }
  }
}
