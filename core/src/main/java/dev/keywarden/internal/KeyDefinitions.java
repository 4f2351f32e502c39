package dev.keywarden.internal;

import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyDefinition;
import dev.keywarden.KeyDigest;
import dev.keywarden.Validated;
import java.util.Objects;
import java.util.function.Function;

/**
 * Checks a key definition for a whole configuration. {@code KeywardenConfig} looks for duplicate
 * secrets and ids among every entry whose secret (or digest) and id are well formed, also when
 * the entry has other problems (a misspelt field, a bad client type); {@link ApiKeyDefinition}
 * alone can see its builder's digest, so it installs the check here when its class is
 * initialised, and the secret is still hashed once. A hook rather than a public method: this
 * package is not exported.
 */
public final class KeyDefinitions {
  private static volatile Function<ApiKeyDefinition, Checked> check;

  private KeyDefinitions() {}

  /**
   * A checked definition.
   *
   * @param key the key, or the definition's problems
   * @param digestOrNull the digest of its secret or secretSha256; {@code null} when malformed or absent
   * @param idOrNull the id the key has or would have; {@code null} when it cannot be known
   */
  public record Checked(Validated<ApiKey> key, KeyDigest digestOrNull, String idOrNull) {
    /** Never prints the digest. */
    @Override
    public String toString() {
      return "Checked[" + key + ", id=" + idOrNull + "]";
    }
  }

  /**
   * Called once, by {@link ApiKeyDefinition}'s static initialiser.
   *
   * @param newCheck the check; not {@code null}
   * @throws IllegalStateException if already installed
   */
  public static void install(Function<ApiKeyDefinition, Checked> newCheck) {
    Objects.requireNonNull(newCheck, "check");
    synchronized (KeyDefinitions.class) {
      if (check != null) {
        throw new IllegalStateException("key definition check was already installed");
      }
      check = newCheck;
    }
  }

  /**
   * Checks a definition, hashing its secret once.
   *
   * @param definition the definition; not {@code null} (its class is then initialised, so the
   *     check is installed)
   */
  public static Checked check(ApiKeyDefinition definition) {
    Objects.requireNonNull(definition, "definition");
    return check.apply(definition);
  }
}
