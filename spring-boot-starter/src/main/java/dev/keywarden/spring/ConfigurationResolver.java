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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Turns {@link KeywardenProperties} into the core's model and lets the core validate it, so the
 * properties follow the same rules, with the same messages, as the JSON configuration. Every
 * problem is collected; {@link #resolve} throws one {@link InvalidConfigurationException} naming
 * them all, each a {@link Problem} located at its property ({@code keywarden.endpoints[0] (GET
 * /orders/**)}) or at its place in the {@code keywarden.config-location} file.
 */
final class ConfigurationResolver {
  /** An index into the core's key or endpoint list, as the core writes it in a duplicate's message. */
  private static final Pattern ENTRY = Pattern.compile("(?<![^\\s])(apiKeys|endpoints)\\[(\\d+)]");

  /** A value quoted at the end of a core message. */
  private static final Pattern WAS = Pattern.compile(" ?\\(was \".*\"\\)$", Pattern.DOTALL);

  private ConfigurationResolver() {}

  /**
   * The validated configuration; {@code loader} finds a {@code keywarden.config-location} written
   * with a resource prefix ({@code classpath:}, {@code file:}, a URL).
   */
  static ResolvedConfiguration resolve(KeywardenProperties properties, ResourceLoader loader) {
    List<Problem> problems = new ArrayList<>();

    KeywardenConfig fromProperties = new KeywardenConfig(
        properties.getApiKeys().stream().map(ConfigurationResolver::definition).toList(),
        properties.getEndpoints().stream().map(ConfigurationResolver::definition).toList());
    List<Problem> propertyProblems = fromProperties.check().problems();
    Origin propertyOrigin = new Origin(null, 0, 0);
    propertyProblems.forEach(problem -> problems.add(propertyOrigin.locate(problem)));
    checkPlaceholders(properties.getApiKeys(), problems);

    // An empty value means no file, as it did when the property was bound as a Resource.
    String location = properties.getConfigLocation();
    KeywardenConfig config = location == null || location.isBlank()
        ? fromProperties
        : withFile(ConfigFileReader.locate(location.strip(), loader), fromProperties, problems);

    EndpointRule defaultRule = defaultRule(properties.getDefaultRule(), problems);
    KeyExtractor extractor = extractor(properties.getKeySources(), problems);
    Map<DenyCode, Integer> statuses = statuses(properties.getStatuses(), problems);
    checkRealm(properties.getRealm(), problems);
    checkCache(properties.getCache(), problems);

    if (!problems.isEmpty()) {
      throw InvalidConfigurationException.of(problems);
    }
    return new ResolvedConfiguration(config, defaultRule, extractor, statuses, properties.getRealm());
  }

  /**
   * The configuration file's entries followed by the properties' ones, checked together; the
   * properties' alone when the file cannot be read. A problem relating a file entry to a property
   * one (a duplicate) is reported even when either part has other problems, so that one start
   * names them all.
   */
  private static KeywardenConfig withFile(Resource location, KeywardenConfig fromProperties,
      List<Problem> problems) {
    String file = "keywarden.config-location (" + location.getDescription() + ")";
    Optional<KeywardenConfig> fromFile = ConfigFileReader.read(location, file, problems);
    if (fromFile.isEmpty()) {
      return fromProperties;
    }
    List<Problem> fileProblems = fromFile.get().check().problems();
    Origin fileOrigin = new Origin(file, fromFile.get().apiKeys().size(), fromFile.get().endpoints().size());
    fileProblems.forEach(problem -> problems.add(fileOrigin.locate(problem)));
    KeywardenConfig config = combine(fromFile.get(), fromProperties);
    // Each part's own problems are already there, located alike: what is new relates the two.
    config.check().problems().stream().map(fileOrigin::locate).filter(problem -> !problems.contains(problem))
        .forEach(problems::add);
    return config;
  }

  /**
   * Spring leaves a placeholder whose variable is unset as literal text ({@code ${WEB_API_KEY}}),
   * which would then be a working, guessable secret: a secret containing <code>${</code> is refused.
   * The secret itself is never printed.
   */
  private static void checkPlaceholders(List<KeywardenProperties.ApiKey> keys, List<Problem> problems) {
    for (int i = 0; i < keys.size(); i++) {
      KeywardenProperties.ApiKey key = keys.get(i);
      if (key != null && key.getSecret() != null && key.getSecret().contains("${")) {
        problems.add(new Problem("keywarden.api-keys[" + i + "].secret",
            "looks like an unresolved placeholder (\"${\"); "
            + "set the variable, or give the placeholder an empty default (\"${NAME:}\") so that a missing "
            + "variable fails the start"));
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
   * Where the core's entries came from: the first {@code fileKeys} keys and {@code fileEndpoints}
   * endpoints from {@code file}, the rest from the properties (all of them when {@code file} is
   * null). The core locates a problem at {@code apiKeys[i]} or {@code endpoints[i]} of the list it
   * was given; say where the entry was written instead. A duplicate relates two entries, so it has
   * no location and its message names both: there each name is replaced in the text.
   */
  private record Origin(String file, int fileKeys, int fileEndpoints) {
    Problem locate(Problem problem) {
      if (problem.location().isEmpty()) {
        return Problem.of(ENTRY.matcher(problem.message()).replaceAll(match -> Matcher.quoteReplacement(
            entry(match.group(1), Integer.parseInt(match.group(2))))));
      }
      Matcher entry = ENTRY.matcher(problem.location());
      if (entry.lookingAt()) {
        String place = entry(entry.group(1), Integer.parseInt(entry.group(2)));
        return new Problem(place + problem.location().substring(entry.end()), problem.message());
      }
      // A top-level field of the file, or of the properties (which have no unknown fields to report).
      return new Problem(file == null ? "keywarden" : file, problem.message());
    }

    private String entry(String list, int index) {
      boolean keys = list.equals("apiKeys");
      int inFile = keys ? fileKeys : fileEndpoints;
      if (file != null && index < inFile) {
        return file + " " + list + "[" + index + "]";
      }
      return (keys ? "keywarden.api-keys[" : "keywarden.endpoints[") + (index - inFile) + "]";
    }
  }

  private static KeywardenConfig combine(KeywardenConfig first, KeywardenConfig second) {
    List<ApiKeyDefinition> keys = new ArrayList<>(first.apiKeys());
    keys.addAll(second.apiKeys());
    List<EndpointDefinition> endpoints = new ArrayList<>(first.endpoints());
    endpoints.addAll(second.endpoints());
    return new KeywardenConfig(keys, endpoints);
  }

  private static EndpointRule defaultRule(KeywardenProperties.Rule rule, List<Problem> problems) {
    if (rule == null) {
      return null;
    }
    // Method and path of a default rule are ignored; these placeholders only let the core parse it.
    EndpointDefinition definition = new EndpointDefinition("ALL", "/**", rule.getPublic(), rule.getApiKeyRequired(),
        rule.getUserGroupPermission(), rule.getBackofficeUserGroupPermission());
    Validated<EndpointRule> checked = definition.check();
    checked.problems().forEach(problem -> problems.add(problem.at("keywarden.default-rule")));
    return checked.isValid() ? checked.value() : null;
  }

  private static KeyExtractor extractor(List<String> names, List<Problem> problems) {
    List<KeySource> sources = new ArrayList<>();
    boolean valid = true;
    for (int i = 0; i < names.size(); i++) {
      try {
        sources.add(keySource(names.get(i)));
      } catch (IllegalArgumentException | NullPointerException e) {
        problems.add(new Problem("keywarden.key-sources[" + i + "]", withoutValue(e.getMessage())));
        valid = false;
      }
    }
    if (!valid) {
      return null;
    }
    try {
      return KeyExtractor.builder().sources(sources).build();
    } catch (IllegalArgumentException e) {
      problems.add(new Problem("keywarden.key-sources", e.getMessage()));
      return null;
    }
  }

  /**
   * The core's message without the value it quotes at its end ({@code (was "...")}): a key source
   * is a header or cookie name, but an API key pasted into the list by mistake must not be printed.
   * The property path already says which entry it is.
   */
  private static String withoutValue(String message) {
    return message == null ? "invalid" : WAS.matcher(message).replaceFirst("");
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

  private static Map<DenyCode, Integer> statuses(Map<String, Integer> configured, List<Problem> problems) {
    Map<DenyCode, Integer> statuses = new EnumMap<>(DenyCode.class);
    AccessGuard.Builder check = AccessGuard.builder();
    configured.forEach((name, status) -> {
      // Several deny codes may answer with the same code (and so the same status property).
      List<DenyCode> codes = Arrays.stream(DenyCode.values())
          .filter(candidate -> candidate.code().equals(name.toLowerCase(Locale.ROOT))).toList();
      if (codes.isEmpty()) {
        problems.add(new Problem("keywarden.statuses", "unknown code " + PropertyText.quote(name) + "; expected one of "
            + Arrays.stream(DenyCode.values()).map(DenyCode::code).distinct().collect(Collectors.joining(", "))));
      } else if (status == null) {
        problems.add(new Problem("keywarden.statuses." + name, "must be a status between 400 and 599"));
      } else {
        try {
          codes.forEach(code -> check.status(code, status));
          codes.forEach(code -> statuses.put(code, status));
        } catch (IllegalArgumentException e) {
          problems.add(new Problem("keywarden.statuses." + name, e.getMessage()));
        }
      }
    });
    return statuses;
  }

  private static void checkRealm(String realm, List<Problem> problems) {
    try {
      // The filter owns the realm's rules; ask it on a throwaway guard instead of repeating them.
      KeywardenFilter.builder(AccessGuard.builder().build()).realm(realm);
    } catch (IllegalArgumentException | NullPointerException e) {
      problems.add(new Problem("keywarden.realm", e.getMessage()));
    }
  }

  private static void checkCache(KeywardenProperties.Cache cache, List<Problem> problems) {
    CachingApiKeyStore.Builder check = CachingApiKeyStore.builder(digest -> Optional.empty());
    try {
      check.ttl(cache.getTtl());
    } catch (IllegalArgumentException | NullPointerException e) {
      problems.add(new Problem("keywarden.cache.ttl", e.getMessage()));
    }
    try {
      check.maximumSize(cache.getMaximumSize());
    } catch (IllegalArgumentException e) {
      problems.add(new Problem("keywarden.cache.maximum-size", e.getMessage()));
    }
  }
}
