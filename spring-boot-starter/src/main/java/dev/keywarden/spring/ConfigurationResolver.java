package dev.keywarden.spring;

import dev.keywarden.ApiKeyDefinition;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.Problem;
import dev.keywarden.Validated;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.DenyCode;
import dev.keywarden.access.EndpointDefinition;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.access.KeywardenConfig;
import dev.keywarden.extract.KeyExtractor;
import dev.keywarden.extract.KeySource;
import dev.keywarden.servlet.KeywardenFilter;
import dev.keywarden.store.CachingApiKeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.core.io.Resource;

/**
 * Turns {@link KeywardenProperties} into the core's model and lets the core validate it, so the
 * properties follow the same rules, with the same messages, as the JSON configuration. Every
 * problem is collected; {@link #resolve} throws one {@link InvalidConfigurationException} naming
 * them all, each with its property path ({@code keywarden.endpoints[0] (GET /orders/**): ...}).
 */
final class ConfigurationResolver {
  private static final Pattern API_KEYS = Pattern.compile("\\bapiKeys\\[");
  private static final Pattern ENDPOINTS = Pattern.compile("\\bendpoints\\[");

  private ConfigurationResolver() {}

  static ResolvedConfiguration resolve(KeywardenProperties properties) {
    List<String> problems = new ArrayList<>();

    KeywardenConfig fromProperties = new KeywardenConfig(
        properties.getApiKeys().stream().map(ConfigurationResolver::definition).toList(),
        properties.getEndpoints().stream().map(ConfigurationResolver::definition).toList());
    List<Problem> propertyProblems = fromProperties.check().problems();
    propertyProblems.forEach(problem -> problems.add(propertyPath(problem)));
    checkPlaceholders(properties.getApiKeys(), problems);

    KeywardenConfig config = properties.getConfigLocation() == null
        ? fromProperties
        : withFile(properties.getConfigLocation(), fromProperties, propertyProblems.isEmpty(), problems);

    EndpointRule defaultRule = defaultRule(properties.getDefaultRule(), problems);
    KeyExtractor extractor = extractor(properties.getKeySources(), problems);
    Map<DenyCode, Integer> statuses = statuses(properties.getStatuses(), problems);
    checkRealm(properties.getRealm(), problems);
    checkCache(properties.getCache(), problems);

    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return new ResolvedConfiguration(config, defaultRule, extractor, statuses, properties.getRealm());
  }

  /**
   * The configuration file's entries followed by the properties' ones, checked together when each
   * part is valid on its own; the properties' alone when the file cannot be read.
   */
  private static KeywardenConfig withFile(Resource location, KeywardenConfig fromProperties,
      boolean propertiesValid, List<String> problems) {
    String where = "keywarden.config-location (" + location.getDescription() + ")";
    Optional<KeywardenConfig> fromFile = ConfigFileReader.read(location, where, problems);
    if (fromFile.isEmpty()) {
      return fromProperties;
    }
    List<Problem> fileProblems = fromFile.get().check().problems();
    fileProblems.forEach(problem -> problems.add(where + ": " + problem));
    if (!fileProblems.isEmpty() || !propertiesValid) {
      return fromProperties;
    }
    KeywardenConfig config = combine(fromFile.get(), fromProperties);
    config.check().problems().forEach(problem -> problems.add(
        "keywarden.config-location and keywarden.* together (file entries first): " + problem));
    return config;
  }

  /**
   * Spring leaves a placeholder whose variable is unset as literal text ({@code ${WEB_API_KEY}}),
   * which would then be a working, guessable secret: a secret containing <code>${</code> is refused.
   * The secret itself is never printed.
   */
  private static void checkPlaceholders(List<KeywardenProperties.ApiKey> keys, List<String> problems) {
    for (int i = 0; i < keys.size(); i++) {
      KeywardenProperties.ApiKey key = keys.get(i);
      if (key != null && key.getSecret() != null && key.getSecret().contains("${")) {
        problems.add("keywarden.api-keys[" + i + "].secret: looks like an unresolved placeholder (\"${\"); "
            + "set the variable, or give the placeholder an empty default (\"${NAME:}\") so that a missing "
            + "variable fails the start");
      }
    }
  }

  private static ApiKeyDefinition definition(KeywardenProperties.ApiKey key) {
    return key == null ? null : new ApiKeyDefinition(key.getSecret(), key.getSecretSha256(), key.getClientType(),
        key.getActive(), key.getDescription(), key.getExpiresAt(), key.getId());
  }

  private static EndpointDefinition definition(KeywardenProperties.Endpoint endpoint) {
    return endpoint == null ? null : new EndpointDefinition(endpoint.getMethod(), endpoint.getPath(),
        endpoint.getPublic(), endpoint.getApiKeyRequired(), endpoint.getUserGroupPermission(),
        endpoint.getBackofficeUserGroupPermission());
  }

  /**
   * The core locates a problem at {@code apiKeys[i]} or {@code endpoints[i]}; say where it was
   * written instead. A duplicate relates two entries, so it has no location and its message names
   * both: only there are the names replaced in the text.
   */
  private static String propertyPath(Problem problem) {
    if (problem.location().isEmpty()) {
      String keys = API_KEYS.matcher(problem.message()).replaceAll("keywarden.api-keys[");
      return ENDPOINTS.matcher(keys).replaceAll("keywarden.endpoints[");
    }
    return propertyName(problem.location()) + ": " + problem.message();
  }

  private static String propertyName(String location) {
    if (location.startsWith("apiKeys[")) {
      return "keywarden.api-keys[" + location.substring("apiKeys[".length());
    }
    if (location.startsWith("endpoints[")) {
      return "keywarden.endpoints[" + location.substring("endpoints[".length());
    }
    return "keywarden." + location;
  }

  private static KeywardenConfig combine(KeywardenConfig first, KeywardenConfig second) {
    List<ApiKeyDefinition> keys = new ArrayList<>(first.apiKeys());
    keys.addAll(second.apiKeys());
    List<EndpointDefinition> endpoints = new ArrayList<>(first.endpoints());
    endpoints.addAll(second.endpoints());
    return new KeywardenConfig(keys, endpoints);
  }

  private static EndpointRule defaultRule(KeywardenProperties.Rule rule, List<String> problems) {
    if (rule == null) {
      return null;
    }
    // Method and path of a default rule are ignored; these placeholders only let the core parse it.
    EndpointDefinition definition = new EndpointDefinition("ALL", "/**", rule.getPublic(), rule.getApiKeyRequired(),
        rule.getUserGroupPermission(), rule.getBackofficeUserGroupPermission());
    Validated<EndpointRule> checked = definition.check();
    checked.problems().forEach(problem -> problems.add("keywarden.default-rule: " + problem));
    return checked.isValid() ? checked.value() : null;
  }

  private static KeyExtractor extractor(List<String> names, List<String> problems) {
    List<KeySource> sources = new ArrayList<>();
    boolean valid = true;
    for (int i = 0; i < names.size(); i++) {
      try {
        sources.add(keySource(names.get(i)));
      } catch (IllegalArgumentException | NullPointerException e) {
        problems.add("keywarden.key-sources[" + i + "]: " + e.getMessage());
        valid = false;
      }
    }
    if (!valid) {
      return null;
    }
    try {
      return KeyExtractor.builder().sources(sources).build();
    } catch (IllegalArgumentException e) {
      problems.add("keywarden.key-sources: " + e.getMessage());
      return null;
    }
  }

  /** {@code bearer}, {@code cookie:NAME}, {@code header:NAME} or a bare header name. */
  static KeySource keySource(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("must be a header name, header:NAME, cookie:NAME or bearer");
    }
    String trimmed = text.trim();
    if (trimmed.equalsIgnoreCase("bearer")) {
      return KeySource.bearer();
    }
    if (trimmed.regionMatches(true, 0, "cookie:", 0, 7)) {
      return KeySource.cookie(trimmed.substring(7));
    }
    if (trimmed.regionMatches(true, 0, "header:", 0, 7)) {
      return KeySource.header(trimmed.substring(7));
    }
    return KeySource.header(trimmed);
  }

  private static Map<DenyCode, Integer> statuses(Map<String, Integer> configured, List<String> problems) {
    Map<DenyCode, Integer> statuses = new EnumMap<>(DenyCode.class);
    AccessGuard.Builder check = AccessGuard.builder();
    configured.forEach((name, status) -> {
      // Several deny codes may answer with the same code (and so the same status property).
      List<DenyCode> codes = Arrays.stream(DenyCode.values())
          .filter(candidate -> candidate.code().equals(name.toLowerCase(Locale.ROOT))).toList();
      if (codes.isEmpty()) {
        problems.add("keywarden.statuses: unknown code " + PropertyText.quote(name) + "; expected one of "
            + Arrays.stream(DenyCode.values()).map(DenyCode::code).distinct().collect(Collectors.joining(", ")));
      } else if (status == null) {
        problems.add("keywarden.statuses." + name + ": must be a status between 400 and 599");
      } else {
        try {
          codes.forEach(code -> check.status(code, status));
          codes.forEach(code -> statuses.put(code, status));
        } catch (IllegalArgumentException e) {
          problems.add("keywarden.statuses." + name + ": " + e.getMessage());
        }
      }
    });
    return statuses;
  }

  private static void checkRealm(String realm, List<String> problems) {
    try {
      // The filter owns the realm's rules; ask it on a throwaway guard instead of repeating them.
      KeywardenFilter.builder(AccessGuard.builder().build()).realm(realm);
    } catch (IllegalArgumentException | NullPointerException e) {
      problems.add("keywarden.realm: " + e.getMessage());
    }
  }

  private static void checkCache(KeywardenProperties.Cache cache, List<String> problems) {
    CachingApiKeyStore.Builder check = CachingApiKeyStore.builder(digest -> Optional.empty());
    try {
      check.ttl(cache.getTtl());
    } catch (IllegalArgumentException | NullPointerException e) {
      problems.add("keywarden.cache.ttl: " + e.getMessage());
    }
    try {
      check.maximumSize(cache.getMaximumSize());
    } catch (IllegalArgumentException e) {
      problems.add("keywarden.cache.maximum-size: " + e.getMessage());
    }
  }
}
