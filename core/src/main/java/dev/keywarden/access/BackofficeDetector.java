package dev.keywarden.access;

import dev.keywarden.extract.RequestView;
import dev.keywarden.internal.ProblemText;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Tells whether a request is a back-office one, which selects a rule's
 * {@code backofficeUserGroupPermission}. By default no request is; a client can never declare
 * itself back-office unless the host chooses {@link #trustedHeader()}. A client-sent
 * {@code isbackoffice} reaches the application only with that detector (see {@link Redaction}).
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface BackofficeDetector {
  /** The header Mia-Platform's gateway sets on back-office requests. */
  String HEADER = "isbackoffice";

  /** {@return whether the request is a back-office one} */
  boolean isBackoffice(RequestView request);

  /** {@return the detector for which no request is back-office (the default)} */
  static BackofficeDetector never() {
    return request -> false;
  }

  /**
   * The {@code isbackoffice} header, set by a trusted gateway: {@code 1}, {@code true} or
   * {@code t} (any case) mean back-office. Use only behind a gateway that overwrites it.
   */
  static BackofficeDetector trustedHeader() {
    return TrustedBackofficeHeader.INSTANCE;
  }

  /**
   * Requests arriving on one of the given local ports (e.g. an internal-only connector).
   *
   * @param ports the ports; not {@code null}
   */
  static BackofficeDetector localPort(Integer... ports) {
    Set<Integer> set = Set.of(ports);
    return request -> set.contains(request.localPort());
  }

  /**
   * Requests whose path is the prefix or lies below it, on segment boundaries:
   * {@code /backoffice} matches {@code /backoffice} and {@code /backoffice/x}, not
   * {@code /backofficex}.
   *
   * @param prefix the path prefix, starting with {@code /}; not {@code null}
   * @throws IllegalArgumentException if the prefix does not start with {@code /}
   */
  static BackofficeDetector pathPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.startsWith("/")) {
      throw new IllegalArgumentException("path prefix must start with '/' (was "
          + ProblemText.quote(prefix) + ")");
    }
    List<String> wanted = segments(prefix);
    return request -> {
      // The access guard judges only canonical paths (no '.', '..', empty segments or ';'),
      // so splitting is enough: nothing is normalised.
      List<String> segments = segments(request.path());
      return segments.size() >= wanted.size() && segments.subList(0, wanted.size()).equals(wanted);
    };
  }

  private static List<String> segments(String path) {
    List<String> segments = new java.util.ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return segments;
  }
}
