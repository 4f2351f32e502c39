package dev.keywarden.access;

import dev.keywarden.extract.RequestView;
import java.util.List;
import java.util.Locale;

/** {@link BackofficeDetector#trustedHeader()}: the one detector whose {@code isbackoffice} the application may see. */
final class TrustedBackofficeHeader implements BackofficeDetector {
  static final TrustedBackofficeHeader INSTANCE = new TrustedBackofficeHeader();

  private TrustedBackofficeHeader() {}

  @Override
  public boolean isBackoffice(RequestView request) {
    List<String> values = request.headers(HEADER);
    if (values.isEmpty()) {
      return false;
    }
    for (String value : values) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (!v.equals("1") && !v.equals("true") && !v.equals("t")) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "BackofficeDetector.trustedHeader()";
  }
}
