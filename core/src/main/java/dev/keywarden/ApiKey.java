package dev.keywarden;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.keywarden.internal.ProblemText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An API key: the digest of a secret a client presents, the client type it identifies, whether
 * it is active, an optional description and expiry, and a short non-secret id.
 *
 * <p>The plaintext secret is hashed as soon as it is given to the {@link Builder} and is never
 * kept; the key holds only its {@link KeyDigest}. {@link #toString()} prints the id and the
 * client type, never the digest.
 *
 * <p>A key binds from JSON with a plain Jackson {@code ObjectMapper} (see
 * {@link ApiKeyDefinition} for the fields) and serialises back without any secret.
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

  private static final Pattern CLIENT_TYPE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // An id names a key in URLs (the admin's api/keys/{id}): it never starts with '.', so it is
  // never a "." or ".." path segment that firewalls refuse and browsers normalise away, and
  // never with ':' or '-' either.
  private static final Pattern ID_CHARACTERS = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}");
  private static final int DEFAULT_ID_LENGTH = 12;

  private final KeyDigest digest;
  private final String id;
  private final String clientType;
  private final boolean active;
  private final String description;
  private final Instant expiresAt;

  private ApiKey(Builder builder) {
    this.digest = builder.digest;
    this.id = builder.id != null ? builder.id : builder.digest.hex().substring(0, DEFAULT_ID_LENGTH);
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
    return secret != null && secretProblem(secret) == null;
  }

  /** Returns why a secret is malformed, without repeating it, or {@code null}. */
  static String secretProblem(String secret) {
    if (secret.isEmpty()) {
      return "secret must not be empty";
    }
    if (secret.length() > MAX_SECRET_LENGTH) {
      return "secret is " + secret.length() + " characters long; at most " + MAX_SECRET_LENGTH + " are allowed";
    }
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      if (c > ' ' && c < 0x7f) {
        continue; // printable ASCII, the common case: no table lookups
      }
      if (Character.isISOControl(c)) {
        return "secret must not contain control characters (found one at index " + i + ")";
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return "secret must not contain whitespace (found some at index " + i + ")";
      }
    }
    return null;
  }

  /**
   * Returns the digest of the secret.
   *
   * @return the digest; never {@code null}
   */
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

  /**
   * Returns the client type this key identifies.
   *
   * @return the client type; never {@code null}
   */
  public String clientType() {
    return clientType;
  }

  /**
   * Tells whether the key is active. An inactive key is refused exactly like an unknown one.
   *
   * @return the active flag
   */
  public boolean active() {
    return active;
  }

  /**
   * Returns the description, if any.
   *
   * @return the description
   */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /**
   * Returns the instant from which the key is refused, if any.
   *
   * @return the expiry
   */
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

  /**
   * Returns a builder holding this key's values, to derive a changed copy.
   *
   * @return a new builder
   */
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
    private String secretProblem;
    private String digestProblem;
    private String generatedFormPrefix;
    private boolean generatedFormChecksumMatches;
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
      secretProblem = secretProblem(secret);
      digestProblem = null;
      digest = secretProblem == null ? KeyDigest.of(secret) : null;
      // Only the form's prefix and whether the checksum matches are kept, never the secret.
      generatedFormPrefix = secretProblem == null ? ApiKeyGenerator.generatedFormPrefix(secret) : null;
      generatedFormChecksumMatches = generatedFormPrefix != null && ApiKeyGenerator.checksumMatches(secret);
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
      secretProblem = null;
      digestProblem = null;
      generatedFormPrefix = null;
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
      secretProblem = null;
      generatedFormPrefix = null;
      try {
        digest = KeyDigest.fromHex(hex);
        digestProblem = null;
      } catch (IllegalArgumentException e) {
        digestProblem = "secretSha256: " + e.getMessage();
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
        expiresAtProblem = "expiresAt must be an ISO-8601 instant such as 2030-01-01T00:00:00Z (was "
            + ProblemText.quote(iso8601) + ")";
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
      if (secretProblem != null) {
        problems.add(secretProblem);
      } else if (digestProblem != null) {
        problems.add(digestProblem);
      } else if (digest == null) {
        problems.add("a secret (or its secretSha256) is required");
      } else if (generatedFormPrefix != null && !generatedFormChecksumMatches) {
        for (ApiKeyGenerator generator : checksumGenerators) {
          if (generator.prefix().equals(generatedFormPrefix)) {
            problems.add("secret has the form of a generated key (" + generator.prefix() + "_ and "
                + (ApiKeyGenerator.RANDOM_LENGTH + ApiKeyGenerator.CHECKSUM_LENGTH)
                + " base62 characters) but its checksum does not match, so every request with it would be"
                + " refused: use a key from ApiKeyGenerator (generate-key) or a secret of another form");
            break;
          }
        }
      }
      if (clientType == null) {
        problems.add("clientType is required");
      } else if (clientType.length() > MAX_CLIENT_TYPE_LENGTH) {
        problems.add("clientType is " + clientType.length() + " characters long; at most "
            + MAX_CLIENT_TYPE_LENGTH + " are allowed");
      } else if (!CLIENT_TYPE.matcher(clientType).matches()) {
        problems.add("clientType must match ^[A-Za-z_][A-Za-z0-9_]*$ (was "
            + ProblemText.quote(clientType) + ")");
      }
      if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
        problems.add("description is " + description.length() + " characters long; at most "
            + MAX_DESCRIPTION_LENGTH + " are allowed");
      }
      if (expiresAtProblem != null) {
        problems.add(expiresAtProblem);
      }
      if (id != null && !ID_CHARACTERS.matcher(id).matches()) {
        problems.add("id must be 1 to 64 characters from [A-Za-z0-9_.:-] (was "
            + ProblemText.quote(id) + ")");
      } else if (id != null && !ID.matcher(id).matches()) {
        problems.add("id must start with a letter, a digit or _ (was " + ProblemText.quote(id)
            + "): an id is a URL path segment, and one starting with . (like . or ..) cannot be addressed");
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

    /** Never prints a secret or digest. */
    @Override
    public String toString() {
      return "ApiKey.Builder[clientType=" + clientType + ", digest=<redacted>]";
    }
  }
}
