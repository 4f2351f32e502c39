package dev.keywarden.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * Keywarden's Spring Boot properties, {@code keywarden.*}. They are bound as written and then
 * converted into the core's configuration model ({@code KeywardenConfig}, {@code EndpointDefinition},
 * {@code ApiKeyDefinition}), so they are validated by the same rules, with the same messages, as
 * the JSON configuration. Unknown properties under {@code keywarden.} fail the start: a typo
 * must never silently open a route.
 *
 * <p>A mutable JavaBean, as Spring Boot binding needs; not thread-safe, read once at startup.
 */
@ConfigurationProperties(prefix = "keywarden", ignoreUnknownFields = false)
public class KeywardenProperties {

  /**
   * Whether Keywarden is on; only false (any case) turns every part of the auto-configuration off,
   * and any value but true or false refuses the start.
   */
  private boolean enabled = true;

  /**
   * Whether to start although management.server.port serves the actuator on a separate port,
   * which Keywarden does not protect (its filter is not in the management child context); protect
   * that port otherwise before setting this.
   */
  private boolean allowUnprotectedManagementPort;

  /** The realm of the WWW-Authenticate: ApiKey realm="..." header sent with every 401. */
  private String realm = "keywarden";

  /**
   * A JSON or YAML file (by extension: .yml and .yaml are YAML) in the format of Keywarden's
   * configuration model, with "apiKeys" and "endpoints"; its entries come before those of
   * keywarden.api-keys and keywarden.endpoints.
   */
  private Resource configLocation;

  /**
   * API keys, kept in memory: each with secret or secret-sha256, client-type, and optionally
   * active (default true), description, expires-at (ISO-8601 instant) and id. Not allowed when
   * an ApiKeyStore bean (a host's, or the JDBC store) is defined.
   */
  private List<ApiKey> apiKeys = new ArrayList<>();

  /**
   * Endpoint rules: each with method (default ALL), path, public (default false),
   * api-key-required (default false), user-group-permission (default "true") and optionally
   * backoffice-user-group-permission.
   */
  private List<Endpoint> endpoints = new ArrayList<>();

  /**
   * The rule applied to requests that match no endpoint rule. Without one, such requests are
   * refused with 401 (fail closed).
   */
  private Rule defaultRule;

  /** The cache in front of a key store bean (a host's, or the JDBC store). */
  private final Cache cache = new Cache();

  /**
   * HTTP status per deny code, overriding the defaults; codes are conflicting-api-keys,
   * invalid-api-key, key-store-unavailable, missing-api-key, authentication-required,
   * unauthorized and forbidden; statuses 400 to 599.
   */
  private Map<String, Integer> statuses = new LinkedHashMap<>();

  /**
   * Where clients may put their key, in search order: a header name (or header:NAME),
   * cookie:NAME, or bearer for Authorization: Bearer.
   */
  private List<String> keySources = new ArrayList<>(List.of("client-key", "secret", "cookie:mia_client_key"));

  /**
   * Whether the user comes from the Mia-Platform style headers miauserid and miausergroups.
   * Only behind a gateway that authenticates users and overwrites these headers: any client
   * reaching the application directly could claim any identity.
   */
  private boolean trustedHeaders;

  /** The JDBC key store, used when keywarden-jdbc is on the class path and a DataSource exists. */
  private final Jdbc jdbc = new Jdbc();

  /** How Spring Security authorities become Keywarden groups and permissions. */
  private final Security security = new Security();

  /**
   * Returns whether Keywarden is on.
   *
   * @return the flag
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether Keywarden is on.
   *
   * @param enabled the flag
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns whether a separate, unprotected management port is allowed.
   *
   * @return the flag
   */
  public boolean isAllowUnprotectedManagementPort() {
    return allowUnprotectedManagementPort;
  }

  /**
   * Sets whether a separate, unprotected management port is allowed.
   *
   * @param allow the flag
   */
  public void setAllowUnprotectedManagementPort(boolean allow) {
    this.allowUnprotectedManagementPort = allow;
  }

  /**
   * Returns the realm.
   *
   * @return the realm
   */
  public String getRealm() {
    return realm;
  }

  /**
   * Sets the realm.
   *
   * @param realm the realm
   */
  public void setRealm(String realm) {
    this.realm = realm;
  }

  /**
   * Returns the configuration file.
   *
   * @return the file, or {@code null}
   */
  public Resource getConfigLocation() {
    return configLocation;
  }

  /**
   * Sets the configuration file.
   *
   * @param configLocation the file, or {@code null}
   */
  public void setConfigLocation(Resource configLocation) {
    this.configLocation = configLocation;
  }

  /**
   * Returns the API keys.
   *
   * @return the keys
   */
  public List<ApiKey> getApiKeys() {
    return apiKeys;
  }

  /**
   * Sets the API keys.
   *
   * @param apiKeys the keys
   */
  public void setApiKeys(List<ApiKey> apiKeys) {
    this.apiKeys = apiKeys;
  }

  /**
   * Returns the endpoint rules.
   *
   * @return the rules
   */
  public List<Endpoint> getEndpoints() {
    return endpoints;
  }

  /**
   * Sets the endpoint rules.
   *
   * @param endpoints the rules
   */
  public void setEndpoints(List<Endpoint> endpoints) {
    this.endpoints = endpoints;
  }

  /**
   * Returns the default rule.
   *
   * @return the rule, or {@code null}
   */
  public Rule getDefaultRule() {
    return defaultRule;
  }

  /**
   * Sets the default rule.
   *
   * @param defaultRule the rule, or {@code null}
   */
  public void setDefaultRule(Rule defaultRule) {
    this.defaultRule = defaultRule;
  }

  /**
   * Returns the cache settings.
   *
   * @return the settings
   */
  public Cache getCache() {
    return cache;
  }

  /**
   * Returns the statuses by deny code.
   *
   * @return the statuses
   */
  public Map<String, Integer> getStatuses() {
    return statuses;
  }

  /**
   * Sets the statuses by deny code.
   *
   * @param statuses the statuses
   */
  public void setStatuses(Map<String, Integer> statuses) {
    this.statuses = statuses;
  }

  /**
   * Returns the key sources.
   *
   * @return the sources
   */
  public List<String> getKeySources() {
    return keySources;
  }

  /**
   * Sets the key sources.
   *
   * @param keySources the sources
   */
  public void setKeySources(List<String> keySources) {
    this.keySources = keySources;
  }

  /**
   * Returns whether the Mia-Platform trusted headers identify the user.
   *
   * @return the flag
   */
  public boolean isTrustedHeaders() {
    return trustedHeaders;
  }

  /**
   * Sets whether the Mia-Platform trusted headers identify the user.
   *
   * @param trustedHeaders the flag
   */
  public void setTrustedHeaders(boolean trustedHeaders) {
    this.trustedHeaders = trustedHeaders;
  }

  /**
   * Returns the JDBC settings.
   *
   * @return the settings
   */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /**
   * Returns the Spring Security settings.
   *
   * @return the settings
   */
  public Security getSecurity() {
    return security;
  }

  /** An API key as written in properties; validated by the core's {@code ApiKeyDefinition}. */
  public static class ApiKey {
    private String secret;
    private String secretSha256;
    private String clientType;
    private Boolean active;
    private String description;
    private String expiresAt;
    private String id;

    /**
     * Returns the plaintext secret.
     *
     * @return the secret, or {@code null}
     */
    public String getSecret() {
      return secret;
    }

    /**
     * Sets the plaintext secret; prefer {@link #setSecretSha256} in files.
     *
     * @param secret the secret
     */
    public void setSecret(String secret) {
      this.secret = secret;
    }

    /**
     * Returns the hexadecimal SHA-256 digest of the secret.
     *
     * @return the digest, or {@code null}
     */
    public String getSecretSha256() {
      return secretSha256;
    }

    /**
     * Sets the hexadecimal SHA-256 digest of the secret.
     *
     * @param secretSha256 the digest
     */
    public void setSecretSha256(String secretSha256) {
      this.secretSha256 = secretSha256;
    }

    /**
     * Returns the client type.
     *
     * @return the client type
     */
    public String getClientType() {
      return clientType;
    }

    /**
     * Sets the client type.
     *
     * @param clientType the client type
     */
    public void setClientType(String clientType) {
      this.clientType = clientType;
    }

    /**
     * Returns the active flag.
     *
     * @return the flag, or {@code null} for the default (active)
     */
    public Boolean getActive() {
      return active;
    }

    /**
     * Sets the active flag.
     *
     * @param active the flag
     */
    public void setActive(Boolean active) {
      this.active = active;
    }

    /**
     * Returns the description.
     *
     * @return the description, or {@code null}
     */
    public String getDescription() {
      return description;
    }

    /**
     * Sets the description.
     *
     * @param description the description
     */
    public void setDescription(String description) {
      this.description = description;
    }

    /**
     * Returns the expiry, an ISO-8601 instant.
     *
     * @return the expiry, or {@code null}
     */
    public String getExpiresAt() {
      return expiresAt;
    }

    /**
     * Sets the expiry, an ISO-8601 instant such as {@code 2030-01-01T00:00:00Z}.
     *
     * @param expiresAt the expiry
     */
    public void setExpiresAt(String expiresAt) {
      this.expiresAt = expiresAt;
    }

    /**
     * Returns the non-secret id.
     *
     * @return the id, or {@code null} for the default
     */
    public String getId() {
      return id;
    }

    /**
     * Sets the non-secret id.
     *
     * @param id the id
     */
    public void setId(String id) {
      this.id = id;
    }

    /** Never prints the secret or its digest. */
    @Override
    public String toString() {
      return "ApiKey[id=" + id + ", clientType=" + clientType + ", secret=<redacted>]";
    }
  }

  /** A rule without method and path: the default rule. */
  public static class Rule {
    private Boolean isPublic;
    private Boolean apiKeyRequired;
    private String userGroupPermission;
    private String backofficeUserGroupPermission;

    /**
     * Returns whether no login is needed.
     *
     * @return the flag, or {@code null} for the default (false)
     */
    public Boolean getPublic() {
      return isPublic;
    }

    /**
     * Sets whether no login is needed (property {@code public}).
     *
     * @param isPublic the flag
     */
    public void setPublic(Boolean isPublic) {
      this.isPublic = isPublic;
    }

    /**
     * Returns whether a valid API key is needed.
     *
     * @return the flag, or {@code null} for the default (false)
     */
    public Boolean getApiKeyRequired() {
      return apiKeyRequired;
    }

    /**
     * Sets whether a valid API key is needed.
     *
     * @param apiKeyRequired the flag
     */
    public void setApiKeyRequired(Boolean apiKeyRequired) {
      this.apiKeyRequired = apiKeyRequired;
    }

    /**
     * Returns the expression deciding who passes.
     *
     * @return the expression, or {@code null} for the default ({@code true})
     */
    public String getUserGroupPermission() {
      return userGroupPermission;
    }

    /**
     * Sets the expression deciding who passes.
     *
     * @param userGroupPermission the expression
     */
    public void setUserGroupPermission(String userGroupPermission) {
      this.userGroupPermission = userGroupPermission;
    }

    /**
     * Returns the expression for back-office requests.
     *
     * @return the expression, or {@code null}
     */
    public String getBackofficeUserGroupPermission() {
      return backofficeUserGroupPermission;
    }

    /**
     * Sets the expression for back-office requests.
     *
     * @param backofficeUserGroupPermission the expression
     */
    public void setBackofficeUserGroupPermission(String backofficeUserGroupPermission) {
      this.backofficeUserGroupPermission = backofficeUserGroupPermission;
    }

    @Override
    public String toString() {
      return getClass().getSimpleName() + "[public=" + isPublic + ", apiKeyRequired=" + apiKeyRequired
          + ", userGroupPermission=" + userGroupPermission + "]";
    }
  }

  /** An endpoint rule as written in properties; validated by the core's {@code EndpointDefinition}. */
  public static class Endpoint extends Rule {
    private String method;
    private String path;

    /**
     * Returns the method.
     *
     * @return the method or {@code ALL}; {@code null} for the default ({@code ALL})
     */
    public String getMethod() {
      return method;
    }

    /**
     * Sets the method, or {@code ALL}.
     *
     * @param method the method
     */
    public void setMethod(String method) {
      this.method = method;
    }

    /**
     * Returns the path pattern.
     *
     * @return the pattern
     */
    public String getPath() {
      return path;
    }

    /**
     * Sets the path pattern.
     *
     * @param path the pattern
     */
    public void setPath(String path) {
      this.path = path;
    }
  }

  /** The cache in front of a key store bean. */
  public static class Cache {
    /** How long a found key or an unknown digest is remembered. */
    private Duration ttl = Duration.ofSeconds(10);

    /** The maximum number of remembered answers. */
    private long maximumSize = 100_000;

    /**
     * Returns the time to live.
     *
     * @return the ttl
     */
    public Duration getTtl() {
      return ttl;
    }

    /**
     * Sets the time to live.
     *
     * @param ttl the ttl
     */
    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    /**
     * Returns the maximum size.
     *
     * @return the size
     */
    public long getMaximumSize() {
      return maximumSize;
    }

    /**
     * Sets the maximum size.
     *
     * @param maximumSize the size
     */
    public void setMaximumSize(long maximumSize) {
      this.maximumSize = maximumSize;
    }
  }

  /** The JDBC key store. */
  public static class Jdbc {
    /**
     * Whether the JDBC store is used when keywarden-jdbc is on the class path and a DataSource
     * exists; set false to keep the keys of keywarden.api-keys in memory.
     */
    private boolean enabled = true;

    /** Whether to create or upgrade the key table at startup (off: the host migrates). */
    private boolean migrate;

    /**
     * Returns whether the JDBC store is used.
     *
     * @return the flag
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether the JDBC store is used.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Returns whether the schema is migrated at startup.
     *
     * @return the flag
     */
    public boolean isMigrate() {
      return migrate;
    }

    /**
     * Sets whether the schema is migrated at startup.
     *
     * @param migrate the flag
     */
    public void setMigrate(boolean migrate) {
      this.migrate = migrate;
    }
  }

  /** Spring Security authorities as Keywarden groups and permissions. */
  public static class Security {
    /**
     * Stripped from an authority to give a group name (ROLE_admin is the group admin); an
     * authority without it is a group by its full name.
     */
    private String groupPrefix = "ROLE_";

    /**
     * An authority starting with this is a permission named by the rest (PERMISSION_orders.read
     * is the permission orders.read) instead of a group; empty for no permissions.
     */
    private String permissionPrefix = "PERMISSION_";

    /**
     * Returns the group prefix.
     *
     * @return the prefix
     */
    public String getGroupPrefix() {
      return groupPrefix;
    }

    /**
     * Sets the group prefix.
     *
     * @param groupPrefix the prefix; empty for none
     */
    public void setGroupPrefix(String groupPrefix) {
      this.groupPrefix = groupPrefix;
    }

    /**
     * Returns the permission prefix.
     *
     * @return the prefix
     */
    public String getPermissionPrefix() {
      return permissionPrefix;
    }

    /**
     * Sets the permission prefix.
     *
     * @param permissionPrefix the prefix; empty for no permissions
     */
    public void setPermissionPrefix(String permissionPrefix) {
      this.permissionPrefix = permissionPrefix;
    }
  }
}
