package dev.keywarden;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

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
 * {@code ObjectMapper} without extra modules binds it. Validation happens in
 * {@link #toApiKey()}, which reports every problem at once. {@link #toString()} redacts both
 * the secret and the digest.
 *
 * @param secret the plaintext secret, or {@code null}
 * @param secretSha256 the hexadecimal SHA-256 digest of the secret, or {@code null}
 * @param clientType the client type
 * @param active the active flag; {@code null} means {@code true}
 * @param description an optional description
 * @param expiresAt an optional ISO-8601 instant
 * @param id an optional non-secret id; by default the first 12 hexadecimal digest characters
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "secret", "secretSha256", "clientType", "active", "description", "expiresAt"})
public record ApiKeyDefinition(
    String secret,
    String secretSha256,
    String clientType,
    Boolean active,
    String description,
    String expiresAt,
    String id) {

  /**
   * The canonical constructor, also Jackson's creator.
   *
   * @param secret the plaintext secret, or {@code null}
   * @param secretSha256 the hexadecimal digest, or {@code null}
   * @param clientType the client type
   * @param active the active flag; {@code null} means {@code true}
   * @param description an optional description
   * @param expiresAt an optional ISO-8601 instant
   * @param id an optional id
   */
  @JsonCreator
  public ApiKeyDefinition(
      @JsonProperty("secret") String secret,
      @JsonProperty("secretSha256") String secretSha256,
      @JsonProperty("clientType") String clientType,
      @JsonProperty("active") Boolean active,
      @JsonProperty("description") String description,
      @JsonProperty("expiresAt") String expiresAt,
      @JsonProperty("id") String id) {
    this.secret = secret;
    this.secretSha256 = secretSha256;
    this.clientType = clientType;
    this.active = active;
    this.description = description;
    this.expiresAt = expiresAt;
    this.id = id;
  }

  /**
   * Lists every rule this definition breaks.
   *
   * @return the problems; empty when {@link #toApiKey()} would succeed
   */
  public List<String> problems() {
    return builder().problems();
  }

  /**
   * Validates this definition and builds the key, hashing the secret.
   *
   * @return the key
   * @throws InvalidConfigurationException listing every broken rule
   */
  public ApiKey toApiKey() {
    return builder().build();
  }

  private ApiKey.Builder builder() {
    ApiKey.Builder builder = ApiKey.builder()
        .clientType(clientType)
        .active(active == null || active)
        .description(description)
        .expiresAt(expiresAt)
        .id(id);
    if (secret != null) {
      builder.secret(secret);
    }
    if (secretSha256 != null) {
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
    return "ApiKeyDefinition[" + String.join(", ", parts) + "]";
  }
}
