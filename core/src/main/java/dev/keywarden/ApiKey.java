package dev.keywarden;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An API key: the digest of a secret a client presents, the client type it identifies, whether
 * it is active, an optional description and expiry, and a short non-secret id.
 *
 * <p>The plaintext secret is hashed as soon as it is given to the {@link Builder} and is never
 * kept; the key holds only its {@link KeyDigest}. {@link #toString()} prints the id and the
 * client type, never the digest.
 *
 * <p>A key binds from JSON with a plain Jackson {@code ObjectMapper} (see
 * {@link ApiKeyDefinition} for the fields) and serialises back without any secret. The two
 * annotated methods that make this work stay here, because a mapper looks for them on the type
 * it reads or writes; everything else about the JSON form lives in {@link ApiKeyDefinition}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ApiKey {
  /** The longest secret accepted, in characters. */
  public static final int MAX_SECRET_LENGTH = 512;
  /** The longest client type accepted, in characters. */
  public static final int MAX_CLIENT_TYPE_LENGTH = 64;
  /** The longest description accepted, in characters. */
  public static final int MAX_DESCRIPTION_LENGTH = 1024;

  private static final int DEFAULT_ID_LENGTH = 12;

  private final KeyDigest digest;
  private final String id;
  private final String clientType;
  private final boolean active;
  private final String description;
  private final Instant expiresAt;

  private ApiKey(Builder builder) {
    this.digest = builder.digest;
    this.id = builder.id != null ? builder.id : defaultId(builder.digest);
    this.clientType = builder.clientType;
    this.active = builder.active;
    this.description = builder.description;
    this.expiresAt = builder.expiresAt;
  }

  /**
   * Returns a new builder. A key needs a secret (or its digest) and a client type; it is active
   * by default.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a key from its JSON definition, as a plain Jackson {@code ObjectMapper} does.
   *
   * @param definition the raw definition; not {@code null}
   * @return the key
   * @throws InvalidConfigurationException listing every broken rule
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ApiKey fromDefinition(ApiKeyDefinition definition) {
    Objects.requireNonNull(definition, "definition");
    return definition.toApiKey();
  }

  /**
   * Returns the JSON definition of this key: its digest as {@code secretSha256}, never a secret.
   *
   * @return the definition
   */
  @JsonValue
  public ApiKeyDefinition toDefinition() {
    return new ApiKeyDefinition(null, digest.hex(), clientType, active, description,
        expiresAt == null ? null : expiresAt.toString(), id);
  }

  /**
   * Tells whether a string is acceptable as a secret: 1 to {@value #MAX_SECRET_LENGTH}
   * characters, no whitespace, no control characters. Presented keys that fail this test are
   * refused without hashing or store lookup.
   *
   * @param secret the candidate, may be {@code null}
   * @return {@code true} if it is well formed
   */
  public static boolean isWellFormedSecret(String secret) {
    return secret != null && ApiKeyRules.secretProblem(secret) == null;
  }

  private static String defaultId(KeyDigest digest) {
    return digest.hex().substring(0, DEFAULT_ID_LENGTH);
  }

  /** {@return the digest of the secret; never {@code null}} */
  public KeyDigest digest() {
    return digest;
  }

  /**
   * Returns the short, non-secret handle of this key, for logs and management: 1 to 64
   * characters from {@code [A-Za-z0-9_.:-]}, the first from {@code [A-Za-z0-9_]}. By default the
   * first 12 hexadecimal characters of the digest.
   *
   * @return the id; never {@code null}
   */
  public String id() {
    return id;
  }

  /** {@return the client type this key identifies; never {@code null}} */
  public String clientType() {
    return clientType;
  }

  /** {@return whether the key is active} An inactive key is refused exactly like an unknown one. */
  public boolean active() {
    return active;
  }

  /** {@return the description, if any} */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** {@return the instant from which the key is refused, if any} */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * Tells whether the key has expired at the given instant: expiry is inclusive, so a key is
   * refused at and after its {@code expiresAt}.
   *
   * @param now the current instant; not {@code null}
   * @return {@code true} if the key has an expiry and {@code now} is at or after it
   */
  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** {@return a new builder holding this key's values, to derive a changed copy} */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.digest = digest;
    builder.id = id;
    builder.clientType = clientType;
    builder.active = active;
    builder.description = description;
    builder.expiresAt = expiresAt;
    return builder;
  }

  /**
   * Returns a copy of this key with another active flag.
   *
   * @param newActive the new flag
   * @return this key if unchanged, else a copy
   */
  public ApiKey withActive(boolean newActive) {
    return newActive == active ? this : toBuilder().active(newActive).build();
  }

  /** Keys are equal when all their values, digest included, are equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ApiKey that
        && digest.equals(that.digest)
        && id.equals(that.id)
        && clientType.equals(that.clientType)
        && active == that.active
        && Objects.equals(description, that.description)
        && Objects.equals(expiresAt, that.expiresAt);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  /** Prints the id, client type, active flag and expiry; the digest shows as {@code <redacted>}. */
  @Override
  public String toString() {
    return "ApiKey[id=" + id + ", clientType=" + clientType + ", active=" + active
        + (expiresAt == null ? "" : ", expiresAt=" + expiresAt) + ", digest=<redacted>]";
  }

  /**
   * Builds an {@link ApiKey}. Secrets are hashed as soon as they are set.
   *
   * <p>Two kinds of mistakes are told apart, as everywhere in Keywarden: a setting made twice
   * in code (a secret and then a digest, a client type twice) fails at once with
   * {@link IllegalStateException}; invalid values (a bad client type, a malformed secret, an
   * expiry that is not ISO-8601...) are configuration data, and {@link #build()} reports every
   * one of them at once. A builder from {@link ApiKey#toBuilder()} starts from the key's values,
   * and each may be set once more.
   *
   * <p>A secret of the exact form of a configured generator ({@link #checksumGenerators}; by
   * default {@code kw_} and 33 base62 characters) must carry a valid checksum: a
   * {@link dev.keywarden.store.KeyResolver} with the same generators refuses such a value
   * before lookup, so a mistyped or hand-made one would be refused on every request. Secrets of
   * any other form are not checked. Not thread-safe.
   */
  public static final class Builder {
    private KeyDigest digest;
    // What was wrong with the secret or secretSha256 as set; at most one of them is ever set.
    private String digestSourceProblem;
    // Only the generated form's prefix of a secret whose checksum does not match is kept.
    private String badChecksumPrefix;
    private List<ApiKeyGenerator> checksumGenerators = List.of(ApiKeyGenerator.defaultGenerator());
    private String id;
    private String clientType;
    private boolean active = true;
    private String description;
    private Instant expiresAt;
    private String expiresAtProblem;
    private final Set<String> set = new HashSet<>();

    private Builder() {}

    /** Fails at once when a setting is made twice: the second value would silently win. */
    private void once(String setting) {
      if (!set.add(setting)) {
        throw new IllegalStateException(setting + " was already set");
      }
    }

    /**
     * Sets the plaintext secret; it is validated and hashed at once and not kept.
     *
     * @param secret the secret; not {@code null}
     * @return this builder
     * @throws IllegalStateException if a secret or digest was already set
     */
    public Builder secret(String secret) {
      Objects.requireNonNull(secret, "secret");
      once("secret (or its digest)");
      digestSourceProblem = ApiKeyRules.secretProblem(secret);
      boolean wellFormed = digestSourceProblem == null;
      digest = wellFormed ? KeyDigest.of(secret) : null;
      badChecksumPrefix = wellFormed ? ApiKeyRules.badChecksumPrefix(secret) : null;
      return this;
    }

    /**
     * Sets the digest of the secret, for keys whose plaintext is kept elsewhere.
     *
     * @param newDigest the digest; not {@code null}
     * @return this builder
     * @throws IllegalStateException if a secret or digest was already set
     */
    public Builder digest(KeyDigest newDigest) {
      Objects.requireNonNull(newDigest, "digest");
      once("secret (or its digest)");
      digest = newDigest;
      digestSourceProblem = null;
      badChecksumPrefix = null;
      return this;
    }

    /**
     * Sets the digest from its hexadecimal form ({@code secretSha256} in configuration).
     *
     * @param hex 64 hexadecimal characters; not {@code null}
     * @return this builder
     * @throws IllegalStateException if a secret or digest was already set
     */
    public Builder secretSha256(String hex) {
      Objects.requireNonNull(hex, "secretSha256");
      once("secret (or its digest)");
      badChecksumPrefix = null;
      try {
        digest = KeyDigest.fromHex(hex);
        digestSourceProblem = null;
      } catch (IllegalArgumentException e) {
        digestSourceProblem = "secretSha256: " + e.getMessage();
        digest = null;
      }
      return this;
    }

    /**
     * Sets the generators whose exact form a secret is checked against (see the class
     * description); use the same ones as the {@link dev.keywarden.store.KeyResolver}'s
     * {@code checksumGenerators}. Default: the default generator ({@code kw}). Pass none to
     * check no form.
     *
     * @param generators the generators; not {@code null}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder checksumGenerators(ApiKeyGenerator... generators) {
      List<ApiKeyGenerator> list = List.of(generators); // rejects null elements
      if (!set.add("checksum generators")) {
        throw new IllegalStateException("checksum generators were already set");
      }
      this.checksumGenerators = list;
      return this;
    }

    /**
     * Sets the id; by default the first 12 hexadecimal characters of the digest.
     *
     * @param newId 1 to 64 characters from {@code [A-Za-z0-9_.:-]}, the first from
     *     {@code [A-Za-z0-9_]} (so never {@code .} or {@code ..}), or {@code null} for the default
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder id(String newId) {
      once("id");
      this.id = newId;
      return this;
    }

    /**
     * Sets the client type.
     *
     * @param newClientType matches {@code [A-Za-z_][A-Za-z0-9_]*}, at most 64 characters
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clientType(String newClientType) {
      once("client type");
      this.clientType = newClientType;
      return this;
    }

    /**
     * Sets the active flag; {@code true} by default.
     *
     * @param newActive the flag
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder active(boolean newActive) {
      once("active flag");
      this.active = newActive;
      return this;
    }

    /**
     * Sets the description.
     *
     * @param newDescription at most 1,024 characters, or {@code null} for none
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder description(String newDescription) {
      once("description");
      this.description = newDescription;
      return this;
    }

    /**
     * Sets the expiry.
     *
     * @param newExpiresAt the instant from which the key is refused, or {@code null} for none
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder expiresAt(Instant newExpiresAt) {
      once("expiry");
      this.expiresAt = newExpiresAt;
      this.expiresAtProblem = null;
      return this;
    }

    /**
     * Sets the expiry from an ISO-8601 instant such as {@code 2030-01-01T00:00:00Z}.
     *
     * @param iso8601 the instant, or {@code null} for none
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder expiresAt(String iso8601) {
      if (iso8601 == null) {
        return expiresAt((Instant) null);
      }
      once("expiry");
      try {
        expiresAt = Instant.parse(iso8601);
        expiresAtProblem = null;
      } catch (DateTimeParseException e) {
        expiresAt = null;
        expiresAtProblem = ApiKeyRules.expiresAtProblem(iso8601);
      }
      return this;
    }

    /**
     * Lists every rule the values set so far break, without building.
     *
     * @return the problems; empty when {@link #build()} would succeed
     */
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      for (String problem : new String[] {
          ApiKeyRules.digestProblem(digest, digestSourceProblem, badChecksumPrefix, checksumGenerators),
          ApiKeyRules.clientTypeProblem(clientType),
          ApiKeyRules.descriptionProblem(description),
          expiresAtProblem,
          ApiKeyRules.idProblem(id)}) {
        if (problem != null) {
          problems.add(problem);
        }
      }
      return problems;
    }

    /**
     * Builds the key.
     *
     * @return the key
     * @throws InvalidConfigurationException listing every broken rule
     */
    public ApiKey build() {
      List<String> problems = problems();
      if (!problems.isEmpty()) {
        throw new InvalidConfigurationException(problems);
      }
      return new ApiKey(this);
    }

    /** The digest set so far, or null when its secret or secretSha256 was malformed or not given. */
    KeyDigest wellFormedDigest() {
      return digest;
    }

    /** The id the key would have, or null when neither the id nor (without one) the digest is well formed. */
    String wellFormedId() {
      if (id != null) {
        return ApiKeyRules.idProblem(id) == null ? id : null;
      }
      return digest == null ? null : defaultId(digest);
    }

    /** Never prints a secret or digest. */
    @Override
    public String toString() {
      return "ApiKey.Builder[clientType=" + clientType + ", digest=<redacted>]";
    }
  }
}
