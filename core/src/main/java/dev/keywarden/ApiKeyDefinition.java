package dev.keywarden;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.keywarden.internal.KeyDefinitions;
import dev.keywarden.internal.ProblemText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The raw, unvalidated definition of an API key as it appears in configuration (SPEC §8).
 *
 * <pre>{@code
 * { "secret": "demo-web-key-1", "clientType": "web", "active": true, "description": "demo" }
 * { "secretSha256": "9f86d0...", "clientType": "partner", "active": false,
 *   "expiresAt": "2030-01-01T00:00:00Z", "id": "partner-1" }
 * }</pre>
 *
 * <p>Exactly one of {@code secret} and {@code secretSha256} is given. {@code active} defaults to
 * {@code true} when absent; {@code expiresAt} is an ISO-8601 instant string, so a plain
 * {@code ObjectMapper} without extra modules binds it. Validation happens in {@link #check()},
 * which builds the key and reports every problem at once. {@link #toString()} redacts both
 * the secret and the digest.
 *
 * <p>A {@code secret} of the default generator's exact form ({@code kw_} and 33 base62
 * characters) must carry a valid checksum: such a value is refused by the default
 * {@link dev.keywarden.store.KeyResolver} before lookup, so a mistyped or hand-made one would
 * be refused on every request (see {@link ApiKey.Builder#checksumGenerators}).
 *
 * <p>Unknown fields are problems whatever the {@code ObjectMapper}'s settings: they are
 * collected by name in {@link #unknownFields()} (values are dropped: a misspelt
 * {@code "secert"} holds a secret). Collecting them needs jackson-databind 2.18 or later.
 *
 * @param secret the plaintext secret, or {@code null}
 * @param secretSha256 the hexadecimal SHA-256 digest of the secret, or {@code null}
 * @param clientType the client type
 * @param active the active flag; {@code null} means {@code true}
 * @param description an optional description
 * @param expiresAt an optional ISO-8601 instant
 * @param id an optional non-secret id (1 to 64 characters from {@code [A-Za-z0-9_.:-]}, the first
 *     from {@code [A-Za-z0-9_]}); by default the first 12 hexadecimal digest characters
 * @param unknownFields the names of the fields of the source this model does not know; each is
 *     a problem
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "secret", "secretSha256", "clientType", "active", "description", "expiresAt"})
public record ApiKeyDefinition(
    @JsonProperty("secret") String secret,
    @JsonProperty("secretSha256") String secretSha256,
    @JsonProperty("clientType") String clientType,
    @JsonProperty("active") Boolean active,
    @JsonProperty("description") String description,
    @JsonProperty("expiresAt") String expiresAt,
    @JsonProperty("id") String id,
    List<String> unknownFields) {

  /** The fields a key definition has, as written in JSON. */
  private static final List<String> FIELDS =
      List.of("id", "secret", "secretSha256", "clientType", "active", "description", "expiresAt");

  static {
    // KeywardenConfig, in another package, needs what check() learns about an invalid definition.
    KeyDefinitions.install(ApiKeyDefinition::checkForConfig);
  }

  /** Keeps the unknown field names sorted ({@code null} means none), so that messages are stable. */
  public ApiKeyDefinition {
    // Jackson collects them in no particular order.
    unknownFields = unknownFields == null ? List.of() : List.copyOf(new TreeSet<>(unknownFields));
  }

  /**
   * Creates a definition with no unknown fields.
   *
   * @param secret the plaintext secret, or {@code null}
   * @param secretSha256 the hexadecimal digest, or {@code null}
   * @param clientType the client type
   * @param active the active flag; {@code null} means {@code true}
   * @param description an optional description
   * @param expiresAt an optional ISO-8601 instant
   * @param id an optional id
   */
  public ApiKeyDefinition(String secret, String secretSha256, String clientType, Boolean active,
      String description, String expiresAt, String id) {
    this(secret, secretSha256, clientType, active, description, expiresAt, id, null);
  }

  /**
   * Jackson's creator: every field it does not map to a parameter lands in {@code unknown},
   * whatever the mapper's {@code FAIL_ON_UNKNOWN_PROPERTIES}; only the names are kept (the
   * value of a misspelt {@code "secert"} is a secret).
   *
   * @param secret the plaintext secret, or {@code null}
   * @param secretSha256 the hexadecimal digest, or {@code null}
   * @param clientType the client type
   * @param active the active flag; {@code null} means {@code true}
   * @param description an optional description
   * @param expiresAt an optional ISO-8601 instant
   * @param id an optional id
   * @param unknown the unknown fields; {@code null} means none
   * @return the definition
   */
  @JsonCreator
  public static ApiKeyDefinition bind(
      @JsonProperty("secret") String secret,
      @JsonProperty("secretSha256") String secretSha256,
      @JsonProperty("clientType") String clientType,
      @JsonProperty("active") Boolean active,
      @JsonProperty("description") String description,
      @JsonProperty("expiresAt") String expiresAt,
      @JsonProperty("id") String id,
      @JsonAnySetter Map<String, Object> unknown) {
    return new ApiKeyDefinition(secret, secretSha256, clientType, active, description, expiresAt, id,
        unknown == null ? null : List.copyOf(unknown.keySet()));
  }

  /**
   * Jackson's creator for a string where an API key object belongs, such as
   * {@code "apiKeys": ["kw_..."]}: always refuses, with a message that does not show the value,
   * which is most likely a key (Jackson's own message would quote it). Not for calling.
   *
   * @param value the string as written; never shown
   * @return never
   * @throws IllegalArgumentException always
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ApiKeyDefinition refuseString(String value) {
    throw notAnObject("a string");
  }

  /**
   * Jackson's creator for a whole number where an API key object belongs; as {@link #refuseString}.
   *
   * @param value the number as written; never shown
   * @return never
   * @throws IllegalArgumentException always
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ApiKeyDefinition refuseInteger(long value) {
    throw notAnObject("a number");
  }

  /**
   * Jackson's creator for a decimal number where an API key object belongs; as {@link #refuseString}.
   *
   * @param value the number as written; never shown
   * @return never
   * @throws IllegalArgumentException always
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ApiKeyDefinition refuseDecimal(double value) {
    throw notAnObject("a number");
  }

  private static IllegalArgumentException notAnObject(String kind) {
    return new IllegalArgumentException("an API key must be an object with a secret (or secretSha256) and a "
        + "clientType, not " + kind + " (not shown: it may be a key)");
  }

  /**
   * Returns the names of the fields of the source that this model does not know (misspelt or
   * unsupported), sorted. Each one is reported by {@link #check()}; their values are not
   * kept.
   *
   * @return an unmodifiable list, empty for a clean definition
   */
  @Override
  @JsonIgnore
  public List<String> unknownFields() {
    return unknownFields;
  }

  /**
   * Checks this definition and builds the key in one pass, hashing the secret once. The
   * problems have no location (this definition is checked on its own); a
   * {@link dev.keywarden.access.KeywardenConfig} places them at {@code apiKeys[i]}.
   *
   * @return the key, or every rule this definition breaks
   */
  public Validated<ApiKey> check() {
    return checkForConfig().key();
  }

  /** Checks and builds; see {@link #check()} and {@link KeyDefinitions}. */
  private KeyDefinitions.Checked checkForConfig() {
    ApiKey.Builder builder = builder();
    List<Problem> problems = new ArrayList<>();
    for (String field : unknownFields) {
      problems.add(Problem.of(ProblemText.unknownField(field, FIELDS)));
    }
    if (secret != null && secretSha256 != null) {
      problems.add(Problem.of("exactly one of secret and secretSha256 must be given, not both"));
    }
    builder.problems().forEach(problem -> problems.add(Problem.of(problem)));
    Validated<ApiKey> key = problems.isEmpty() ? Validated.valid(builder.build()) : Validated.invalid(problems);
    return new KeyDefinitions.Checked(key, builder.wellFormedDigest(), builder.wellFormedId());
  }

  /**
   * Validates this definition and builds the key, hashing the secret: {@code check().value()}.
   *
   * @return the key
   * @throws InvalidConfigurationException listing every broken rule
   */
  public ApiKey toApiKey() {
    return check().value();
  }

  private ApiKey.Builder builder() {
    ApiKey.Builder builder = ApiKey.builder()
        .clientType(clientType)
        .active(active == null || active)
        .description(description)
        .expiresAt(expiresAt)
        .id(id);
    // Both given is reported by check(); the builder takes one digest source only.
    if (secret != null) {
      builder.secret(secret);
    } else if (secretSha256 != null) {
      builder.secretSha256(secretSha256);
    }
    return builder;
  }

  /** Prints the non-secret fields; the secret and the digest show as {@code <redacted>}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    if (id != null) {
      parts.add("id=" + id);
    }
    if (secret != null) {
      parts.add("secret=<redacted>");
    }
    if (secretSha256 != null) {
      parts.add("secretSha256=<redacted>");
    }
    parts.add("clientType=" + clientType);
    parts.add("active=" + active);
    if (expiresAt != null) {
      parts.add("expiresAt=" + expiresAt);
    }
    if (!unknownFields.isEmpty()) {
      parts.add("unknownFields=" + unknownFields);
    }
    return "ApiKeyDefinition[" + String.join(", ", parts) + "]";
  }
}
