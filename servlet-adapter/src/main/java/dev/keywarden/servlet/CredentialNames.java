package dev.keywarden.servlet;

import dev.keywarden.access.AccessGuard;
import dev.keywarden.extract.RequestView;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The headers and cookies a guard's key sources read, learnt once per filter, to hide them from a
 * {@link DenialWriter}: a refusal carries no {@link dev.keywarden.access.Redaction}, and the guard
 * has no getter for its extractor (issue 14 removed it).
 *
 * <p>The filter asks {@link AccessGuard#explain(RequestView)} about a request that carries
 * nothing. The guard screens it, then looks for a key in every source (none is found, so none is
 * skipped), recording each name here, then matches a rule: the probe stops there, at the first
 * {@code method()} after a key source was read, so no rule miss is logged and no host component
 * (user resolver, back-office detector, listener) is called. Should the guard's order change, the
 * probe only runs on to the end of the explanation; names read by then are kept either way.
 */
record CredentialNames(Set<String> headers, Set<String> cookies) {
  static final CredentialNames NONE = new CredentialNames(Set.of(), Set.of());

  CredentialNames {
    headers = Set.copyOf(headers);
    cookies = Set.copyOf(cookies);
  }

  /** {@return what the guard's key sources read} */
  static CredentialNames of(AccessGuard guard) {
    Probe probe = new Probe();
    try {
      guard.explain(probe);
    } catch (Probe.Stop expected) {
      // The key sources were read: all the probe asks.
    } catch (RuntimeException e) {
      // A host component failed on the empty request: keep what was read before.
    }
    return new CredentialNames(probe.headers, probe.cookies);
  }

  /** A GET of {@code /} with no header and no cookie, which records what is asked of it. */
  private static final class Probe implements RequestView {
    private final Set<String> headers = new LinkedHashSet<>();
    private final Set<String> cookies = new LinkedHashSet<>();

    /** Ends the explanation once the key sources were read. */
    private static final class Stop extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Stop() {
        super("probe done", null, false, false);
      }
    }

    @Override
    public String method() {
      if (!headers.isEmpty() || !cookies.isEmpty()) {
        throw new Stop();
      }
      return "GET";
    }

    @Override
    public String path() {
      return "/";
    }

    @Override
    public List<String> headers(String name) {
      headers.add(name.toLowerCase(Locale.ROOT));
      return List.of();
    }

    @Override
    public List<String> cookies(String name) {
      cookies.add(name);
      return List.of();
    }
  }
}
