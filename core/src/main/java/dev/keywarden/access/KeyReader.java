package dev.keywarden.access;

import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.extract.KeySource;
import dev.keywarden.extract.RequestView;
import java.util.List;
import java.util.Objects;

/**
 * Finds the key a request presents through a {@link KeyExtractor}'s sources, by the rules in its
 * javadoc (SPEC §3). It lives next to the guard, its only caller, so that {@code extract} stays
 * pure configuration and {@link Extraction} stays out of the public API.
 */
final class KeyReader {
  private KeyReader() {}

  static Extraction read(KeyExtractor extractor, RequestView request) {
    Objects.requireNonNull(request, "request");
    String found = null;
    KeySource foundIn = null;
    for (KeySource source : extractor.sources()) {
      List<String> values = source.values(request);
      String value = null;
      for (int i = 0; i < values.size(); i++) {
        String candidate = values.get(i);
        if (candidate == null || candidate.isBlank()) {
          continue;
        }
        if (value == null) {
          value = candidate;
        } else if (!value.equals(candidate)) {
          return new Extraction.Conflict(source + " carries several different values");
        }
      }
      if (value == null) {
        continue;
      }
      if (found == null) {
        found = value;
        foundIn = source;
        if (!extractor.rejectConflictingKeys()) {
          break;
        }
      } else if (!found.equals(value)) {
        return new Extraction.Conflict(foundIn + " and " + source + " carry different keys");
      }
    }
    return found == null ? Extraction.Absent.INSTANCE : new Extraction.Presented(found, foundIn);
  }
}
