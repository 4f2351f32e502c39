package dev.keywarden.access;

import dev.keywarden.extract.KeySource;
import java.util.Objects;

/**
 * What {@link KeyReader} found in a request: no key, one presented key, or a conflict (several
 * different values) that is answered with 400.
 */
sealed interface Extraction {

  /** No source carried a non-blank value. */
  enum Absent implements Extraction {
    INSTANCE
  }

  /** A key was presented, not yet validated. {@link #toString()} never prints the secret. */
  record Presented(String secret, KeySource source) implements Extraction {
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
   */
  record Conflict(String detail) implements Extraction {
    public Conflict {
      Objects.requireNonNull(detail, "detail");
    }
  }
}
