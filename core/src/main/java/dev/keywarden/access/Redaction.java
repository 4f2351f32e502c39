package dev.keywarden.access;

import dev.keywarden.extract.KeySource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What the application must not see of a request the guard let through, as the guard knows it:
 * the headers and cookies that carry keys, the header values that carry one (a Bearer
 * {@code Authorization} value, while a Basic one stays), the client-sent {@code client-type}
 * (an adapter sets it to the resolved key's client type instead), and a client-sent
 * {@code isbackoffice} unless the guard's back-office detector trusts it.
 *
 * <p>An adapter applies it and never works it out itself: an {@link AccessDecision.Allow} and an
 * {@link AccessDecision.PassThrough} carry the one that applies. The guard builds its two
 * redactions once, so a decision carries a shared instance, never a new one.
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} prints names only.
 */
public final class Redaction {
  /** The header an adapter sets to the resolved client type; the client's own is never seen. */
  public static final String CLIENT_TYPE = "client-type";

  /** Hides nothing: the redaction of a denial built by hand. */
  static final Redaction NONE = new Redaction(Set.of(), Set.of(), Set.of(), List.of(), null);

  private final Set<String> headers;
  private final Set<String> cookies;
  private final Set<String> valueHeaders;
  private final List<KeySource> valueSources;
  private final Redaction withoutCredentials;

  private Redaction(Set<String> headers, Set<String> cookies, Set<String> valueHeaders, List<KeySource> valueSources,
      Redaction withoutCredentials) {
    this.headers = Set.copyOf(headers);
    this.cookies = Set.copyOf(cookies);
    this.valueHeaders = Set.copyOf(valueHeaders);
    this.valueSources = List.copyOf(valueSources);
    this.withoutCredentials = withoutCredentials == null ? this : withoutCredentials;
  }

  /** The redaction of a guard whose extractor reads {@code sources}; built once per guard. */
  static Redaction of(List<KeySource> sources, boolean trustsBackofficeHeader) {
    Set<String> spoofable = new LinkedHashSet<>();
    spoofable.add(CLIENT_TYPE);
    if (!trustsBackofficeHeader) {
      spoofable.add(BackofficeDetector.HEADER);
    }
    Redaction spoofableOnly = new Redaction(spoofable, Set.of(), Set.of(), List.of(), null);
    Set<String> headers = new LinkedHashSet<>(spoofable);
    Set<String> cookies = new LinkedHashSet<>();
    Set<String> valueHeaders = new LinkedHashSet<>();
    List<KeySource> valueSources = new ArrayList<>();
    for (KeySource source : sources) {
      if (source instanceof KeySource.Header header) {
        headers.add(header.name().toLowerCase(Locale.ROOT));
      } else if (source instanceof KeySource.Cookie cookie) {
        cookies.add(cookie.name());
      } else {
        // A Bearer source: only some values of Authorization are keys, which ones is the
        // source's answer (carriedBy), so Bearer parsing stays in KeySource.
        valueHeaders.add("authorization");
        valueSources.add(source);
      }
    }
    return new Redaction(headers, cookies, valueHeaders, valueSources, spoofableOnly);
  }

  /**
   * {@return the lower-case names of the headers removed whole; unmodifiable} They are the key
   * headers, {@value #CLIENT_TYPE}, and {@code isbackoffice} unless the back-office detector
   * trusts it.
   */
  public Set<String> headers() {
    return headers;
  }

  /**
   * {@return the exact names of the cookies removed, from {@code getCookies()} and from the
   * {@code Cookie} header; unmodifiable, empty when no source is a cookie}
   */
  public Set<String> cookies() {
    return cookies;
  }

  /**
   * {@return the lower-case names of the headers of which some values are removed, value by value,
   * as {@link #hidesValue} says; unmodifiable} That is {@code authorization} when keys are read
   * from Bearer values.
   */
  public Set<String> valueHeaders() {
    return valueHeaders;
  }

  /**
   * Tells whether one value of a header in {@link #valueHeaders()} carries a key and is removed
   * ({@link KeySource#carriedBy}: a Bearer value of {@code Authorization}, not a Basic one).
   *
   * @param headerName the header name, any case; not {@code null}
   * @param headerValue one value of the header; not {@code null}
   * @return {@code true} if the application must not see this value
   */
  public boolean hidesValue(String headerName, String headerValue) {
    for (KeySource source : valueSources) {
      if (source.carriedBy(headerName, headerValue)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@return this redaction without its credential part: a shared instance, never a new one} It
   * hides the spoofable headers ({@value #CLIENT_TYPE}, an untrusted {@code isbackoffice}) only,
   * for an adapter told to leave credentials visible. It is also what a passed-through CORS
   * preflight carries.
   */
  public Redaction withoutCredentials() {
    return withoutCredentials;
  }

  @Override
  public String toString() {
    return "Redaction[headers=" + headers + ", cookies=" + cookies + ", valueHeaders=" + valueHeaders + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Redaction that && headers.equals(that.headers) && cookies.equals(that.cookies)
        && valueHeaders.equals(that.valueHeaders) && valueSources.equals(that.valueSources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(headers, cookies, valueHeaders, valueSources);
  }
}
