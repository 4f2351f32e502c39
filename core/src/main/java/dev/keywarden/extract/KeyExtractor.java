package dev.keywarden.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the guard looks for the API key a client presented: its {@link KeySource}s, in order, and
 * whether two of them may disagree. Give it to {@code AccessGuard.Builder.keyExtractor}.
 *
 * <p>Rules (SPEC §3): a blank value counts as absent; one source carrying several different
 * values is always a conflict, answered with 400 (identical repeats are fine); the first source
 * with a value wins, unless {@code rejectConflictingKeys} is on, in which case two sources with
 * different values are a conflict. Values are not validated here: the resolver refuses
 * malformed ones.
 *
 * <p>The default sources are header {@code client-key}, header {@code secret}, cookie
 * {@code mia_client_key}. Instances are immutable and thread-safe.
 */
public final class KeyExtractor {
  /** The default sources, in search order. */
  public static final List<KeySource> DEFAULT_SOURCES = List.of(
      KeySource.header("client-key"), KeySource.header("secret"), KeySource.cookie("mia_client_key"));

  private static final KeyExtractor DEFAULTS = new KeyExtractor(DEFAULT_SOURCES, false);

  private final List<KeySource> sources;
  private final boolean rejectConflictingKeys;

  private KeyExtractor(List<KeySource> sources, boolean rejectConflictingKeys) {
    this.sources = sources;
    this.rejectConflictingKeys = rejectConflictingKeys;
  }

  /** {@return the extractor with the default sources and first-source-wins} */
  public static KeyExtractor defaults() {
    return DEFAULTS;
  }

  /** {@return a new builder, starting from the default sources} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the sources in search order, unmodifiable} */
  public List<KeySource> sources() {
    return sources;
  }

  /** {@return whether two sources carrying different keys are a conflict rather than first-wins} */
  public boolean rejectConflictingKeys() {
    return rejectConflictingKeys;
  }

  @Override
  public String toString() {
    return "KeyExtractor[sources=" + sources + ", rejectConflictingKeys=" + rejectConflictingKeys + "]";
  }

  /**
   * Builds a {@link KeyExtractor}. Each setting may be made once, and {@link #withBearer()} adds
   * to the sources, so it comes after {@link #sources}; a call that would silently undo another
   * fails at once with {@link IllegalStateException}. Not thread-safe.
   */
  public static final class Builder {
    private final List<KeySource> sources = new ArrayList<>(DEFAULT_SOURCES);
    private boolean rejectConflictingKeys;
    private boolean sourcesSet;
    private boolean bearerAdded;
    private boolean rejectSet;

    private Builder() {}

    /**
     * Replaces the sources.
     *
     * @param newSources the sources in search order; at least one, no duplicates
     * @return this builder
     * @throws IllegalStateException if already set or after withBearer()
     */
    public Builder sources(List<KeySource> newSources) {
      Objects.requireNonNull(newSources, "sources");
      if (sourcesSet) {
        throw new IllegalStateException("key sources were already set");
      }
      if (bearerAdded) {
        throw new IllegalStateException("withBearer() adds to the key sources: call it after sources(...)");
      }
      sourcesSet = true;
      sources.clear();
      sources.addAll(newSources);
      return this;
    }

    /**
     * Replaces the sources.
     *
     * @param newSources the sources in search order
     * @return this builder
     * @throws IllegalStateException if already set or after withBearer()
     */
    public Builder sources(KeySource... newSources) {
      return sources(List.of(newSources));
    }

    /**
     * Appends the strict {@code Authorization: Bearer} source after the others.
     *
     * @return this builder
     * @throws IllegalStateException if already added
     */
    public Builder withBearer() {
      if (bearerAdded) {
        throw new IllegalStateException("the bearer source was already added");
      }
      bearerAdded = true;
      sources.add(KeySource.bearer());
      return this;
    }

    /**
     * Makes two sources carrying different keys a conflict (400) instead of first-wins.
     *
     * @param reject the flag; default {@code false}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder rejectConflictingKeys(boolean reject) {
      if (rejectSet) {
        throw new IllegalStateException("reject conflicting keys was already set");
      }
      rejectSet = true;
      this.rejectConflictingKeys = reject;
      return this;
    }

    /**
     * Builds the extractor.
     *
     * @return the extractor
     * @throws IllegalArgumentException if there is no source or a source is listed twice
     */
    public KeyExtractor build() {
      if (sources.isEmpty()) {
        throw new IllegalArgumentException("at least one key source is required");
      }
      if (sources.stream().distinct().count() != sources.size()) {
        throw new IllegalArgumentException("a key source is listed twice: " + sources);
      }
      return new KeyExtractor(List.copyOf(sources), rejectConflictingKeys);
    }
  }
}
