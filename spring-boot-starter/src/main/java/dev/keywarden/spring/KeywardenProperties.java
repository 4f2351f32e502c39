package dev.keywarden.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keywarden's Spring Boot properties, {@code keywarden.*}. They are bound as written and then
 * converted into the core's configuration model ({@code KeywardenConfig}, {@code EndpointDefinition},
 * {@code ApiKeyDefinition}), so they are validated by the same rules, with the same messages, as
 * the JSON configuration. Unknown properties under {@code keywarden.} fail the start: a typo
 * must never silently open a route.
 *
 * <p>A mutable JavaBean, as Spring Boot binding needs; not thread-safe, read once at startup.
 * Each property is described on its field, where Spring Boot's configuration processor reads it
 * for IDE hints; the accessors are plain JavaBean ones. {@code null} in a nested key or rule means
 * the core's default for that field.
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
   * keywarden.api-keys and keywarden.endpoints. A file path, absolute or relative to the working
   * directory (/etc/app/keywarden.yml, config/keywarden.yml), or a Spring resource location with
   * its prefix (classpath:keywarden.yml, file:..., a URL).
   */
  private String configLocation;

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

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isAllowUnprotectedManagementPort() {
    return allowUnprotectedManagementPort;
  }

  public void setAllowUnprotectedManagementPort(boolean allow) {
    this.allowUnprotectedManagementPort = allow;
  }

  public String getRealm() {
    return realm;
  }

  public void setRealm(String realm) {
    this.realm = realm;
  }

  public String getConfigLocation() {
    return configLocation;
  }

  public void setConfigLocation(String configLocation) {
    this.configLocation = configLocation;
  }

  public List<ApiKey> getApiKeys() {
    return apiKeys;
  }

  public void setApiKeys(List<ApiKey> apiKeys) {
    this.apiKeys = apiKeys;
  }

  public List<Endpoint> getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(List<Endpoint> endpoints) {
    this.endpoints = endpoints;
  }

  public Rule getDefaultRule() {
    return defaultRule;
  }

  public void setDefaultRule(Rule defaultRule) {
    this.defaultRule = defaultRule;
  }

  public Cache getCache() {
    return cache;
  }

  public Map<String, Integer> getStatuses() {
    return statuses;
  }

  public void setStatuses(Map<String, Integer> statuses) {
    this.statuses = statuses;
  }

  public List<String> getKeySources() {
    return keySources;
  }

  public void setKeySources(List<String> keySources) {
    this.keySources = keySources;
  }

  public boolean isTrustedHeaders() {
    return trustedHeaders;
  }

  public void setTrustedHeaders(boolean trustedHeaders) {
    this.trustedHeaders = trustedHeaders;
  }

  public Jdbc getJdbc() {
    return jdbc;
  }

  public Security getSecurity() {
    return security;
  }

  /** An API key as written in properties; validated by the core's {@code ApiKeyDefinition}. */
  public static class ApiKey {
    /** The plaintext secret; prefer secret-sha256 in files. */
    private String secret;
    /** The hexadecimal SHA-256 digest of the secret. */
    private String secretSha256;
    private String clientType;
    /** {@code null} for the default, active. */
    private Boolean active;
    private String description;
    /** An ISO-8601 instant such as {@code 2030-01-01T00:00:00Z}. */
    private String expiresAt;
    /** The non-secret id; {@code null} for the default, derived from the digest. */
    private String id;

    public String getSecret() {
      return secret;
    }

    public void setSecret(String secret) {
      this.secret = secret;
    }

    public String getSecretSha256() {
      return secretSha256;
    }

    public void setSecretSha256(String secretSha256) {
      this.secretSha256 = secretSha256;
    }

    public String getClientType() {
      return clientType;
    }

    public void setClientType(String clientType) {
      this.clientType = clientType;
    }

    public Boolean getActive() {
      return active;
    }

    public void setActive(Boolean active) {
      this.active = active;
    }

    public String getDescription() {
      return description;
    }

    public void setDescription(String description) {
      this.description = description;
    }

    public String getExpiresAt() {
      return expiresAt;
    }

    public void setExpiresAt(String expiresAt) {
      this.expiresAt = expiresAt;
    }

    public String getId() {
      return id;
    }

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
    /** Whether no login is needed (property {@code public}); {@code null} for the default, false. */
    private Boolean isPublic;
    /** {@code null} for the default, false. */
    private Boolean apiKeyRequired;
    /** The expression deciding who passes; {@code null} for the default, {@code true}. */
    private String userGroupPermission;
    /** The expression for back-office requests; {@code null} to use the main one. */
    private String backofficeUserGroupPermission;

    public Boolean getPublic() {
      return isPublic;
    }

    public void setPublic(Boolean isPublic) {
      this.isPublic = isPublic;
    }

    public Boolean getApiKeyRequired() {
      return apiKeyRequired;
    }

    public void setApiKeyRequired(Boolean apiKeyRequired) {
      this.apiKeyRequired = apiKeyRequired;
    }

    public String getUserGroupPermission() {
      return userGroupPermission;
    }

    public void setUserGroupPermission(String userGroupPermission) {
      this.userGroupPermission = userGroupPermission;
    }

    public String getBackofficeUserGroupPermission() {
      return backofficeUserGroupPermission;
    }

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
    /** The method, or {@code ALL}; {@code null} for the default, {@code ALL}. */
    private String method;
    /** The path pattern. */
    private String path;

    public String getMethod() {
      return method;
    }

    public void setMethod(String method) {
      this.method = method;
    }

    public String getPath() {
      return path;
    }

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

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    public long getMaximumSize() {
      return maximumSize;
    }

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

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isMigrate() {
      return migrate;
    }

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

    public String getGroupPrefix() {
      return groupPrefix;
    }

    public void setGroupPrefix(String groupPrefix) {
      this.groupPrefix = groupPrefix;
    }

    public String getPermissionPrefix() {
      return permissionPrefix;
    }

    public void setPermissionPrefix(String permissionPrefix) {
      this.permissionPrefix = permissionPrefix;
    }
  }
}
